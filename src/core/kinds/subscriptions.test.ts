import { describe, expect, it } from 'vitest'
import { socketFrame } from '../wire/wire.ts'
import { DAY_MS } from '../scenario/duration.ts'
import { testEngine } from '../../testing/test-engine.ts'

const JAN_27 = '2025-01-27T00:00:00Z'
const T0 = Date.parse(JAN_27)
const at = (days: number) => new Date(T0 + days * DAY_MS).toISOString()
const BILLING_HOOK = { name: 'billing', url: 'https://billing.example.test/hooks', events: ['subscription.*'] }

/** Logged in as user-123 on a frozen clock at 2025-01-27, with a receiver for subscription.* webhooks. */
async function subscribed() {
  const t = await testEngine({ endpoints: [BILLING_HOOK] })
  await t.call('POST', '/__mockforge/time-travel/enable', { time: JAN_27, scale: 0 })
  await t.login()
  const advance = (duration: string) => t.call('POST', '/__mockforge/time-travel/advance', { duration })
  const failPayments = (count: number) =>
    t.call('POST', '/api/v1/consistency/entities', { entity_type: 'user', entity_id: 'user-123', data: { payment_failed_count: count } })
  const subscription = async () => (await t.call('GET', '/api/billing/subscription')).body
  const subscriptionFacts = () => t.facts.filter((f) => f.event.startsWith('subscription.'))
  return { ...t, advance, failPayments, subscription, subscriptionFacts }
}

