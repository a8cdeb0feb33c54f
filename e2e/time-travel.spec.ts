import { expect, test } from './support/fixtures.ts'
import {
  api, createOrder, DAY_MS, frameLine, framesOf, gotoReady, listenWebhooks, login, openSocket, plusMs, sendSocket, timeTravel, webhooksOf,
} from './support/page.ts'

const JAN_27 = '2025-01-27T00:00:00Z'

test("the seed's walk: order first, then enable at 2025-01-27 and advance 1d, 3d, 7d", async ({ page }) => {
  // The page's wall clock is pinned so the re-labelled instants are exact (in real time, the
  // milliseconds between creating the order and enabling time travel would show in them).
  await page.clock.setFixedTime('2026-03-01T12:00:00Z')
  await gotoReady(page)
  await login(page)
  const created = await createOrder(page)
  expect(created.body).toMatchObject({ id: 'ORD-1001', status: 'pending', created_at: '2026-03-01T12:00:00.000Z' })

  const enabled = await timeTravel(page, 'enable', { time: JAN_27 })
  expect(enabled.status).toBe(200)
  expect(enabled.body).toMatchObject({ success: true, status: { enabled: true, current_time: '2025-01-27T00:00:00.000Z' } })
  const status = await api(page, 'GET', '/__mockforge/time-travel/status')
  expect(status.body).toMatchObject({ enabled: true, current_time: '2025-01-27T00:00:00.000Z', scale_factor: 1 })
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body).toMatchObject({ status: 'processing', created_at: '2025-01-27T00:00:00.000Z' })

  const advanced = await timeTravel(page, 'advance', { duration: '1d' })
  expect(advanced.body).toMatchObject({ success: true, status: { enabled: true, current_time: '2025-01-28T00:00:00.000Z' } })
  const shipped = await api(page, 'GET', '/api/orders/ORD-1001')
  expect(shipped.body).toMatchObject({
    id: 'ORD-1001',
    status: 'shipped',
    tracking_number: 'TRACK001001',
    created_at: '2025-01-27T00:00:00.000Z',
    shipped_at: '2025-01-28T00:00:00.000Z',
  })
  expect(shipped.body.delivered_at).toBeUndefined()

  await timeTravel(page, 'advance', { duration: '3d' })
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body).toMatchObject({ status: 'delivered', delivered_at: '2025-01-31T00:00:00.000Z' })
  await timeTravel(page, 'advance', { duration: '7d' })
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body).toMatchObject({
    status: 'completed',
    shipped_at: '2025-01-28T00:00:00.000Z',
    delivered_at: '2025-01-31T00:00:00.000Z',
    completed_at: '2025-02-07T00:00:00.000Z',
  })
})

test('in real time, the same walk keeps exact day gaps between milestones', async ({ page }) => {
  await gotoReady(page)
  await login(page)
  await createOrder(page)
  await timeTravel(page, 'enable', { time: JAN_27 })
  await timeTravel(page, 'advance', { duration: '1d' })
  const shipped = (await api(page, 'GET', '/api/orders/ORD-1001')).body
  expect(shipped).toMatchObject({ status: 'shipped', tracking_number: 'TRACK001001' })
  // Created a few real milliseconds before the calendar was pinned to Jan 27, so shown just before it.
  const createdAt = Date.parse(shipped.created_at)
  expect(createdAt).toBeLessThanOrEqual(Date.parse(JAN_27))
  expect(createdAt).toBeGreaterThan(Date.parse(JAN_27) - 60_000)
  expect(shipped.shipped_at).toBe(plusMs(shipped.created_at, DAY_MS))

  await timeTravel(page, 'advance', { duration: '3d' })
  await timeTravel(page, 'advance', { duration: '7d' })
  const completed = (await api(page, 'GET', '/api/orders/ORD-1001')).body
  expect(completed.status).toBe('completed')
  expect(completed.delivered_at).toBe(plusMs(shipped.created_at, 4 * DAY_MS))
  expect(completed.completed_at).toBe(plusMs(shipped.created_at, 11 * DAY_MS))
})

