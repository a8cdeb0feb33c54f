import { expect, test } from './support/fixtures.ts'
import {
  api, createOrder, DAY_MS, frameLine, framesOf, gotoReady, login, openSocket, plusMs, sendSocket, timeTravel, waitReady,
} from './support/page.ts'

const RECEIVER = 'http://localhost:3000/api/webhooks/order-status'

test('a reload keeps the persona, the order, the clock and the webhook outbox; the lifecycle goes on after it', async ({ page }) => {
  await gotoReady(page)
  await login(page)
  await createOrder(page)
  await timeTravel(page, 'enable', { time: '2025-01-27T00:00:00Z', scale: 0 })
  await timeTravel(page, 'advance', { duration: '1d' })
  const order = (await api(page, 'GET', '/api/orders/ORD-1001')).body
  expect(order).toMatchObject({ status: 'shipped', tracking_number: 'TRACK001001' })
  const clock = (await api(page, 'GET', '/__mockforge/time-travel/status')).body
  expect(clock).toMatchObject({ enabled: true, current_time: '2025-01-28T00:00:00.000Z', scale_factor: 0 })
  await expect.poll(async () => (await api(page, 'GET', RECEIVER)).body.count).toBe(2) // order.created, order.shipped

  await page.reload()
  await waitReady(page)

  expect((await api(page, 'GET', '/api/v1/consistency/persona')).body.persona.id).toBe('user-123')
  expect((await api(page, 'GET', '/api/products')).headers['x-mockforge-persona']).toBe('user-123')
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body).toEqual(order)
  expect((await api(page, 'GET', '/__mockforge/time-travel/status')).body).toMatchObject({
    enabled: true, current_time: clock.current_time, scale_factor: 0,
  })
  // Nothing was delivered twice by the restart.
  const deliveries = (await api(page, 'GET', '/__mockforge/webhooks/deliveries')).body.deliveries as Array<{ event: string; status: string }>
  expect(deliveries.map((d) => `${d.event} ${d.status}`)).toEqual(['order.created delivered', 'order.shipped delivered'])
  expect((await api(page, 'GET', RECEIVER)).body.count).toBe(2)

  // The reloaded page's socket sees the persona and the lifecycle's next step.
  await openSocket(page, 'feed')
  await sendSocket(page, 'feed', { type: 'init', workspace: 'default' })
  await expect.poll(async () => (await framesOf(page, 'feed'))[0]?.persona?.id).toBe('user-123')
  await timeTravel(page, 'advance', { duration: '3d' })
  const delivered = (await api(page, 'GET', '/api/orders/ORD-1001')).body
  expect(delivered).toMatchObject({ status: 'delivered', shipped_at: order.shipped_at, delivered_at: plusMs(order.shipped_at, 3 * DAY_MS) })
  await expect.poll(async () => (await framesOf(page, 'feed')).map(frameLine)).toEqual(['init_ack default', 'order_status_update delivered'])
  await expect.poll(async () => (await api(page, 'GET', RECEIVER)).body.received.map((r: { event: string }) => r.event)).toEqual([
    'order.created', 'order.shipped', 'order.delivered',
  ])
})

test("an unmocked HTTP origin reaches the real server: the page reads the server's own answer", async ({ page, httpReceiver }) => {
  await gotoReady(page)
  const res = await api(page, 'GET', `${httpReceiver.url}/hello?from=page`)
  expect(res.status).toBe(200)
  expect(res.body).toEqual({ served_by: 'e2e-http-receiver', method: 'GET', path: '/hello?from=page', body: '' })
  expect(res.headers['x-served-by']).toBe('e2e-http-receiver')

  const posted = await api(page, 'POST', `${httpReceiver.url}/echo`, { ping: 1 })
  expect(posted.body).toMatchObject({ served_by: 'e2e-http-receiver', method: 'POST', path: '/echo', body: '{"ping":1}' })

  const seen = httpReceiver.requests.filter((r) => r.method !== 'OPTIONS')
  expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /hello?from=page', 'POST /echo'])
  expect(seen[0]?.headers.origin).toBe(new URL(page.url()).origin)
})

