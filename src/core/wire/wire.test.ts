import { describe, expect, expectTypeOf, it } from 'vitest'
import { readScenarioFolder } from '../../node/scenario-files.ts'
import { DEMO_FOLDER, testEngine } from '../../testing/test-engine.ts'
import { VerisimError } from '../errors.ts'
import { createOrder, orderBehaviour } from '../kinds/orders.ts'
import { userBehaviour } from '../kinds/subscriptions.ts'
import { Domain } from '../model/domain.ts'
import type { Fact } from '../model/fact.ts'
import { World } from '../model/world.ts'
import { DAY_MS } from '../scenario/duration.ts'
import { loadScenario } from '../scenario/load-scenario.ts'
import { enableClock, initialClock } from '../time/clock.ts'
import {
  clockStatus, consistencyOrderBody, consistencyUserBody, entityState, entityUpsertBody, errorBody, orderBody, socketFrame, subscriptionBody,
  webhookPayload,
  type EntityStatusPayload, type EntityStatusUpdateFrame, type OrderShippedPayload, type OrderStatusPayload, type SocketFrame,
  type SubscriptionStatusPayload, type WebhookPayload,
  type WebhookPayloadOf,
} from './wire.ts'

const WS = 'default'
const T0 = Date.parse('2025-01-27T00:00:00Z')
const at = (days: number) => new Date(T0 + days * DAY_MS).toISOString()

/** A domain on the demo scenario whose wall clock (and so world time) starts at T0; no engine, no catch-up unless asked. */
function model() {
  const scenario = loadScenario(readScenarioFolder(DEMO_FOLDER))
  const clock = { wallNow: T0 }
  const domain = new Domain(scenario, new World(scenario.links), () => clock.wallNow, { order: orderBehaviour, user: userBehaviour })
  const persona = scenario.personas.find((p) => p.id === 'user-123')!
  /** Time runs on to `days` after T0 and every lifecycle catches up, as the engine does before each request. */
  const runTo = (days: number) => {
    clock.wallNow = T0 + days * DAY_MS
    domain.catchUp(WS)
  }
  const entity = (type: string, id: string) => domain.world.entity(WS, type, id)!
  return { domain, persona, runTo, entity }
}

describe('next_transition: the lifecycle’s own next step', () => {
  it('a pending order goes to processing at its creation', () => {
    const { domain, persona } = model()
    const order = createOrder(domain, WS, persona, { product_id: 'prod-123', quantity: 1 })
    expect(order.lifecycle?.state).toBe('pending')
    expect(entityState(domain, order).next_transition).toEqual({ to: 'processing', at: at(0) })
  })

  it('a processing order ships 1 day after it entered processing', () => {
    const { domain, persona, runTo, entity } = model()
    createOrder(domain, WS, persona, { product_id: 'prod-123', quantity: 1 })
    runTo(0.5)
    const order = entity('order', 'ORD-1001')
    expect(order.lifecycle?.state).toBe('processing')
    expect(entityState(domain, order).next_transition).toEqual({ to: 'shipped', at: at(1) })
  })

  it("an order whose next step's condition does not hold has none, on its body as on its envelope", () => {
    const { domain, persona, runTo, entity } = model()
    createOrder(domain, WS, persona, { product_id: 'prod-123', quantity: 1 })
    runTo(0.5)
    const order = entity('order', 'ORD-1001')
    const waiting = { ...order, data: { ...order.data, inventory_available: false }, updated_at: T0 + DAY_MS / 2 }
    domain.world.putEntity(waiting)
    expect(orderBody(domain, waiting).next_transition).toBeNull()
    expect(entityState(domain, waiting).next_transition).toBeNull()
  })

  it('a completed order has none, nor has an entity without a lifecycle', () => {
    const { domain, persona, runTo, entity } = model()
    createOrder(domain, WS, persona, { product_id: 'prod-123', quantity: 1 })
    runTo(30)
    expect(entity('order', 'ORD-1001').lifecycle?.state).toBe('completed')
    expect(entityState(domain, entity('order', 'ORD-1001')).next_transition).toBeNull()
    expect(entityState(domain, entity('payment', 'PAY-5001')).next_transition).toBeNull()
  })

  it('a subscription with a failed payment falls past_due 30 days after it became active; without one, nothing is due', () => {
    const { domain, persona } = model()
    const user = domain.personaEntity(WS, persona)
    expect(user.lifecycle?.state).toBe('active')
    expect(subscriptionBody(domain, persona, user).next_transition).toBeNull()
    const failed = { ...user, data: { ...user.data, payment_failed_count: 1 }, updated_at: T0 + DAY_MS }
    domain.world.putEntity(failed)
    expect(subscriptionBody(domain, persona, failed).next_transition).toEqual({ to: 'past_due', at: at(30) })
    expect(entityState(domain, failed).next_transition).toEqual({ to: 'past_due', at: at(30) })
  })

  it('a condition that became true after the delay ran out is due when it became true (updated_at), not before', () => {
    const { domain, persona, runTo, entity } = model()
    domain.personaEntity(WS, persona)
    runTo(40)
    const user = entity('user', 'user-123')
    const failed = { ...user, data: { ...user.data, payment_failed_count: 1 }, updated_at: T0 + 40 * DAY_MS }
    domain.world.putEntity(failed)
    expect(entityState(domain, failed).next_transition).toEqual({ to: 'past_due', at: at(40) })
  })

  it('is in calendar time: a clock set back re-labels it', () => {
    const { domain, persona } = model()
    const order = createOrder(domain, WS, persona, { product_id: 'prod-123', quantity: 1 })
    domain.setClock(WS, enableClock(domain.workspace(WS).clock, T0, { time: T0 - 10 * DAY_MS }))
    expect(entityState(domain, order).next_transition).toEqual({ to: 'processing', at: at(-10) })
  })
})