describe('the persona subscription', () => {
  it('starts active for a persona of the scenario, and billing and support show it', async () => {
    const { subscription, call, subscriptionFacts } = await subscribed()
    expect(await subscription()).toMatchObject({
      user_id: 'user-123', plan: 'premium', status: 'active', billing_status: 'active', subscription_status: 'active',
      payment_method: 'credit_card', payment_failed_count: 0, status_since: at(0), canceled_at: null, lifecycle_preset: 'subscription',
    })
    expect((await call('GET', '/api/support')).body).toEqual({
      user_id: 'user-123', subscription_status: 'active', support_tier: 'standard', open_tickets: 0, priority: 'normal',
    })
    // Meeting a persona is not a change of its subscription.
    expect(subscriptionFacts()).toEqual([])
  })

  it('stays active through any time while no payment failed (both transitions are conditional)', async () => {
    const { advance, subscription, subscriptionFacts } = await subscribed()
    await advance('365d')
    expect((await subscription()).status).toBe('active')
    expect(subscriptionFacts()).toEqual([])
  })

  it('with a failed payment, becomes past_due 30 days after it became active, on every channel', async () => {
    const { advance, failPayments, subscription, subscriptionFacts, inspected, call } = await subscribed()
    expect((await failPayments(1)).status).toBe(200)
    await advance('29d')
    expect((await subscription()).status).toBe('active')
    await advance('1d')
    expect(await subscription()).toMatchObject({
      status: 'past_due', billing_status: 'failed', subscription_status: 'suspended', last_payment_failed: true, payment_failed_count: 1, status_since: at(30),
    })
    expect((await call('GET', '/api/support')).body).toMatchObject({ support_tier: 'billing', priority: 'urgent', ticket_type: 'payment_issue' })
    const [fact] = subscriptionFacts()
    expect(fact).toMatchObject({ event: 'subscription.past_due', timestamp: at(30), subject: 'user:user-123' })
    expect(fact?.data).toEqual({ user_id: 'user-123', status: 'past_due', previous_status: 'active', payment_failed_count: 1 })
    expect(socketFrame(fact!)).toEqual({ type: 'subscription_status_update', user_id: 'user-123', status: 'past_due', previous_status: 'active', timestamp: at(30) })
    expect(inspected.map((m) => m.event)).toContain('subscription.past_due')
  })

  it('a payment failing after the 30-day mark moves it to past_due when it fails, not back in time', async () => {
    const { advance, failPayments, subscription, subscriptionFacts } = await subscribed()
    await advance('40d')
    await failPayments(1)
    expect((await subscription()).status).toBe('past_due')
    expect(subscriptionFacts().map((f) => [f.event, f.timestamp])).toEqual([['subscription.past_due', at(40)]])
  })

  it('the earliest due transition whose condition holds wins: three failures still pass through past_due', async () => {
    const { advance, failPayments, subscription } = await subscribed()
    await failPayments(3)
    await advance('90d')
    // The reference preset has no way out of past_due: canceled (60d, > 2 failures) is never due first.
    expect((await subscription()).status).toBe('past_due')
  })

  it('the consistency API moves it by hand, reported like any step; unknown states are refused', async () => {
    const { call, subscription, subscriptionFacts } = await subscribed()
    const moved = await call('POST', '/api/v1/consistency/persona/lifecycle', { persona_id: 'user-123', initial_state: 'canceled' })
    expect(moved.body).toEqual({ success: true, workspace: 'default', persona_id: 'user-123', lifecycle_state: 'canceled' })
    expect(await subscription()).toMatchObject({ status: 'canceled', billing_status: 'canceled', canceled_at: at(0) })
    expect(subscriptionFacts().map((f) => f.event)).toEqual(['subscription.canceled'])

    const bad = await call('POST', '/api/v1/consistency/persona/lifecycle', { initial_state: 'frozen' })
    expect(bad.status).toBe(400)
    expect(bad.body).toEqual({
      error: 'invalid_state', field: 'initial_state',
      message: "'frozen' is not a state of preset 'subscription': use one of new, active, past_due, canceled.",
    })
    expect((await subscription()).status).toBe('canceled')
  })

  it('GET persona/lifecycle shows the state, its history and the next transition', async () => {
    const { call, failPayments } = await subscribed()
    expect((await call('GET', '/api/v1/consistency/persona/lifecycle')).body).toMatchObject({
      persona_id: 'user-123', preset: 'subscription', lifecycle_state: 'active', entered_at: at(0), next_transition: null,
    })
    await failPayments(2)
    expect((await call('GET', '/api/v1/consistency/persona/lifecycle')).body.next_transition).toEqual({ to: 'past_due', at: at(30) })
  })

  it("MockForge's default persona can be activated and starts as its config says", async () => {
    const { call } = await testEngine()
    const activated = await call('POST', '/api/v1/consistency/persona', { persona: { id: 'user:demo-user-001' } })
    expect(activated.body).toEqual({ success: true, workspace: 'default', persona_id: 'demo-user-001' })
    expect((await call('GET', '/api/billing/subscription')).body).toMatchObject({ user_id: 'demo-user-001', status: 'active', plan: 'premium' })
    expect((await call('POST', '/api/v1/consistency/persona', { persona_id: 'nobody' })).body.error).toBe('persona_not_found')
  })
})

describe('lifecycle presets', () => {
  it('lists the scenario presets and describes one in MockForge\'s shape', async () => {
    const { call } = await testEngine()
    const list = (await call('GET', '/api/v1/consistency/lifecycle-presets')).body
    expect(list.presets.map((p: { id: string }) => p.id)).toEqual(['subscription', 'order_fulfillment'])
    const orders = (await call('GET', '/api/v1/consistency/lifecycle-presets/order_fulfillment')).body
    expect(orders).toMatchObject({ initial_state: 'pending', entity_type: 'order', affected_endpoints: expect.arrayContaining(['orders']) })
    expect(orders.states).toContainEqual({ from: 'processing', to: 'shipped', after_days: 1, after_ms: DAY_MS, condition: 'inventory_available == true' })
    const missing = await call('GET', '/api/v1/consistency/lifecycle-presets/loan')
    expect(missing.status).toBe(404)
    expect(missing.body.message).toMatch(/Known presets: subscription, order_fulfillment/)
  })

  it('apply restarts the persona on a preset from its first state, then time takes it on', async () => {
    const { call, subscription, subscriptionFacts } = await subscribed()
    const applied = await call('POST', '/api/v1/consistency/lifecycle-presets/apply', { persona_id: 'user-123', preset: 'subscription' })
    expect(applied.body).toMatchObject({ success: true, persona_id: 'user-123', preset: 'subscription' })
    // new → active is a zero-delay step: taken within the same request.
    expect((await subscription()).status).toBe('active')
    expect(subscriptionFacts().map((f) => f.event)).toEqual(['subscription.new', 'subscription.active'])
    expect((await call('POST', '/api/v1/consistency/lifecycle-presets/apply', { preset: 'nope' })).status).toBe(404)
  })

  it('update-lifecycles reports whether anything moved', async () => {
    const { call, failPayments, clock } = await subscribed()
    expect((await call('POST', '/api/v1/consistency/persona/update-lifecycles')).body).toEqual({
      success: true, workspace: 'default', updated: false, current_time: at(0),
    })
    // Time runs at real speed; 31 real days pass with no request.
    await call('POST', '/__mockforge/time-travel/scale', { scale: 1 })
    await failPayments(1)
    clock.wallNow += 31 * DAY_MS
    expect((await call('POST', '/api/v1/consistency/persona/update-lifecycles')).body).toMatchObject({ updated: true, current_time: at(31) })
    expect((await call('GET', '/api/billing/subscription')).body).toMatchObject({ status: 'past_due', status_since: at(30) })
  })
})

