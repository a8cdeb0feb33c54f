import { expect, test } from './support/fixtures.ts'
import {
  api, BACKEND, createOrder, DAY_MS, frameLine, framesOf, gotoReady, listenWebhooks, login, openSocket, plusMs, sendSocket, socketState,
  timeTravel, webhooksOf,
} from './support/page.ts'

const RECEIVER = `${BACKEND}/api/webhooks/order-status`

test.beforeEach(async ({ page }) => {
  await gotoReady(page)
})

test("a page socket to ws://localhost:3001 gets init_ack, then the order's frames, then its lifecycle after 30d", async ({ page }) => {
  await login(page)
  await openSocket(page, 'feed', 'ws://localhost:3001')
  await sendSocket(page, 'feed', { type: 'init', workspace: 'default' })
  await expect.poll(() => framesOf(page, 'feed')).toEqual([
    { type: 'init_ack', workspace: 'default', persona: { id: 'user-123', name: 'Demo User', email: 'user@example.com' } },
  ])

  const created = await createOrder(page)
  expect(created.status).toBe(201)
  const at = created.body.created_at as string
  await expect.poll(async () => (await framesOf(page, 'feed')).slice(1)).toEqual([
    { type: 'order_created', order_id: 'ORD-1001', status: 'pending', timestamp: at },
    { type: 'payment_received', order_id: 'ORD-1001', payment_id: 'PAY-5001', amount: 99.98, timestamp: at },
    { type: 'order_status_update', order_id: 'ORD-1001', status: 'processing', timestamp: at },
  ])

  expect((await timeTravel(page, 'advance', { duration: '30d' })).status).toBe(200)
  await expect.poll(async () => (await framesOf(page, 'feed')).slice(4)).toEqual([
    { type: 'order_status_update', order_id: 'ORD-1001', status: 'shipped', tracking_number: 'TRACK001001', timestamp: plusMs(at, DAY_MS) },
    { type: 'order_status_update', order_id: 'ORD-1001', status: 'delivered', tracking_number: 'TRACK001001', timestamp: plusMs(at, 4 * DAY_MS) },
    { type: 'order_status_update', order_id: 'ORD-1001', status: 'completed', tracking_number: 'TRACK001001', timestamp: plusMs(at, 11 * DAY_MS) },
  ])
  expect((await socketState(page, 'feed')).readyState).toBe(1)
})

test('sockets only carry their own workspace, on / and on /ws', async ({ page }) => {
  await login(page)
  await openSocket(page, 'default', 'ws://localhost:3001/')
  await openSocket(page, 'teamB', 'ws://localhost:3001/ws')
  await sendSocket(page, 'default', { type: 'init', workspace: 'default' })
  await sendSocket(page, 'teamB', { type: 'init', workspace: 'team-b' })
  await expect.poll(() => framesOf(page, 'teamB')).toEqual([{ type: 'init_ack', workspace: 'team-b', persona: null }])

  await createOrder(page, 'prod-123', 1)
  await expect.poll(async () => (await framesOf(page, 'default')).map(frameLine)).toEqual([
    'init_ack default', 'order_created pending', 'payment_received 49.99', 'order_status_update processing',
  ])
  // team-b's own order arrives after default's facts were published, so nothing of default's slipped in before it.
  const teamB = await api(page, 'POST', '/api/auth/login', { email: 'casey@example.com', password: 'password456' }, { 'X-MockForge-Workspace': 'team-b' })
  expect(teamB.status).toBe(200)
  const order = await createOrder(page, 'prod-201', 1, '', { 'X-MockForge-Workspace': 'team-b' })
  expect(order.body).toMatchObject({ id: 'ORD-1001', user_id: 'user-456' })
  await expect.poll(async () => (await framesOf(page, 'teamB')).map(frameLine)).toEqual([
    'init_ack team-b', 'order_created pending', 'payment_received 24', 'order_status_update processing',
  ])
  expect((await framesOf(page, 'default')).length).toBe(4)
})