describe('exact shapes', () => {
  it('an order: its fields, status, times, milestones, tracking number, payments and next step, in that order', () => {
    const { domain, persona, runTo, entity } = model()
    createOrder(domain, WS, persona, { product_id: 'prod-123', quantity: 2 })
    runTo(1)
    const body = orderBody(domain, entity('order', 'ORD-1001'))
    expect(Object.keys(body)).toEqual([
      'id', 'user_id', 'product_id', 'product_name', 'quantity', 'unit_price', 'total', 'currency', 'status', 'created_at', 'updated_at',
      'processing_at', 'shipped_at', 'tracking_number', 'payment_ids', 'next_transition',
    ])
    expect(body).toEqual({
      id: 'ORD-1001', user_id: 'user-123', product_id: 'prod-123', product_name: 'Wireless Noise-Cancelling Headphones', quantity: 2,
      unit_price: 49.99, total: 99.98, currency: 'USD', status: 'shipped', created_at: at(0), updated_at: at(1),
      processing_at: at(0), shipped_at: at(1), tracking_number: 'TRACK001001', payment_ids: ['PAY-5001'],
      // Shipped a day in: delivered three days after shipping.
      next_transition: { to: 'delivered', at: at(4) },
    })
  })

  it("an entity's envelope is MockForge's EntityState, next_transition added last", () => {
    const { domain, persona } = model()
    const user = domain.personaEntity(WS, persona)
    const state = entityState(domain, user)
    expect(Object.keys(state)).toEqual([
      'entity_type', 'entity_id', 'data', 'seen_in_protocols', 'created_at', 'updated_at', 'persona_id', 'next_transition',
    ])
    expect(state).toMatchObject({
      entity_type: 'user', entity_id: 'user-123', seen_in_protocols: ['Http'], created_at: at(0), updated_at: at(0), persona_id: 'user:user-123',
      next_transition: null,
    })
    expect(state.data).toMatchObject({ id: 'user-123', email: 'user@example.com', name: 'Demo User', status: 'active' })
  })

  it('the subscription and its next step, last', () => {
    const { domain, persona } = model()
    const body = subscriptionBody(domain, persona, domain.personaEntity(WS, persona))
    expect(body).toEqual({
      user_id: 'user-123', plan: 'premium', status: 'active', billing_status: 'active', subscription_status: 'active',
      payment_method: 'credit_card', payment_failed_count: 0, status_since: at(0), started_at: at(0), canceled_at: null,
      lifecycle_preset: 'subscription', history: [{ status: 'active', at: at(0) }], next_transition: null,
    })
    expect(Object.keys(body).at(-1)).toBe('next_transition')
  })

  it("a user of the consistency API: its data, then its orders' ids and count", () => {
    const { domain, persona, entity } = model()
    createOrder(domain, WS, persona, { product_id: 'prod-123', quantity: 1 })
    createOrder(domain, WS, persona, { product_id: 'prod-124', quantity: 1 })
    const body = consistencyUserBody(domain, entity('user', 'user-123'), [entity('order', 'ORD-1001'), entity('order', 'ORD-1002')])
    expect(JSON.stringify(body)).toBe(
      '{"id":"user-123","email":"user@example.com","name":"Demo User","subscription_tier":"premium","status":"active","order_ids":["ORD-1001","ORD-1002"],"order_count":2}',
    )
  })

  it("an order of the consistency API: the order, then its user's name and email while that user exists", () => {
    const { domain, persona, entity } = model()
    const order = createOrder(domain, WS, persona, { product_id: 'prod-123', quantity: 1 })
    const shop = JSON.stringify(orderBody(domain, order))
    expect(JSON.stringify(consistencyOrderBody(domain, order, entity('user', 'user-123')))).toBe(
      `${shop.slice(0, -1)},"user_name":"Demo User","user_email":"user@example.com"}`,
    )
    expect(JSON.stringify(consistencyOrderBody(domain, order, undefined))).toBe(shop)
  })

  it('an upsert: success, workspace, whether it created the entity, then its EntityState', () => {
    const { domain, persona } = model()
    const user = domain.personaEntity(WS, persona)
    const body = entityUpsertBody(domain, WS, user, false)
    expect(JSON.stringify(body)).toBe(`{"success":true,"workspace":"default","created":false,"entity":${JSON.stringify(entityState(domain, user))}}`)
    expect(entityUpsertBody(domain, WS, user, true).created).toBe(true)
  })

  it('socket frames and webhook payloads of a step', () => {
    const fact: Fact = {
      workspace: WS, event: 'order.shipped', at: T0, timestamp: at(1), subject: 'order:ORD-1001',
      data: { order_id: 'ORD-1001', user_id: 'user-123', status: 'shipped', previous_status: 'processing', tracking_number: 'TRACK001001' },
    }
    expect(JSON.stringify(socketFrame(fact))).toBe(
      `{"type":"order_status_update","order_id":"ORD-1001","status":"shipped","timestamp":"${at(1)}","tracking_number":"TRACK001001"}`,
    )
    expect(JSON.stringify(webhookPayload(fact))).toBe(
      `{"event":"order.shipped","order_id":"ORD-1001","user_id":"user-123","status":"shipped","previous_status":"processing","tracking_number":"TRACK001001","timestamp":"${at(1)}"}`,
    )
    expect(socketFrame({ ...fact, event: 'webhook.received' })).toBeNull()
  })

  it('socket frames and webhook payloads of a step of any other type: <type>_status_update with its <type>_id', () => {
    const fact: Fact = {
      workspace: WS, event: 'loan.overdue', at: T0, timestamp: at(14), subject: 'loan:L1',
      data: { loan_id: 'L1', status: 'overdue', previous_status: 'active' },
    }
    expect(JSON.stringify(socketFrame(fact))).toBe(
      `{"type":"loan_status_update","loan_id":"L1","status":"overdue","previous_status":"active","timestamp":"${at(14)}"}`,
    )
    expect(JSON.stringify(webhookPayload(fact))).toBe(
      `{"event":"loan.overdue","loan_id":"L1","status":"overdue","previous_status":"active","timestamp":"${at(14)}"}`,
    )
    // Only a lifecycle step: a fact without the type's id or a status is no frame.
    expect(socketFrame({ ...fact, data: { book_id: 'B1', status: 'overdue' } })).toBeNull()
    expect(socketFrame({ ...fact, data: { loan_id: 'L1' } })).toBeNull()
  })

  it('the clock status and an error', () => {
    const clock = enableClock(initialClock(T0), T0, { time: T0 + DAY_MS, scale: 0 })
    expect(clockStatus(clock, T0 + 5000)).toEqual({ enabled: true, current_time: at(1), scale_factor: 0, real_time: new Date(T0 + 5000).toISOString() })
    expect(errorBody(new VerisimError('validation_error', 'Bad.', 400, 'quantity'))).toEqual({ error: 'validation_error', message: 'Bad.', field: 'quantity' })
    expect(errorBody(new VerisimError('not_found', 'Gone.', 404))).toEqual({ error: 'not_found', message: 'Gone.' })
  })

  it('GET /api/v1/consistency/state names every entity’s next transition', async () => {
    const { call, login } = await testEngine()
    await call('POST', '/__mockforge/time-travel/enable', { time: at(0), scale: 0 })
    await login()
    await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
    const { entity_state: entities } = (await call('GET', '/api/v1/consistency/state')).body
    expect(entities['order:ORD-1001'].next_transition).toEqual({ to: 'shipped', at: at(1) })
    expect(entities['user:user-123'].next_transition).toBeNull()
    expect(entities['payment:PAY-5001'].next_transition).toBeNull()
  })
})

