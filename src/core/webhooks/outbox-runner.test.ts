import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MemoryStore } from '../model/memory-store.ts'
import { testEngine, type TestEngineOptions } from '../../testing/test-engine.ts'
import type { OutgoingRequest } from './webhooks.ts'

const HOOK = 'https://receiver.example.test/hooks'
const ORDER = { product_id: 'prod-123', quantity: 1 }

/** A receiver that answers each attempt with the next status of `statuses` (a string is a network failure), then 204. */
function scripted(...statuses: Array<number | string>) {
  const attempts: OutgoingRequest[] = []
  const respond = (_url: string, request: OutgoingRequest) => {
    attempts.push(request)
    const next = statuses.shift() ?? 204
    if (typeof next === 'string') throw new TypeError(next)
    return { status: next }
  }
  return { attempts, respond }
}

async function withReceiver(options: TestEngineOptions, events = ['order.created']) {
  const t = await testEngine(options)
  const registered = await t.call('POST', '/__mockforge/webhooks', { url: HOOK, events, secret: 'whsec_test', name: 'shop' })
  const deliveries = async () =>
    ((await t.call('GET', '/__mockforge/webhooks/deliveries')).body.deliveries as Array<Record<string, any>>).filter((d) => d.endpoint === registered.body.id)
  /** Lets real time pass and the engine notice (a browser's timer would fire by itself). */
  const wait = async (ms: number) => {
    t.clock.wallNow += ms
    await t.engine.tick()
    await t.engine.settled()
  }
  return { ...t, registered, deliveries, wait }
}

describe('endpoints registered at run time', () => {
  it('are created, listed beside the config ones (never with their secret) and removed', async () => {
    const { call, registered } = await withReceiver({})
    expect(registered.status).toBe(201)
    expect(registered.headers.get('Location')).toBe(`/__mockforge/webhooks/${registered.body.id}`)
    expect(registered.body).toMatchObject({ id: 'whe_1', name: 'shop', url: HOOK, events: ['order.created'], signed: true, source: 'runtime' })
    const listed = (await call('GET', '/__mockforge/webhooks')).body.endpoints
    expect(listed.map((e: { id: string; source: string }) => `${e.id} ${e.source}`)).toEqual(['order_status_update config', 'whe_1 runtime'])
    expect(JSON.stringify(listed)).not.toContain('whsec_test')
    expect((await call('DELETE', '/__mockforge/webhooks/whe_1')).body).toEqual({ success: true, id: 'whe_1', abandoned_deliveries: 0 })
    expect((await call('DELETE', '/__mockforge/webhooks/whe_1')).status).toBe(404)
    expect((await call('DELETE', '/__mockforge/webhooks/order_status_update')).body.error).toBe('endpoint_from_config')
    // Per workspace: team-b never had it.
    expect((await call('GET', '/__mockforge/webhooks?workspace=team-b')).body.endpoints).toHaveLength(1)
  })

  it('refuse bad URLs and unknown events with 400 naming the problem', async () => {
    const { call } = await testEngine()
    const bad = async (body: unknown) => (await call('POST', '/__mockforge/webhooks', body)).body
    expect(await bad({ url: 'ftp://x.test', events: ['*'] })).toMatchObject({ error: 'invalid_url', field: 'url' })
    expect(await bad({ url: '/relative', events: ['*'] })).toMatchObject({ error: 'invalid_url', field: 'url' })
    expect(await bad({ url: HOOK, events: [] })).toMatchObject({ error: 'validation_error', field: 'events' })
    const unknown = await bad({ url: HOOK, events: ['order.lost'] })
    expect(unknown.error).toBe('unknown_event')
    expect(unknown.message).toBe(
      '"order.lost" is not an event of scenario \'e2e-persona-flow\': use *, order.*, payment.*, subscription.*, verisim.* or one of order.created, order.pending, order.processing, order.shipped, order.delivered, order.completed, payment.received, subscription.new, subscription.active, subscription.past_due, subscription.canceled, verisim.state_restored.',
    )
    expect((await call('GET', '/__mockforge/webhooks')).body.endpoints).toHaveLength(1)
  })

  it('get every event they list, signed sha256=HMAC(secret, timestamp.body)', async () => {
    const { call, login, sent, engine } = await withReceiver({}, ['order.*', 'payment.received'])
    await login()
    await call('POST', '/api/orders', ORDER)
    await engine.settled()
    const mine = sent.filter((s) => s.url === HOOK)
    const events = mine.map((s) => s.request.headers['X-Webhook-Event'])
    // One order's deliveries go in order; the payment's are another subject's, sent alongside.
    expect(events.filter((e) => e?.startsWith('order.'))).toEqual(['order.created', 'order.processing'])
    expect(events.filter((e) => e === 'payment.received')).toHaveLength(1)
    for (const { request } of mine) {
      const expected = createHmac('sha256', 'whsec_test').update(`${request.headers['X-Webhook-Timestamp']}.${request.body}`).digest('hex')
      expect(request.headers['X-Webhook-Signature']).toBe(`sha256=${expected}`)
    }
  })
})

