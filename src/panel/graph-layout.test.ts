import { expect, it } from 'vitest'
import { layoutGraph } from './graph-layout.ts'
import type { EntityState } from '../core/wire/wire.ts'

const at = '2025-01-27T00:00:00.000Z'
const entity = (type: string, id: string, data: Record<string, unknown> = {}): EntityState => ({
  entity_type: type, entity_id: id, data: { id, ...data }, seen_in_protocols: ['Http'], created_at: at, updated_at: at, persona_id: `${type}:${id}`,
  next_transition: null,
})

it('links user → orders → payments from their fields and lays them out left to right', () => {
  const layout = layoutGraph([
    entity('payment', 'PAY-5002', { order_id: 'ORD-1002', status: 'completed' }),
    entity('order', 'ORD-1002', { user_id: 'user-123', status: 'shipped' }),
    entity('user', 'user-123', { name: 'Demo User', status: 'active' }),
    entity('order', 'ORD-1001', { user_id: 'user-123', status: 'processing' }),
    entity('payment', 'PAY-5001', { order_id: 'ORD-1001' }),
  ])
  expect(layout.columns).toEqual(['user', 'order', 'payment'])
  expect(layout.edges).toEqual(expect.arrayContaining([
    { from: 'user:user-123', to: 'order:ORD-1001', rel: 'has_orders' },
    { from: 'user:user-123', to: 'order:ORD-1002', rel: 'has_orders' },
    { from: 'order:ORD-1001', to: 'payment:PAY-5001', rel: 'has_payments' },
    { from: 'order:ORD-1002', to: 'payment:PAY-5002', rel: 'has_payments' },
  ]))
  expect(layout.edges).toHaveLength(4)
  const rows = Object.fromEntries(layout.nodes.map((n) => [n.key, [n.column, n.row]]))
  // Payments are leaves, one row each; an order sits beside its payment, the user between its orders.
  expect(rows).toEqual({
    'user:user-123': [0, 0.5], 'order:ORD-1001': [1, 0], 'order:ORD-1002': [1, 1], 'payment:PAY-5001': [2, 0], 'payment:PAY-5002': [2, 1],
  })
  expect(layout.rows).toBe(2)
})

it('colours by lifecycle state (payments have none) and labels users by name', () => {
  const layout = layoutGraph([
    entity('user', 'user-123', { name: 'Demo User', status: 'active' }),
    entity('payment', 'PAY-1', { order_id: 'ORD-9', status: 'completed' }),
  ])
  expect(layout.nodes.map((n) => [n.key, n.label, n.state])).toEqual([
    ['payment:PAY-1', 'PAY-1', null],
    ['user:user-123', 'Demo User', 'active'],
  ])
})

it('draws orphans and unknown types in rows of their own, hides webhook receipts, and stops at the row limit', () => {
  const layout = layoutGraph([
    entity('order', 'ORD-1', { user_id: 'nobody' }),
    entity('ticket', 'T-1'),
    entity('webhook_receipt', 'rcv-1'),
    ...Array.from({ length: 5 }, (_, i) => entity('user', `u-${i}`)),
  ], 4)
  expect(layout.columns).toEqual(['user', 'order', 'ticket'])
  expect(layout.edges).toEqual([])
  expect(layout.nodes).toHaveLength(4)
  expect(layout.hidden).toBe(4)
  expect(layout.rows).toBe(4)
})
