import { describe, expect, it, vi } from 'vitest'
import { Lifecycle } from '../lifecycle/lifecycle.ts'
import { verifyToken } from '../http/jwt.ts'
import { MemoryStore } from '../model/memory-store.ts'
import type { Store, StoreOp } from '../model/store.ts'
import { testEngine } from '../../testing/test-engine.ts'

const JAN_27 = '2025-01-27T00:00:00Z'

describe('login', () => {
  it('answers the seed user with a verifiable HS256 token and activates the persona', async () => {
    const { call, login, engine } = await testEngine()
    const res = await login()
    expect(res.status).toBe(200)
    expect(res.body.user).toEqual({ id: 'user-123', email: 'user@example.com', name: 'Demo User', subscription_tier: 'premium' })
    const claims = await verifyToken(res.body.token, engine.scenario.jwtSecret, Math.floor(Date.parse('2026-03-01T12:00:00Z') / 1000))
    expect(claims?.sub).toBe('user-123')
    expect(res.headers.get('X-MockForge-Persona')).toBe('user-123')
    const persona = await call('GET', '/api/v1/consistency/persona')
    expect(persona.body.persona.id).toBe('user-123')
  })

  it('refuses a wrong password with 401 JSON and activates nobody', async () => {
    const { call, login } = await testEngine()
    const res = await login('user@example.com', 'nope')
    expect(res.status).toBe(401)
    expect(res.body).toEqual({ error: 'invalid_credentials', message: 'The email or password is incorrect.' })
    expect((await call('GET', '/api/v1/consistency/persona')).status).toBe(404)
  })

  it('answers malformed JSON and a missing field with 400', async () => {
    const { call } = await testEngine()
    expect((await call('POST', '/api/auth/login', '{"email":')).body.error).toBe('invalid_json')
    const missing = await call('POST', '/api/auth/login', { email: 'user@example.com' })
    expect(missing.status).toBe(400)
    expect(missing.body.field).toBe('password')
  })
})

describe('products', () => {
  it('shows every product to nobody in particular', async () => {
    const { call } = await testEngine()
    const res = await call('GET', '/api/products')
    expect(res.body).toHaveLength(6)
    expect(res.headers.get('X-MockForge-Persona')).toBeNull()
  })

  it("filters by the active persona's categories, price ceiling and stock rule", async () => {
    const { call, login } = await testEngine()
    await login()
    const res = await call('GET', '/api/products?category=electronics', undefined, { 'X-MockForge-Workspace': 'default' })
    expect((res.body as unknown as Array<{ id: string }>).map((p) => p.id)).toEqual(['prod-123', 'prod-124'])
    expect(res.headers.get('X-MockForge-Persona')).toBe('user-123')
  })
})

describe('orders', () => {
  it('creates a pending order linked user → order → payment', async () => {
    const { call, login, facts } = await testEngine()
    await login()
    const res = await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 2 })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ id: 'ORD-1001', user_id: 'user-123', product_id: 'prod-123', quantity: 2, status: 'pending', total: 99.98 })
    expect(res.body.payment_ids).toEqual(['PAY-5001'])
    expect(facts.map((f) => f.event)).toEqual(['order.created', 'payment.received', 'order.processing'])

    const user = await call('GET', '/api/v1/consistency/users/user-123?workspace=default')
    expect(user.body).toMatchObject({ id: 'user-123', name: 'Demo User', order_ids: ['ORD-1001'], order_count: 1 })
    const orders = await call('GET', '/api/v1/consistency/users/user-123/orders?workspace=default')
    expect(orders.body).toMatchObject({ user_id: 'user-123', count: 1 })
    expect(orders.body.orders[0].id).toBe('ORD-1001')
    const order = await call('GET', '/api/v1/consistency/orders/ORD-1001?workspace=default')
    expect(order.body).toMatchObject({ id: 'ORD-1001', payment_ids: ['PAY-5001'], user_id: 'user-123', user_name: 'Demo User', user_email: 'user@example.com', status: 'processing' })
  })

  it('names the field of a bad body, and 404s an unknown product', async () => {
    const { call, login } = await testEngine()
    await login()
    const bad = await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 0 })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ error: 'validation_error', field: 'quantity' })
    const unknown = await call('POST', '/api/orders', { product_id: 'prod-999', quantity: 1 })
    expect(unknown.status).toBe(404)
    expect(unknown.body.error).toBe('product_not_found')
    const tooMany = await call('POST', '/api/orders', { product_id: 'prod-126', quantity: 9 })
    expect(tooMany.status).toBe(409)
  })

  it('needs a persona or a valid bearer token', async () => {
    const { call, login } = await testEngine({})
    expect((await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })).status).toBe(401)
    const forged = await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 }, { Authorization: 'Bearer a.b.c' })
    expect(forged.body.error).toBe('invalid_token')
    const { body } = await login('user@example.com', 'password123', { 'X-MockForge-Workspace': 'elsewhere' })
    const withToken = await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 }, { Authorization: `Bearer ${body.token}` })
    expect(withToken.status).toBe(201)
  })
})