describe('retries', () => {
  it('a receiver failing twice then recovering gets the delivery three times under one id, 5 s then 10 s apart', async () => {
    const receiver = scripted(503, 'Failed to fetch')
    const { call, login, engine, deliveries, wait } = await withReceiver({ respond: receiver.respond })
    await login()
    await call('POST', '/api/orders', ORDER)
    await engine.settled()
    let [delivery] = await deliveries()
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, response_status: 503, last_error: 'The receiver answered HTTP 503.' })
    const first = Date.parse(delivery!.next_attempt_at)
    await wait(4_999)
    expect(receiver.attempts).toHaveLength(1)
    await wait(1)
    ;[delivery] = await deliveries()
    expect(delivery).toMatchObject({ status: 'pending', attempts: 2, last_error: expect.stringContaining('does not allow CORS') })
    expect(Date.parse(delivery!.next_attempt_at) - first).toBe(10_000)
    await wait(10_000)
    ;[delivery] = await deliveries()
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, response_status: 204, next_attempt_at: null, last_error: null })
    expect(new Set(receiver.attempts.map((r) => r.headers['X-Webhook-Id']))).toEqual(new Set([delivery!.id]))
  })

  it('out of attempts it is dead and listed; a retry by hand sends it again', async () => {
    const receiver = scripted(500, 500, 500)
    const { call, login, engine, deliveries, wait } = await withReceiver({ respond: receiver.respond })
    await login()
    await call('POST', '/api/orders', ORDER)
    await engine.settled()
    await wait(5_000)
    await wait(10_000)
    const [dead] = await deliveries()
    expect(dead).toMatchObject({ status: 'dead', attempts: 3, last_error: 'The receiver answered HTTP 500. Gave up after 3 attempts.', next_attempt_at: null })
    await wait(120_000)
    expect(receiver.attempts).toHaveLength(3)

    const retried = await call('POST', `/__mockforge/webhooks/deliveries/${dead!.id}/retry`)
    expect(retried.body.delivery).toMatchObject({ status: 'pending', attempts: 3, attempt_limit: 6 })
    await engine.settled()
    expect((await deliveries())[0]).toMatchObject({ status: 'delivered', attempts: 4 })
    expect((await call('POST', `/__mockforge/webhooks/deliveries/${dead!.id}/retry`)).body.error).toBe('not_dead')
    expect((await call('POST', '/__mockforge/webhooks/deliveries/whd_nope/retry')).status).toBe(404)
  })

  it('a 4xx is dead at once, with its status, and never retried', async () => {
    const receiver = scripted(410)
    const { call, login, engine, deliveries, wait } = await withReceiver({ respond: receiver.respond })
    await login()
    await call('POST', '/api/orders', ORDER)
    await engine.settled()
    await wait(60_000)
    expect(await deliveries()).toMatchObject([{ status: 'dead', attempts: 1, response_status: 410, last_error: 'The receiver answered HTTP 410. Not retried: the receiver refused it.' }])
    expect(receiver.attempts).toHaveLength(1)
  })

  it('backs off exponentially up to the configured ceiling', async () => {
    const receiver = scripted(502, 502, 502, 502, 502)
    const { call, login, engine, deliveries, wait, clock } = await withReceiver({
      respond: receiver.respond,
      configure: (c) => (c.webhooks.retry = { max_attempts: 6, initial_delay: '5s', max_delay: '12s' }),
    })
    await login()
    await call('POST', '/api/orders', ORDER)
    await engine.settled()
    const gaps: number[] = []
    for (let attempt = 1; attempt < 6; attempt++) {
      const [delivery] = await deliveries()
      const gap = Date.parse(delivery!.next_attempt_at) - clock.wallNow
      gaps.push(gap)
      await wait(gap)
    }
    expect(gaps).toEqual([5_000, 10_000, 12_000, 12_000, 12_000])
    expect((await deliveries())[0]).toMatchObject({ status: 'delivered', attempts: 6 })
  })

  it('removing an endpoint kills what it still had pending, visibly', async () => {
    const receiver = scripted(503)
    const { call, login, engine, deliveries, registered } = await withReceiver({ respond: receiver.respond })
    await login()
    await call('POST', '/api/orders', ORDER)
    await engine.settled()
    const [pending] = await deliveries()
    expect((await call('DELETE', `/__mockforge/webhooks/${registered.body.id}`)).body.abandoned_deliveries).toBe(1)
    const all = (await call('GET', '/__mockforge/webhooks/deliveries')).body.deliveries as Array<Record<string, any>>
    expect(all.find((d) => d.id === pending!.id)).toMatchObject({ status: 'dead', last_error: 'The endpoint was removed before this delivery was acknowledged.' })
    expect((await call('POST', `/__mockforge/webhooks/deliveries/${pending!.id}/retry`)).body.error).toBe('endpoint_removed')
  })
})