test('a malformed or unknown message gets an error frame and the socket stays open', async ({ page }) => {
  await openSocket(page, 'feed')
  await sendSocket(page, 'feed', 'not json')
  await sendSocket(page, 'feed', { type: 'subscribe' })
  await sendSocket(page, 'feed', { type: 'init', workspace: '../etc' })
  await expect.poll(() => framesOf(page, 'feed')).toEqual([
    { type: 'error', error: 'invalid_message', message: expect.any(String) },
    { type: 'error', error: 'unknown_message_type', message: expect.any(String) },
    { type: 'error', error: 'invalid_workspace', message: expect.any(String) },
  ])
  expect(await socketState(page, 'feed')).toEqual({ readyState: 1, closed: null })

  await sendSocket(page, 'feed', { type: 'init', workspace: 'default' })
  await expect.poll(async () => (await framesOf(page, 'feed'))[3]).toEqual({ type: 'init_ack', workspace: 'default', persona: null })
})

test('webhooks: the inspector channel carries order.created, .shipped, .delivered, and the receiver URL records them', async ({ page }) => {
  await listenWebhooks(page)
  await login(page)
  await timeTravel(page, 'enable', { time: '2025-01-27T00:00:00Z', scale: 0 })
  await createOrder(page)
  await timeTravel(page, 'advance', { duration: '30d' })

  await expect.poll(async () => (await webhooksOf(page)).map((h) => h.event)).toEqual(['order.created', 'order.shipped', 'order.delivered'])
  const hooks = await webhooksOf(page)
  const stamps = ['2025-01-27T00:00:00.000Z', '2025-01-28T00:00:00.000Z', '2025-01-31T00:00:00.000Z']
  hooks.forEach((hook, i) => {
    expect(hook).toMatchObject({ workspace: 'default', endpoint: 'order_status_update', url: RECEIVER })
    expect(hook.headers['X-Webhook-Event']).toBe(hook.event)
    expect(hook.headers['X-Webhook-Id']).toBe(hook.delivery_id)
    expect(hook.body).toMatchObject({ event: hook.event, order_id: 'ORD-1001', user_id: 'user-123', timestamp: stamps[i] })
  })
  expect(hooks[0]?.body.status).toBe('pending')
  expect(hooks[1]?.body).toMatchObject({ status: 'shipped', tracking_number: 'TRACK001001' })
  expect(hooks[2]?.body.status).toBe('delivered')
  const ids = hooks.map((h) => h.delivery_id as string)
  expect(new Set(ids).size).toBe(3)

  // The mock serves the receiver URL itself, so it recorded what it was sent.
  await expect.poll(async () => (await api(page, 'GET', RECEIVER)).body.count).toBe(3)
  const received = (await api(page, 'GET', RECEIVER)).body
  expect(received.received.map((r: { event: string; webhook_id: string }) => [r.event, r.webhook_id])).toEqual([
    ['order.created', ids[0]],
    ['order.shipped', ids[1]],
    ['order.delivered', ids[2]],
  ])
  expect(received.received[1].body).toEqual(hooks[1]?.body)

  await expect.poll(async () => (await api(page, 'GET', '/__mockforge/webhooks/deliveries')).body.deliveries.map((d: { status: string }) => d.status))
    .toEqual(['delivered', 'delivered', 'delivered'])
  const deliveries = (await api(page, 'GET', '/__mockforge/webhooks/deliveries')).body.deliveries as Array<Record<string, any>>
  expect(deliveries.map((d) => [d.id, d.event, d.endpoint, d.url, d.response_status])).toEqual([
    [ids[0], 'order.created', 'order_status_update', RECEIVER, 200],
    [ids[1], 'order.shipped', 'order_status_update', RECEIVER, 200],
    [ids[2], 'order.delivered', 'order_status_update', RECEIVER, 200],
  ])
})
