import { expect, it } from 'vitest'
import { parseCondition } from '../core/scenario/condition.ts'
import type { LifecyclePreset } from '../core/scenario/scenario.ts'
import { upcomingTransitions, type EntityState } from './upcoming.ts'

const DAY = 86_400_000
const T0 = Date.parse('2025-01-27T00:00:00Z')

const orders: LifecyclePreset = {
  name: 'order_fulfillment', type: 'order_fulfillment', initial: 'pending', defaults: { inventory_available: true },
  states: [
    { name: 'pending', transitions: [{ to: 'processing', afterMs: 0, condition: null }] },
    { name: 'processing', transitions: [{ to: 'shipped', afterMs: DAY, condition: parseCondition('inventory_available == true', 'c') }] },
    { name: 'shipped', transitions: [{ to: 'delivered', afterMs: 3 * DAY, condition: null }] },
    { name: 'delivered', transitions: [{ to: 'completed', afterMs: 7 * DAY, condition: null }] },
    { name: 'completed', transitions: [] },
  ],
}
const subscription: LifecyclePreset = {
  name: 'subscription', type: 'subscription', initial: 'new', defaults: { payment_failed_count: 0 },
  states: [
    { name: 'active', transitions: [
      { to: 'canceled', afterMs: 60 * DAY, condition: parseCondition('payment_failed_count > 2', 'c') },
      { to: 'past_due', afterMs: 30 * DAY, condition: parseCondition('payment_failed_count > 0', 'c') },
    ] },
  ],
}

const entity = (type: string, id: string, data: Record<string, unknown>, enteredAt: number): EntityState => ({
  entity_type: type, entity_id: id, data, created_at: new Date(T0).toISOString(), updated_at: new Date(enteredAt).toISOString(),
})
const presetOf = (e: EntityState) => (e.entity_type === 'order' ? orders : e.entity_type === 'user' ? subscription : undefined)

it('names the next state of each order and when it comes due, soonest first', () => {
  const found = upcomingTransitions([
    entity('order', 'ORD-1002', { status: 'shipped' }, T0),
    entity('order', 'ORD-1001', { status: 'processing' }, T0 + 1000),
    entity('payment', 'PAY-5001', { status: 'completed' }, T0),
  ], presetOf)
  expect(found.map((u) => `${u.id} ${u.from} → ${u.to} at ${new Date(u.dueAt).toISOString()}`)).toEqual([
    'ORD-1001 processing → shipped at 2025-01-28T00:00:01.000Z',
    'ORD-1002 shipped → delivered at 2025-01-30T00:00:00.000Z',
  ])
})

it('skips transitions whose condition does not hold, with the preset defaults filling missing fields', () => {
  expect(upcomingTransitions([entity('order', 'ORD-1', { status: 'processing', inventory_available: false }, T0)], presetOf)).toEqual([])
  expect(upcomingTransitions([entity('user', 'user-123', { status: 'active' }, T0)], presetOf)).toEqual([])
})

it('takes the earliest transition whose condition holds, as the engine does', () => {
  const [next] = upcomingTransitions([entity('user', 'user-123', { status: 'active', payment_failed_count: 3 }, T0)], presetOf)
  expect(next).toMatchObject({ node: 'user:user-123', to: 'past_due', dueAt: T0 + 30 * DAY })
})

it('leaves out terminal states and entities without a lifecycle', () => {
  expect(upcomingTransitions([
    entity('order', 'ORD-1', { status: 'completed' }, T0),
    entity('order', 'ORD-2', {}, T0),
    entity('webhook_receipt', 'rcv-1', { status: 'x' }, T0),
  ], presetOf)).toEqual([])
})