test('an unmocked WebSocket URL reaches the real server, next to a mocked one', async ({ page, echoServer }) => {
  await gotoReady(page)
  await openSocket(page, 'real', echoServer.url)
  await sendSocket(page, 'real', 'hello from the page')
  await expect.poll(() => framesOf(page, 'real')).toEqual(['echo: hello from the page'])
  expect(echoServer.received).toEqual(['hello from the page'])
  expect(echoServer.handshakes).toHaveLength(1)
  expect(echoServer.handshakes[0]?.origin).toBe(new URL(page.url()).origin)

  // The mocked socket still works in the same page, and the real one never saw its traffic.
  await openSocket(page, 'mock')
  await sendSocket(page, 'mock', { type: 'ping' })
  await expect.poll(() => framesOf(page, 'mock')).toEqual([{ type: 'pong' }])
  expect(echoServer.received).toEqual(['hello from the page'])
})

test('sockets the page makes are still `instanceof WebSocket`, mocked or real', async ({ page, echoServer }) => {
  await gotoReady(page)
  await openSocket(page, 'real', echoServer.url)
  await openSocket(page, 'mock')
  const checks = await page.evaluate(() => {
    const sockets = (window as unknown as { e2eHarness: { sockets: Record<string, WebSocket> } }).e2eHarness.sockets
    const check = (ws: WebSocket | undefined) => ({ instanceOf: ws instanceof WebSocket, constructor: ws?.constructor.name, OPEN: ws?.OPEN })
    return { real: check(sockets.real), mock: check(sockets.mock) }
  })
  expect(checks).toMatchObject({ real: { instanceOf: true, OPEN: 1 }, mock: { instanceOf: true, OPEN: 1 } })
})

test('static assets are not mocked; unknown /api routes are', async ({ page }) => {
  await gotoReady(page)
  const html = await api(page, 'GET', '/index.html')
  expect(html.status).toBe(200)
  expect(html.contentType).toContain('text/html')
  expect(html.text).toMatch(/<html/i)
  expect(html.headers['x-mockforge-request-id']).toBeUndefined()

  const worker = await api(page, 'GET', '/mockServiceWorker.js')
  expect(worker.status).toBe(200)
  expect(worker.contentType).toMatch(/javascript/)
  expect(worker.text).toContain('Mock Service Worker')

  const unknown = await api(page, 'GET', '/api/nothing-here')
  expect(unknown.status).toBe(404)
  expect(unknown.contentType).toContain('application/json')
  expect(unknown.body.error).toBe('route_not_found')
})

test("the app's own requests go past the Service Worker by its static routes; the mock's go to its fetch handler", async ({ page }) => {
  await gotoReady(page)
  // A reload, so that the page is controlled by the worker from its first request.
  await page.reload()
  await waitReady(page)
  const sources = await page.evaluate(async () => {
    const source = async (url: string) => {
      await (await fetch(url, { cache: 'no-store' })).text()
      const entry = performance.getEntriesByName(new URL(url, location.href).href).at(-1) as PerformanceResourceTiming & { workerMatchedSourceType?: string }
      return entry.workerMatchedSourceType ?? 'unknown'
    }
    return {
      controlled: navigator.serviceWorker.controller !== null,
      asset: await source('/favicon.svg'),
      module: await source('/src/core/engine/engine.ts'),
      mocked: await source('/api/products'),
      backend: await source('http://localhost:3000/api/products'),
    }
  })
  expect(sources).toEqual({ controlled: true, asset: 'network', module: 'network', mocked: 'fetch-event', backend: 'fetch-event' })
})