describe('time travel', () => {
  it("walks the seed's order through its lifecycle, day by day", async () => {
    const { call, login } = await testEngine()
    await login()
    const { body: created } = await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 2 })
    const enabled = await call('POST', '/__mockforge/time-travel/enable', { time: JAN_27 })
    expect(enabled.body).toMatchObject({ success: true, status: { enabled: true, current_time: '2025-01-27T00:00:00.000Z' } })

    await call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })
    const shipped = await call('GET', `/api/orders/${created.id}`)
    expect(shipped.body).toMatchObject({ status: 'shipped', tracking_number: 'TRACK001001', shipped_at: '2025-01-28T00:00:00.000Z' })
    expect(shipped.body.created_at).toBe('2025-01-27T00:00:00.000Z')

    await call('POST', '/__mockforge/time-travel/advance', { duration: '3d' })
    expect((await call('GET', `/api/orders/${created.id}`)).body.status).toBe('delivered')
    await call('POST', '/__mockforge/time-travel/advance', { duration: '7d' })
    const completed = await call('GET', `/api/orders/${created.id}`)
    expect(completed.body).toMatchObject({ status: 'completed', completed_at: '2025-02-07T00:00:00.000Z' })
  })

  it('one long advance emits every step in time order with its own instant, across orders', async () => {
    const { call, login, facts } = await testEngine()
    await login()
    await call('POST', '/__mockforge/time-travel/enable', { time: JAN_27, scale: 0 })
    await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
    await call('POST', '/__mockforge/time-travel/advance', { duration: '12h' })
    await call('POST', '/api/orders', { product_id: 'prod-124', quantity: 1 })
    facts.length = 0
    await call('POST', '/__mockforge/time-travel/advance', { duration: '30d' })
    expect(facts.map((f) => `${f.timestamp} ${f.data.order_id} ${f.data.status}`)).toEqual([
      '2025-01-28T00:00:00.000Z ORD-1001 shipped',
      '2025-01-28T12:00:00.000Z ORD-1002 shipped',
      '2025-01-31T00:00:00.000Z ORD-1001 delivered',
      '2025-01-31T12:00:00.000Z ORD-1002 delivered',
      '2025-02-07T00:00:00.000Z ORD-1001 completed',
      '2025-02-07T12:00:00.000Z ORD-1002 completed',
    ])
  })

  it('re-labels the calendar when set back: nothing un-happens', async () => {
    const { call, login } = await testEngine()
    await login()
    await call('POST', '/__mockforge/time-travel/enable', { time: JAN_27, scale: 0 })
    const { body } = await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
    await call('POST', '/__mockforge/time-travel/advance', { duration: '2d' })
    await call('POST', '/__mockforge/time-travel/set', { time: '2024-06-01T00:00:00Z' })
    const order = await call('GET', `/api/orders/${body.id}`)
    expect(order.body.status).toBe('shipped')
    expect(order.body.created_at).toBe('2024-05-30T00:00:00.000Z')
  })

  it('enables itself on advance and answers with the resulting status', async () => {
    const { call } = await testEngine()
    const res = await call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })
    expect(res.body).toMatchObject({ success: true, status: { enabled: true, current_time: '2026-03-02T12:00:00.000Z' } })
  })

  it('refuses bad durations, times and scales with 400 JSON, leaving the clock alone', async () => {
    const { call } = await testEngine()
    for (const [path, body, code] of [
      ['advance', { duration: '-30m' }, 'invalid_duration'],
      ['advance', { duration: 'soon' }, 'invalid_duration'],
      ['advance', {}, 'invalid_duration'],
      ['set', { time: 'tomorrow' }, 'invalid_time'],
      ['enable', { scale: -2 }, 'invalid_scale'],
    ] as const) {
      const res = await call('POST', `/__mockforge/time-travel/${path}`, body)
      expect(res.status).toBe(400)
      expect(res.body.error).toBe(code)
    }
    expect((await call('GET', '/__mockforge/time-travel/status')).body.enabled).toBe(false)
  })
})

