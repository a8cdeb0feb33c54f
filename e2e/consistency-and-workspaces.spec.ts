import { expect, test } from './support/fixtures.ts'
import { api, BACKEND, createOrder, DAY_MS, frameLine, framesOf, gotoReady, login, openSocket, plusMs, sendSocket, timeTravel, waitReady } from './support/page.ts'

const TEAM_B = { 'X-MockForge-Workspace': 'team-b' }
const CONSISTENCY = '/api/v1/consistency'

test.beforeEach(async ({ page }) => {
  await gotoReady(page)
})

test('the same flow in default and team-b never sees the other: personas, orders, clocks, the graph, deliveries', async ({ page }) => {
  await login(page)
  expect((await createOrder(page, 'prod-123', 1)).body).toMatchObject({ id: 'ORD-1001', user_id: 'user-123' })
  const casey = await api(page, 'POST', '/api/auth/login', { email: 'casey@example.com', password: 'password456' }, TEAM_B)
  expect(casey.status).toBe(200)
  expect((await createOrder(page, 'prod-201', 2, '', TEAM_B)).body).toMatchObject({ id: 'ORD-1001', user_id: 'user-456', total: 48 })

  // Each workspace has its own persona and its own ORD-1001.
  expect((await api(page, 'GET', `${CONSISTENCY}/persona`)).body.persona.id).toBe('user-123')
  expect((await api(page, 'GET', `${CONSISTENCY}/persona?workspace=team-b`)).body.persona.id).toBe('user-456')
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body.product_id).toBe('prod-123')
  expect((await api(page, 'GET', '/api/orders/ORD-1001', undefined, TEAM_B)).body.product_id).toBe('prod-201')
  const graph = async (workspace: string) =>
    Object.keys((await api(page, 'GET', `${CONSISTENCY}/state?workspace=${workspace}`)).body.entity_state).sort()
  expect(await graph('default')).toEqual(['order:ORD-1001', 'payment:PAY-5001', 'user:user-123'])
  expect(await graph('team-b')).toEqual(['order:ORD-1001', 'payment:PAY-5001', 'user:user-456'])

  // A clock per workspace: advancing team-b's leaves default's order where it was.
  await timeTravel(page, 'enable', { time: '2025-01-27T00:00:00Z', scale: 0 })
  expect((await api(page, 'POST', '/__mockforge/time-travel/advance', { duration: '2d' }, TEAM_B)).status).toBe(200)
  expect((await api(page, 'GET', '/api/orders/ORD-1001', undefined, TEAM_B)).body.status).toBe('shipped')
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body.status).toBe('processing')
  expect((await api(page, 'GET', '/__mockforge/time-travel/status')).body.current_time).toBe('2025-01-27T00:00:00.000Z')

  // Deliveries are the workspace's own.
  const events = async (headers: Record<string, string>) =>
    ((await api(page, 'GET', '/__mockforge/webhooks/deliveries', undefined, headers)).body.deliveries as Array<{ event: string; workspace: string }>).map((d) => `${d.workspace} ${d.event}`)
  expect(await events({})).toEqual(['default order.created'])
  expect(await events(TEAM_B)).toEqual(['team-b order.created', 'team-b order.shipped'])
})

test("a persona's token works in any workspace; another user's order is 404; no persona and no token is 401", async ({ page }) => {
  const token = (await login(page)).body.token as string
  await createOrder(page, 'prod-123', 1)
  // Casey logs in in team-b and looks for user-123's order in default with her own token.
  const caseyToken = (await api(page, 'POST', '/api/auth/login', { email: 'casey@example.com', password: 'password456' }, TEAM_B)).body.token as string
  const theirs = await api(page, 'GET', `${BACKEND}/api/orders/ORD-1001`, undefined, { Authorization: `Bearer ${caseyToken}` })
  expect(theirs.status).toBe(404)
  expect(theirs.body.error).toBe('order_not_found')
  const mine = await api(page, 'GET', `${BACKEND}/api/orders/ORD-1001`, undefined, { Authorization: `Bearer ${token}`, ...TEAM_B })
  // user-123's token in team-b: its order lives in default, so team-b has none.
  expect(mine.status).toBe(404)
  const noOne = await api(page, 'GET', '/api/orders', undefined, { 'X-MockForge-Workspace': 'team-c' })
  expect(noOne.status).toBe(401)
  expect(noOne.body).toEqual({ error: 'unauthorized', message: expect.stringContaining('Log in first') })
  const expired = await api(page, 'GET', '/api/auth/me', undefined, { Authorization: `Bearer ${token.slice(0, -4)}AAAA` })
  expect(expired.status).toBe(401)
})