test('one advance of 30d from pending emits every step, across orders, in time order with its own instant', async ({ page }) => {
  await gotoReady(page)
  await login(page)
  await listenWebhooks(page)
  await openSocket(page, 'feed')
  await sendSocket(page, 'feed', { type: 'init', workspace: 'default' })
  await expect.poll(() => framesOf(page, 'feed')).toHaveLength(1)

  await timeTravel(page, 'enable', { time: JAN_27, scale: 0 })
  await createOrder(page, 'prod-123', 1)
  await timeTravel(page, 'advance', { duration: '12h' })
  await createOrder(page, 'prod-124', 1)
  await expect.poll(async () => (await framesOf(page, 'feed')).length).toBe(7)

  const advanced = await timeTravel(page, 'advance', { duration: '30d' })
  expect(advanced.body.status.current_time).toBe('2025-02-26T12:00:00.000Z')

  const line = (f: Record<string, unknown>) => `${String(f.timestamp)} ${String(f.order_id)} ${String(f.status)}`
  await expect.poll(async () => (await framesOf(page, 'feed')).slice(7).map(line)).toEqual([
    '2025-01-28T00:00:00.000Z ORD-1001 shipped',
    '2025-01-28T12:00:00.000Z ORD-1002 shipped',
    '2025-01-31T00:00:00.000Z ORD-1001 delivered',
    '2025-01-31T12:00:00.000Z ORD-1002 delivered',
    '2025-02-07T00:00:00.000Z ORD-1001 completed',
    '2025-02-07T12:00:00.000Z ORD-1002 completed',
  ])
  const frames = await framesOf(page, 'feed')
  expect(frames.slice(0, 7).map(frameLine)).toEqual([
    'init_ack default',
    'order_created pending',
    'payment_received 49.99',
    'order_status_update processing',
    'order_created pending',
    'payment_received 199',
    'order_status_update processing',
  ])
  expect(frames[7]).toMatchObject({ type: 'order_status_update', tracking_number: 'TRACK001001' })
  expect(frames[8]).toMatchObject({ type: 'order_status_update', tracking_number: 'TRACK001002' })

  // The webhooks of the config endpoint (created, shipped, delivered) follow the same order and instants.
  const hookLine = (h: Record<string, any>) => `${h.body.timestamp} ${h.body.order_id} ${h.event}`
  await expect.poll(async () => (await webhooksOf(page)).map(hookLine)).toEqual([
    '2025-01-27T00:00:00.000Z ORD-1001 order.created',
    '2025-01-27T12:00:00.000Z ORD-1002 order.created',
    '2025-01-28T00:00:00.000Z ORD-1001 order.shipped',
    '2025-01-28T12:00:00.000Z ORD-1002 order.shipped',
    '2025-01-31T00:00:00.000Z ORD-1001 order.delivered',
    '2025-01-31T12:00:00.000Z ORD-1002 order.delivered',
  ])
})

test('bad durations are 400 invalid_duration and leave the clock alone', async ({ page }) => {
  await gotoReady(page)
  for (const duration of ['-30m', 'soon', '']) {
    const res = await timeTravel(page, 'advance', { duration })
    expect(res.status, `advance ${JSON.stringify(duration)}`).toBe(400)
    expect(res.body).toMatchObject({ error: 'invalid_duration', message: expect.any(String) })
  }
  const missing = await timeTravel(page, 'advance', {})
  expect(missing.status).toBe(400)
  expect(missing.body.error).toBe('invalid_duration')
  const badTime = await timeTravel(page, 'enable', { time: 'tomorrow' })
  expect(badTime.status).toBe(400)
  expect(badTime.body.error).toBe('invalid_time')
  expect((await api(page, 'GET', '/__mockforge/time-travel/status')).body.enabled).toBe(false)

  // A well-formed advance while disabled enables time travel and moves it.
  const before = Date.parse((await api(page, 'GET', '/__mockforge/time-travel/status')).body.current_time)
  const ok = await timeTravel(page, 'advance', { duration: '+2 hours' })
  expect(ok.status).toBe(200)
  expect(ok.body.status.enabled).toBe(true)
  expect(Date.parse(ok.body.status.current_time) - before).toBeGreaterThanOrEqual(2 * 3_600_000)
  expect(Date.parse(ok.body.status.current_time) - before).toBeLessThan(2 * 3_600_000 + 60_000)
})

test('while time runs, a step that comes due is pushed to the socket when it comes due, with no request to prompt it', async ({ page }) => {
  // The bare host page: no clock polling that would prompt a catch-up.
  await gotoReady(page, '/e2e/fixtures/start-stop.html')
  await login(page)
  await openSocket(page, 'feed')
  await sendSocket(page, 'feed', { type: 'init', workspace: 'default' })
  const created = (await createOrder(page)).body
  // Half a virtual day per real second: shipped (1 d after processing) comes due ~2 s from now.
  await timeTravel(page, 'enable', { time: JAN_27, scale: 43_200 })
  const requestsBefore = await page.evaluate(() => performance.getEntriesByType('resource').length)
  await expect.poll(async () => (await framesOf(page, 'feed')).map(frameLine), { timeout: 15_000 }).toContain('order_status_update shipped')
  // Nothing asked: the page made no request while waiting.
  expect(await page.evaluate(() => performance.getEntriesByType('resource').length)).toBe(requestsBefore)
  const shipped = (await framesOf(page, 'feed')).find((f) => f.status === 'shipped')
  expect(shipped?.timestamp).toBe(plusMs((await api(page, 'GET', '/api/orders/ORD-1001')).body.processing_at, DAY_MS))
  expect(created.id).toBe('ORD-1001')
})
