import { createHmac } from 'node:crypto'
import type { Page } from '@playwright/test'
import { expect, test } from './support/fixtures.ts'
import type { HttpReceiver } from './support/http-receiver.ts'
import { api, createOrder, gotoReady, login, timeTravel, waitReady, type Json } from './support/page.ts'

const SECRET = 'whsec_e2e'

/** Registers the receiver at run time, as a test suite would; resolves with the endpoint's id. */
async function register(page: Page, url: string, events: string[]): Promise<string> {
  const res = await api(page, 'POST', '/__mockforge/webhooks', { url, events, secret: SECRET, name: 'e2e' })
  expect(res.status).toBe(201)
  return res.body.id as string
}

async function deliveriesOf(page: Page, endpoint: string): Promise<Json[]> {
  return ((await api(page, 'GET', '/__mockforge/webhooks/deliveries')).body.deliveries as Json[]).filter((d) => d.endpoint === endpoint)
}

const posts = (receiver: HttpReceiver) => receiver.requests.filter((r) => r.method === 'POST')
const header = (value: string | string[] | undefined) => String(value)

/** The bare host page, restarted on a scenario that retries fast (300 ms, doubling to 1 s). */
async function fastRetries(page: Page): Promise<void> {
  await gotoReady(page, '/e2e/fixtures/start-stop.html')
  await page.evaluate(async () => {
    const w = window as any
    await w.verisim.stop()
    // The scenario's compiled validators are functions: only its config is copied to change.
    const files = { ...w.scenarioFiles, config: structuredClone(w.scenarioFiles.config) }
    files.config.webhooks.retry = { max_attempts: 3, initial_delay: '300ms', max_delay: '1s' }
    const { startVerisim } = await import('/src/browser/start.ts' as string)
    w.verisim = await startVerisim({ scenario: files, database: 'verisim:fast-retries' })
  })
}

test('a real receiver gets every event of an order lifecycle once, in order, each signature verifying', async ({ page, httpReceiver }) => {
  await gotoReady(page)
  const endpoint = await register(page, `${httpReceiver.url}/hooks`, ['order.*', 'payment.received'])
  await login(page)
  await createOrder(page, 'prod-123', 1)
  await timeTravel(page, 'enable', { time: '2025-01-27T00:00:00Z', scale: 0 })
  await timeTravel(page, 'advance', { duration: '30d' })

  await expect.poll(() => posts(httpReceiver).length, { timeout: 15_000 }).toBe(6)
  const received = posts(httpReceiver)
  const orderEvents = received.map((r) => header(r.headers['x-webhook-event'])).filter((e) => e.startsWith('order.'))
  expect(orderEvents).toEqual(['order.created', 'order.processing', 'order.shipped', 'order.delivered', 'order.completed'])
  expect(received.filter((r) => r.headers['x-webhook-event'] === 'payment.received')).toHaveLength(1)
  expect(new Set(received.map((r) => r.headers['x-webhook-id'])).size).toBe(6)
  for (const request of received) {
    const expected = createHmac('sha256', SECRET).update(`${header(request.headers['x-webhook-timestamp'])}.${request.body}`).digest('hex')
    expect(request.headers['x-webhook-signature']).toBe(`sha256=${expected}`)
  }
  const shipped = JSON.parse(received.find((r) => r.headers['x-webhook-event'] === 'order.shipped')?.body ?? '{}')
  expect(shipped).toMatchObject({ event: 'order.shipped', order_id: 'ORD-1001', user_id: 'user-123', status: 'shipped', tracking_number: 'TRACK001001' })
  await expect.poll(async () => (await deliveriesOf(page, endpoint)).map((d) => `${d.status} ${d.attempts}`)).toEqual(Array(6).fill('delivered 1'))
})

test('a receiver failing twice then recovering gets the delivery exactly once, under one id', async ({ page, httpReceiver }) => {
  await fastRetries(page)
  httpReceiver.failNext(2)
  const endpoint = await register(page, `${httpReceiver.url}/hooks`, ['order.created'])
  await login(page)
  await createOrder(page, 'prod-123', 1)
  await expect.poll(async () => (await deliveriesOf(page, endpoint)).map((d) => `${d.status} ${d.attempts}`), { timeout: 15_000 }).toEqual(['delivered 3'])
  const attempts = posts(httpReceiver)
  expect(attempts.map((r) => r.status)).toEqual([503, 503, 200])
  expect(new Set(attempts.map((r) => r.headers['x-webhook-id'])).size).toBe(1)
})

test('a receiver without CORS headers shows up as a dead delivery with a clear reason', async ({ page, httpReceiver }) => {
  await fastRetries(page)
  const endpoint = await register(page, `${httpReceiver.url}/no-cors/hooks`, ['order.created'])
  await login(page)
  await createOrder(page, 'prod-123', 1)
  await expect.poll(async () => (await deliveriesOf(page, endpoint))[0]?.status, { timeout: 15_000 }).toBe('dead')
  const [dead] = await deliveriesOf(page, endpoint)
  expect(dead).toMatchObject({ attempts: 3, next_attempt_at: null })
  expect(dead?.last_error).toMatch(/^Could not reach http:\/\/127\.0\.0\.1:\d+\/no-cors\/hooks: .*\(a network error, or the receiver does not allow CORS\)\. Gave up after 3 attempts\.$/)
  // The browser never let the POST through: only its CORS preflights reached the server.
  expect(posts(httpReceiver)).toEqual([])
  expect(httpReceiver.requests.every((r) => r.method === 'OPTIONS')).toBe(true)
})

test('a reload while a retry is pending still delivers once', async ({ page, httpReceiver }) => {
  await gotoReady(page)
  httpReceiver.failNext(1)
  const endpoint = await register(page, `${httpReceiver.url}/hooks`, ['order.created'])
  await login(page)
  await createOrder(page, 'prod-123', 1)
  await expect.poll(async () => (await deliveriesOf(page, endpoint)).map((d) => `${d.status} ${d.attempts}`)).toEqual(['pending 1'])
  await page.reload()
  await waitReady(page)
  // The default backoff is 5 s: the reloaded page's engine picks the retry up and sends it when due.
  await expect.poll(async () => (await deliveriesOf(page, endpoint)).map((d) => `${d.status} ${d.attempts}`), { timeout: 20_000 }).toEqual(['delivered 2'])
  const attempts = posts(httpReceiver)
  expect(attempts.map((r) => r.status)).toEqual([503, 200])
  expect(new Set(attempts.map((r) => r.headers['x-webhook-id'])).size).toBe(1)
})

test('two tabs, one receiver: every delivery is sent once, no X-Webhook-Id twice', async ({ page, context, httpReceiver }) => {
  const other = await context.newPage()
  await gotoReady(page)
  await gotoReady(other)
  const endpoint = await register(page, `${httpReceiver.url}/hooks`, ['order.*'])
  await login(page)
  for (const tab of [page, other, page, other]) expect((await createOrder(tab, 'prod-123', 1)).status).toBe(201)
  await timeTravel(other, 'enable', { time: '2025-01-27T00:00:00Z', scale: 0 })
  await timeTravel(page, 'advance', { duration: '7d' })
  // 4 orders × created, processing, shipped, delivered.
  await expect.poll(() => posts(httpReceiver).length, { timeout: 15_000 }).toBe(16)
  const ids = posts(httpReceiver).map((r) => r.headers['x-webhook-id'])
  expect(new Set(ids).size).toBe(16)
  await expect.poll(async () => (await deliveriesOf(other, endpoint)).every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true)
})