test('the subscription on the persona: a failed payment set through the consistency API, 30 days, past_due on HTTP and the socket', async ({ page }) => {
  // The clock first: the persona's subscription starts when it first acts, at 2025-01-27 exactly.
  await timeTravel(page, 'enable', { time: '2025-01-27T00:00:00Z', scale: 0 })
  await login(page)
  expect((await api(page, 'GET', '/api/billing/subscription')).body).toMatchObject({ status: 'active', billing_status: 'active', plan: 'premium' })
  await openSocket(page, 'feed')
  await sendSocket(page, 'feed', { type: 'init', workspace: 'default' })
  await expect.poll(async () => (await framesOf(page, 'feed')).map(frameLine)).toEqual(['init_ack default'])

  const upsert = await api(page, 'POST', `${CONSISTENCY}/entities`, { entity_type: 'user', entity_id: 'user-123', data: { payment_failed_count: 1 } })
  expect(upsert.body).toMatchObject({ success: true, created: false, entity: { entity_id: 'user-123', data: { payment_failed_count: 1 } } })
  expect((await api(page, 'GET', `${CONSISTENCY}/persona/lifecycle`)).body.next_transition).toEqual({ to: 'past_due', at: '2025-02-26T00:00:00.000Z' })

  await timeTravel(page, 'advance', { duration: '30d' })
  const subscription = (await api(page, 'GET', '/api/billing/subscription')).body
  expect(subscription).toMatchObject({ status: 'past_due', billing_status: 'failed', last_payment_failed: true, payment_failed_count: 1 })
  expect(subscription.status_since).toBe(plusMs('2025-01-27T00:00:00.000Z', 30 * DAY_MS))
  expect((await api(page, 'GET', '/api/support')).body).toMatchObject({ support_tier: 'billing', ticket_type: 'payment_issue' })
  await expect.poll(async () => (await framesOf(page, 'feed')).slice(1)).toEqual([
    { type: 'subscription_status_update', user_id: 'user-123', status: 'past_due', previous_status: 'active', timestamp: subscription.status_since },
  ])
})

test('lifecycle presets from the config, applied by the consistency API; errors are JSON naming the problem', async ({ page }) => {
  await login(page)
  const presets = (await api(page, 'GET', `${CONSISTENCY}/lifecycle-presets`)).body.presets as Array<{ id: string; description: string }>
  expect(presets.map((p) => p.id)).toEqual(['subscription', 'order_fulfillment'])
  expect(presets[1]?.description).toBe('order_fulfillment lifecycle: pending → processing → shipped → delivered → completed')
  const applied = await api(page, 'POST', `${CONSISTENCY}/lifecycle-presets/apply`, { persona_id: 'user-123', preset: 'subscription' })
  expect(applied.body).toMatchObject({ success: true, preset: 'subscription', lifecycle_state: 'new' })
  expect((await api(page, 'GET', '/api/billing/subscription')).body.status).toBe('active')

  const bad = await api(page, 'POST', `${CONSISTENCY}/persona/lifecycle`, { initial_state: 'paused' })
  expect(bad.status).toBe(400)
  expect(bad.contentType).toContain('application/json')
  expect(bad.body.message).toContain('use one of new, active, past_due, canceled')
  const unknown = await api(page, 'GET', `${CONSISTENCY}/lifecycle-presets/loan`)
  expect(unknown.status).toBe(404)
  expect(unknown.body.error).toBe('preset_not_found')
})

test('resetting a workspace empties it in IndexedDB too; a reload finds it empty and the other workspace whole', async ({ page }) => {
  await login(page)
  await createOrder(page, 'prod-123', 1)
  await api(page, 'POST', '/api/auth/login', { email: 'casey@example.com', password: 'password456' }, TEAM_B)
  await createOrder(page, 'prod-201', 1, '', TEAM_B)
  const reset = await api(page, 'DELETE', `${CONSISTENCY}/state`)
  expect(reset.body).toMatchObject({ success: true, workspace: 'default', removed: { entities: 3 } })

  await page.reload()
  await waitReady(page)
  expect((await api(page, 'GET', `${CONSISTENCY}/entities`)).body.count).toBe(0)
  expect((await api(page, 'GET', '/__mockforge/webhooks/deliveries')).body.total).toBe(0)
  expect((await api(page, 'GET', `${CONSISTENCY}/entities?workspace=team-b`)).body.count).toBe(3)
  expect((await api(page, 'GET', '/api/orders/ORD-1001', undefined, TEAM_B)).body.user_id).toBe('user-456')
})