test('a database written by the previous storage format (one lifecycle record per entity) opens with every lifecycle', async ({ page }) => {
  await gotoReady(page, '/e2e/fixtures/start-stop.html')
  await login(page)
  await createOrder(page)
  await timeTravel(page, 'enable', { time: '2025-01-27T00:00:00Z', scale: 0 })
  await timeTravel(page, 'advance', { duration: '1d' })
  const shipped = (await api(page, 'GET', '/api/orders/ORD-1001')).body
  expect(shipped.status).toBe('shipped')

  // Copy the world into a version-3 database, lifecycles one record per entity as version 3 kept them.
  await page.evaluate(async () => {
    await (window as any).verisim.stop()
    const { copyAsOlder } = await import('/e2e/fixtures/older-database.ts' as string)
    await copyAsOlder('verisim:start-stop', 'verisim:format-3', 3, {
      records: (table: string, key: IDBValidKey, value: any) =>
        table !== 'lifecycles' ? [[key, value]] : Object.entries(value.lifecycles).map(([entity, lifecycle]) => [entity, { key: entity, ...(lifecycle as object) }]),
    })
    const { startVerisim } = await import('/src/browser/start.ts' as string)
    ;(window as any).verisim = await startVerisim({ scenario: (window as any).scenarioFiles, database: 'verisim:format-3' })
  })

  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body).toEqual(shipped)
  await timeTravel(page, 'advance', { duration: '3d' })
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body).toMatchObject({ status: 'delivered', tracking_number: 'TRACK001001' })
})

test('a database of storage format 4 (no link index, no due records) opens with every entity, link and lifecycle, and steps on', async ({ page }) => {
  await gotoReady(page, '/e2e/fixtures/start-stop.html')
  await login(page)
  await createOrder(page)
  await createOrder(page)
  await timeTravel(page, 'enable', { time: '2025-01-27T00:00:00Z', scale: 0 })
  await timeTravel(page, 'advance', { duration: '1d' })
  const shipped = (await api(page, 'GET', '/api/orders/ORD-1001')).body
  expect(shipped).toMatchObject({ status: 'shipped', payment_ids: ['PAY-5001'] })
  const listed = (await api(page, 'GET', '/api/orders')).body

  // Copy the world into a version-4 database as version 4 kept it: no due records, no refs on
  // entities and no index on them, no highest ordinal.
  await page.evaluate(async () => {
    await (window as any).verisim.stop()
    const { copyAsOlder } = await import('/e2e/fixtures/older-database.ts' as string)
    await copyAsOlder('verisim:start-stop', 'verisim:format-4', 4, {
      tables: (table: string) => table !== 'dues',
      records: (table: string, key: IDBValidKey, value: any) => {
        if (table === 'meta') return key === 'version' ? [[key, value]] : []
        const { refs: _refs, ...entity } = value
        return [[key, table === 'entities' ? entity : value]]
      },
    })
    const { startVerisim } = await import('/src/browser/start.ts' as string)
    ;(window as any).verisim = await startVerisim({ scenario: (window as any).scenarioFiles, database: 'verisim:format-4' })
  })

  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body).toEqual(shipped)
  expect((await api(page, 'GET', '/api/orders')).body).toEqual(listed)
  const created = (await createOrder(page)).body
  expect(created).toMatchObject({ id: 'ORD-1003', payment_ids: ['PAY-5003'] })
  await timeTravel(page, 'advance', { duration: '3d' })
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body).toMatchObject({ status: 'delivered', tracking_number: 'TRACK001001' })

  // Read again from the converted database, with what the engine stored since.
  const after = (await api(page, 'GET', '/api/orders')).body
  await page.evaluate(async () => {
    await (window as any).verisim.stop()
    const { startVerisim } = await import('/src/browser/start.ts' as string)
    ;(window as any).verisim = await startVerisim({ scenario: (window as any).scenarioFiles, database: 'verisim:format-4' })
  })
  expect((await api(page, 'GET', '/api/orders/ORD-1002')).body).toEqual(after.orders[1])
  expect((await api(page, 'GET', '/api/orders')).body).toEqual(after)
})
