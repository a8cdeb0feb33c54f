import { expect, it } from 'vitest'
import type { EntityState, NextTransition } from '../core/wire/wire.ts'
import { upcomingTransitions } from './upcoming.ts'

const T0 = '2025-01-27T00:00:00.000Z'

const entity = (type: string, id: string, status: string | undefined, next: NextTransition | null): EntityState => ({
  entity_type: type, entity_id: id, data: { id, ...(status ? { status } : {}) }, seen_in_protocols: ['Http'],
  created_at: T0, updated_at: T0, persona_id: `${type}:${id}`, next_transition: next,
})

it("lists each entity's next transition as the mock announces it, soonest first", () => {
  const found = upcomingTransitions([
    entity('order', 'ORD-1002', 'shipped', { to: 'delivered', at: '2025-01-30T00:00:00.000Z' }),
    entity('user', 'user-123', 'active', { to: 'past_due', at: '2025-02-26T00:00:00.000Z' }),
    entity('order', 'ORD-1001', 'processing', { to: 'shipped', at: '2025-01-28T00:00:01.000Z' }),
  ])
  expect(found.map((u) => `${u.node} ${u.from} → ${u.to} at ${new Date(u.dueAt).toISOString()}`)).toEqual([
    'order:ORD-1001 processing → shipped at 2025-01-28T00:00:01.000Z',
    'order:ORD-1002 shipped → delivered at 2025-01-30T00:00:00.000Z',
    'user:user-123 active → past_due at 2025-02-26T00:00:00.000Z',
  ])
})

it('leaves out entities with nothing due (terminal states, conditions that do not hold, no lifecycle)', () => {
  expect(upcomingTransitions([
    entity('order', 'ORD-1', 'completed', null),
    entity('user', 'user-123', 'active', null),
    entity('payment', 'PAY-5001', undefined, null),
  ])).toEqual([])
})

it('breaks ties in time by node, so the list does not reorder between loads', () => {
  const at = '2025-01-28T00:00:00.000Z'
  const found = upcomingTransitions([
    entity('order', 'ORD-1003', 'processing', { to: 'shipped', at }),
    entity('order', 'ORD-1001', 'processing', { to: 'shipped', at }),
  ])
  expect(found.map((u) => u.id)).toEqual(['ORD-1001', 'ORD-1003'])
  expect(found[0]).toEqual({ node: 'order:ORD-1001', type: 'order', id: 'ORD-1001', from: 'processing', to: 'shipped', dueAt: Date.parse(at) })
})