describe('webhooks', () => {
  it("delivers the config endpoint's events to the mock's own receiver, in order", async () => {
    const { call, login, engine, inspected } = await testEngine()
    await login()
    await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 2 })
    await call('POST', '/__mockforge/time-travel/advance', { duration: '30d' })
    await engine.settled()
    expect(inspected.map((m) => m.event)).toEqual(['order.created', 'order.shipped', 'order.delivered'])
    expect(inspected[1]).toMatchObject({
      endpoint: 'order_status_update',
      url: 'http://localhost:3000/api/webhooks/order-status',
      headers: { 'X-Webhook-Event': 'order.shipped' },
      body: { event: 'order.shipped', order_id: 'ORD-1001', user_id: 'user-123', status: 'shipped', tracking_number: 'TRACK001001' },
    })
    const deliveries = await call('GET', '/__mockforge/webhooks/deliveries')
    expect(deliveries.body.deliveries.map((d: { status: string }) => d.status)).toEqual(['delivered', 'delivered', 'delivered'])
    const received = await call('GET', '/api/webhooks/order-status')
    expect(received.body.received.map((r: { event: string }) => r.event)).toEqual(['order.created', 'order.shipped', 'order.delivered'])
  })
})

describe('sockets', () => {
  it('acknowledges init, then pushes every fact of its workspace', async () => {
    const { call, login, engine } = await testEngine()
    await login()
    const frames: Array<Record<string, unknown>> = []
    const session = engine.connect('ws://localhost:3001/', { send: (data) => frames.push(JSON.parse(data)) })
    session.receive(JSON.stringify({ type: 'init', workspace: 'default' }))
    await new Promise((resolve) => setImmediate(resolve))
    expect(frames[0]).toEqual({ type: 'init_ack', workspace: 'default', persona: { id: 'user-123', name: 'Demo User', email: 'user@example.com' } })
    await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 2 })
    await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 }, { 'X-MockForge-Workspace': 'other' })
    await call('POST', '/__mockforge/time-travel/advance', { duration: '30d' })
    expect(frames.slice(1).map((f) => `${f.type} ${f.status ?? f.amount}`)).toEqual([
      'order_created pending',
      'payment_received 99.98',
      'order_status_update processing',
      'order_status_update shipped',
      'order_status_update delivered',
      'order_status_update completed',
    ])
  })

  it('answers malformed and unknown messages with an error frame', async () => {
    const { engine } = await testEngine()
    const frames: Array<Record<string, unknown>> = []
    const session = engine.connect('ws://localhost:3001/', { send: (data) => frames.push(JSON.parse(data)) })
    session.receive('not json')
    session.receive(JSON.stringify({ type: 'subscribe' }))
    session.receive(JSON.stringify({ type: 'init', workspace: '../etc' }))
    expect(frames.map((f) => f.error)).toEqual(['invalid_message', 'unknown_message_type', 'invalid_workspace'])
  })
})