describe('the outbox under load and across restarts', () => {
  it("sends at most `concurrency` at once, and one order's deliveries in the order they happened", async () => {
    let inFlight = 0
    let most = 0
    const received: string[] = []
    const respond = async (_url: string, request: OutgoingRequest) => {
      inFlight++
      most = Math.max(most, inFlight)
      // A receiver that takes real time to answer (test code: the engine itself never reads a timer).
      // oxlint-disable-next-line no-restricted-globals
      await new Promise((resolve) => setTimeout(resolve, 2))
      inFlight--
      const body = JSON.parse(request.body) as { order_id: string }
      received.push(`${body.order_id} ${request.headers['X-Webhook-Event']}`)
      return { status: 200 }
    }
    const { call, engine, deliveries } = await withReceiver({ respond, configure: (c) => (c.webhooks.concurrency = 2) }, ['order.*'])
    await call('POST', '/__mockforge/time-travel/enable', { time: '2025-01-27T00:00:00Z', scale: 0 })
    await engine.seedOrders('default', 'user-123', Array.from({ length: 6 }, () => ORDER))
    await call('POST', '/__mockforge/time-travel/advance', { duration: '30d' })
    await engine.settled()
    expect(most).toBe(2)
    expect(received).toHaveLength(6 * 5)
    for (const order of ['ORD-1001', 'ORD-1004', 'ORD-1006']) {
      expect(received.filter((r) => r.startsWith(`${order} `))).toEqual(
        ['created', 'processing', 'shipped', 'delivered', 'completed'].map((e) => `${order} order.${e}`),
      )
    }
    expect((await deliveries()).every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true)
  })

  it('a restart while a retry waits resumes it and delivers it once', async () => {
    const store = new MemoryStore()
    const first = await withReceiver({ store, respond: scripted(503).respond })
    await first.login()
    await first.call('POST', '/api/orders', ORDER)
    await first.engine.settled()
    const [waiting] = await first.deliveries()
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 })
    first.engine.stop()

    const receiver = scripted()
    const second = await testEngine({ store, wallNow: first.clock.wallNow, respond: receiver.respond })
    await second.engine.settled()
    expect(receiver.attempts).toHaveLength(0) // its next attempt is not due yet
    second.clock.wallNow += 5_000
    await second.engine.tick()
    await second.engine.settled()
    expect(receiver.attempts.map((r) => r.headers['X-Webhook-Id'])).toEqual([waiting!.id])
    // Signed with the secret of the endpoint registered before the restart.
    expect(receiver.attempts[0]?.headers['X-Webhook-Signature']).toMatch(/^sha256=[0-9a-f]{64}$/)
    const after = (await second.call('GET', '/__mockforge/webhooks/deliveries')).body.deliveries.find((d: { id: string }) => d.id === waiting!.id)
    expect(after).toMatchObject({ status: 'delivered', attempts: 2 })
  })
})

it('each attempt carries a fresh timestamp and a signature over it; the id stays', async () => {
  const receiver = scripted(503)
  const { call, login, engine, wait } = await withReceiver({ respond: receiver.respond })
  await login()
  await call('POST', '/api/orders', ORDER)
  await engine.settled()
  await wait(5_000)
  const [first, second] = receiver.attempts
  expect(Number(second?.headers['X-Webhook-Timestamp']) - Number(first?.headers['X-Webhook-Timestamp'])).toBe(5)
  expect(second?.headers['X-Webhook-Id']).toBe(first?.headers['X-Webhook-Id'])
  for (const request of [first!, second!]) {
    const expected = createHmac('sha256', 'whsec_test').update(`${request.headers['X-Webhook-Timestamp']}.${request.body}`).digest('hex')
    expect(request.headers['X-Webhook-Signature']).toBe(`sha256=${expected}`)
  }
})