describe('entities upsert', () => {
  it('creates an entity of any type and merges fields into an existing one, 200 either way (`created` tells them apart)', async () => {
    const { call } = await testEngine()
    const created = await call('POST', '/api/v1/consistency/entities', { entity_type: 'ticket', entity_id: 'T-1', data: { subject: 'Refund', priority: 'high' } })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({ success: true, created: true, entity: { entity_type: 'ticket', entity_id: 'T-1', data: { id: 'T-1', subject: 'Refund', priority: 'high' } } })
    const updated = await call('POST', '/api/v1/consistency/entities', { entity_type: 'ticket', entity_id: 'T-1', data: { priority: 'low' } })
    expect(updated.status).toBe(200)
    expect(updated.body.created).toBe(false)
    expect(updated.body.entity.data).toEqual({ id: 'T-1', subject: 'Refund', priority: 'low' })
    expect((await call('GET', '/api/v1/consistency/entities/ticket/T-1')).body.data.priority).toBe('low')
  })

  it('refuses what would contradict the model, naming the field, and changes nothing', async () => {
    const { call } = await testEngine()
    const cases: Array<[unknown, string]> = [
      [{ entity_id: 'x' }, 'entity_type'],
      [{ entity_type: 'ticket', entity_id: 'x', data: [1] }, 'data'],
      [{ entity_type: 'order', entity_id: 'ORD-1', data: { status: 'shipped' } }, 'data.status'],
    ]
    for (const [body, field] of cases) {
      const res = await call('POST', '/api/v1/consistency/entities', body)
      expect({ status: res.status, field: res.body.field }).toEqual({ status: 400, field })
    }
    expect((await call('GET', '/api/v1/consistency/entities?workspace=default')).body.count).toBe(0)
  })
})

describe('the persona graph, one hop', () => {
  it("follows has_orders and has_payments, accepts the seed's spellings, and names the known ones otherwise", async () => {
    const { call, login } = await testEngine()
    await login()
    await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
    const orders = (await call('GET', '/api/v1/consistency/entities/user/user-123/related/has_orders')).body
    expect(orders).toMatchObject({ node: 'user:user-123', relationship: 'has_orders', count: 1 })
    expect(orders.entities[0]).toMatchObject({ entity_type: 'order', entity_id: 'ORD-1001' })
    const payments = (await call('GET', '/api/v1/consistency/entities/order/ORD-1001/related/has_payment')).body
    expect(payments).toMatchObject({ relationship: 'has_payments', count: 1, entities: [{ entity_id: 'PAY-5001' }] })
    expect((await call('GET', '/api/v1/consistency/entities/user/user-123/related/receives_notifications')).body).toMatchObject({ relationship: 'has_notifications', count: 0 })
    const bad = await call('GET', '/api/v1/consistency/entities/user/user-123/related/likes')
    expect(bad.status).toBe(400)
    expect(bad.body.message).toBe("No relationship 'likes': use one of has_orders, has_payments, has_notifications (or has_payment, receives_notifications).")
  })
})