it('types: a webhook payload by its event, a frame by its type', () => {
  expectTypeOf<WebhookPayloadOf<'order.shipped'>>().toEqualTypeOf<OrderShippedPayload>()
  expectTypeOf<WebhookPayloadOf<'order.shipped'>['tracking_number']>().toEqualTypeOf<string>()
  expectTypeOf<WebhookPayloadOf<'order.delivered'>>().toEqualTypeOf<OrderStatusPayload<'order.delivered'>>()
  expectTypeOf<WebhookPayloadOf<'subscription.past_due'>['payment_failed_count']>().toEqualTypeOf<number>()
  expectTypeOf<WebhookPayloadOf<string>>().toEqualTypeOf<WebhookPayload>()
  expectTypeOf<WebhookPayloadOf<'subscription.past_due'>>().toEqualTypeOf<SubscriptionStatusPayload<'subscription.past_due'>>()
  expectTypeOf<Extract<SocketFrame, { type: 'payment_received' }>['amount']>().toEqualTypeOf<number>()
  // Any other entity type a preset drives: `loan.overdue` carries its `loan_id`.
  expectTypeOf<WebhookPayloadOf<'loan.overdue'>>().toEqualTypeOf<EntityStatusPayload<'loan.overdue'>>()
  expectTypeOf<WebhookPayloadOf<'loan.overdue'>['loan_id']>().toEqualTypeOf<string>()
  expectTypeOf<EntityStatusUpdateFrame<'loan'>['type']>().toEqualTypeOf<'loan_status_update'>()
  expectTypeOf<EntityStatusUpdateFrame<'loan'>['loan_id']>().toEqualTypeOf<string>()
})