describe('persistence', () => {
  it('a restart on the same store keeps persona, orders, lifecycles and the clock', async () => {
    const store = new MemoryStore()
    const first = await testEngine({ store })
    await first.login()
    await first.call('POST', '/__mockforge/time-travel/enable', { time: JAN_27, scale: 0 })
    const { body } = await first.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
    first.engine.stop()

    const second = await testEngine({ store })
    expect((await second.call('GET', '/__mockforge/time-travel/status')).body.current_time).toBe('2025-01-27T00:00:00.000Z')
    expect((await second.call('GET', `/api/orders/${body.id}`)).body.status).toBe('processing')
    await second.call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })
    expect((await second.call('GET', `/api/orders/${body.id}`)).body.status).toBe('shipped')
    expect((await second.call('GET', '/api/v1/consistency/persona')).body.persona.id).toBe('user-123')
    // user → order → payment follow from the entities' fields: nothing to store, nothing to lose.
    expect((await second.call('GET', '/api/v1/consistency/users/user-123')).body.order_ids).toEqual([body.id])
    expect((await second.call('GET', `/api/v1/consistency/orders/${body.id}`)).body.payment_ids).toEqual(['PAY-5001'])
    expect((await store.load()).edges).toEqual([])
  })

  it('a write the store refuses answers 500 JSON and leaves the state as it was', async () => {
    const memory = new MemoryStore()
    let failNext = false
    const flaky: Store = {
      load: () => memory.load(),
      version: () => memory.version(),
      close: () => memory.close(),
      write: (ops: readonly StoreOp[]) => {
        if (failNext) {
          failNext = false
          return Promise.reject(new Error('a value could not be cloned'))
        }
        return memory.write(ops)
      },
    }
    const { call, login } = await testEngine({ store: flaky })
    await login()
    failNext = true
    const failed = await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
    expect(failed.status).toBe(500)
    expect(failed.body.error).toBe('internal_error')
    expect(failed.body.message).toMatch(/could not be cloned/)
    const retry = await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
    expect(retry.body.id).toBe('ORD-1001')
  })
})

describe('routing', () => {
  it('answers unknown routes and wrong methods with JSON', async () => {
    const { call } = await testEngine()
    expect((await call('GET', '/api/nothing')).body.error).toBe('route_not_found')
    const wrong = await call('DELETE', '/api/products')
    expect(wrong.status).toBe(405)
    expect(wrong.body.message).toMatch(/use GET/)
  })

  it('echoes the workspace and a request id', async () => {
    const { call } = await testEngine()
    const res = await call('GET', '/api/products?workspace=team-b')
    expect(res.headers.get('X-MockForge-Workspace')).toBe('team-b')
    expect(res.headers.get('X-MockForge-Request-ID')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('keeps workspaces apart', async () => {
    const { call, login } = await testEngine()
    await login()
    await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
    await login('user@example.com', 'password123', { 'X-MockForge-Workspace': 'team-b' })
    expect((await call('GET', '/api/orders/ORD-1001', undefined, { 'X-MockForge-Workspace': 'team-b' })).status).toBe(404)
  })

  it('steps come due in a workspace whose only change is an entity (regression: the tick walked stored workspace records only)', async () => {
    const { engine, call, clock, facts } = await testEngine()
    const upsert = await call('POST', '/api/v1/consistency/entities?workspace=entities-only', { entity_type: 'order', entity_id: 'ORD-9', data: { user_id: 'user-123' } })
    expect(upsert.status).toBe(200)
    expect(upsert.body.created).toBe(true)
    clock.wallNow += 2 * 24 * 60 * 60 * 1000
    await engine.tick()
    expect(facts.filter((f) => f.workspace === 'entities-only').map((f) => f.event)).toEqual(['order.processing', 'order.shipped'])
  })

  it('answers reads of a workspace nobody used without storing it (regression: a GET created and stored it)', async () => {
    const { engine, store, call } = await testEngine()
    const clocks: string[] = []
    engine.events.on('clock', ({ workspace }) => clocks.push(workspace))
    const before = await store.version()
    for (const path of ['/api/v1/consistency/state', '/__mockforge/time-travel/status', '/api/products', '/__mockforge/webhooks/deliveries']) {
      expect((await call('GET', `${path}${path.includes('?') ? '&' : '?'}workspace=nobody-yet`)).status).toBe(200)
    }
    expect(await store.version()).toBe(before)
    expect((await store.load()).workspaces.map((ws) => ws.id)).not.toContain('nobody-yet')
    expect(clocks).toEqual([])
    // The first change stores it.
    await call('POST', '/__mockforge/time-travel/advance?workspace=nobody-yet', { duration: '1h' })
    expect((await store.load()).workspaces.map((ws) => ws.id)).toContain('nobody-yet')
    expect(clocks).toEqual(['nobody-yet'])
  })
})

describe('cost', () => {
  it('a catch-up touches only entities with a step due, however many exist', async () => {
    const memory = new MemoryStore()
    const written: StoreOp[][] = []
    const counting: Store = {
      load: () => memory.load(),
      close: () => memory.close(),
      version: () => memory.version(),
      write: (ops) => {
        written.push([...ops])
        return memory.write(ops)
      },
    }
    const { call, engine } = await testEngine({ store: counting })
    await call('POST', '/__mockforge/time-travel/enable', { time: JAN_27, scale: 0 })
    await engine.seedOrders('default', 'user-123', Array.from({ length: 500 }, () => ({ product_id: 'prod-123', quantity: 1 })))
    await call('POST', '/__mockforge/time-travel/advance', { duration: '30d' })
    await call('POST', '/api/auth/login', { email: 'user@example.com', password: 'password123' })
    await call('POST', '/api/orders', { product_id: 'prod-124', quantity: 1 })
    written.length = 0
    const stepped = vi.spyOn(Lifecycle.prototype, 'nextStep')
    await call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })
    // Only the due order's lifecycle page is rewritten; no entity's fields are.
    const tables = written.flat().map((op) => ('table' in op ? op.table : 'clear'))
    expect(tables.filter((table) => table === 'entities')).toEqual([])
    const pages = written.flat().flatMap((op) => ('put' in op && op.table === 'lifecycles' ? [op.put] : []))
    expect(pages).toHaveLength(1)
    const states = Object.entries(pages[0]!.lifecycles).map(([key, lifecycle]) => [key.split('\u0000').pop(), lifecycle.state])
    expect(states.filter(([, state]) => state !== 'completed')).toEqual([['ORD-1501', 'shipped']])
    // One step taken (processing → shipped): the 500 completed orders were not even looked at.
    expect(stepped).toHaveBeenCalledTimes(1)
    stepped.mockRestore()
  })
})

it('records a webhook anyone posts to the mock receiver, beside its own deliveries', async () => {
  const { call } = await testEngine()
  const posted = await call('POST', '/api/webhooks/order-status', { event: 'order.refunded', order_id: 'X-1' }, { 'X-Webhook-Event': 'order.refunded' })
  expect(posted.status).toBe(200)
  const received = await call('GET', '/api/webhooks/order-status')
  expect(received.body.received).toMatchObject([{ event: 'order.refunded', body: { order_id: 'X-1' }, path: '/api/webhooks/order-status' }])
})

it('a commit of 150,000 facts does not overflow the stack (regression: spread into push)', async () => {
  const { call, engine } = await testEngine()
  // Each order reports order.created, payment.received and order.processing in the same commit.
  await engine.seedOrders('default', 'user-123', Array.from({ length: 50_000 }, () => ({ product_id: 'prod-123', quantity: 1 })))
  expect((await call('GET', '/api/v1/consistency/orders/ORD-51000')).body.status).toBe('processing')
}, 60_000)

it('signs a delivery with sha256=HMAC(secret, timestamp + "." + body) when its endpoint has a secret', async () => {
  const { createHmac } = await import('node:crypto')
  const { call, login, engine, sent } = await testEngine({
    endpoints: [{ name: 'erp', url: 'https://erp.example.test/hooks', events: ['order.created'], secret: 'whsec_test' }],
  })
  await login()
  await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
  await engine.settled()
  const [delivery] = sent
  const headers = delivery?.request.headers ?? {}
  const expected = createHmac('sha256', 'whsec_test').update(`${headers['X-Webhook-Timestamp']}.${delivery?.request.body}`).digest('hex')
  expect(headers['X-Webhook-Signature']).toBe(`sha256=${expected}`)
  expect(headers['X-Webhook-Id']).toMatch(/^whd_default_\d+$/)
  expect(JSON.parse(delivery?.request.body ?? '{}')).toMatchObject({ event: 'order.created', order_id: 'ORD-1001', user_id: 'user-123' })
})
