import { expect, it } from 'vitest'
import { layoutGraph, type GraphRules } from './graph-layout.ts'
import type { LifecyclePreset } from '../core/scenario/scenario.ts'
import type { EntityState } from '../core/wire/wire.ts'

const at = '2025-01-27T00:00:00.000Z'
/** The seed's link rules; no preset says where a state shows, so `status` does. */
const SHOP: GraphRules = {
  links: [
    { type: 'order', field: 'user_id', from: 'user', rel: 'has_orders' },
    { type: 'payment', field: 'order_id', from: 'order', rel: 'has_payments' },
  ],
  presets: [],
  entityLifecycles: {},
}
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
  ], SHOP)
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
  ], SHOP)
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
  ], SHOP, 4)
  expect(layout.columns).toEqual(['user', 'order', 'ticket'])
  expect(layout.edges).toEqual([])
  expect(layout.nodes).toHaveLength(4)
  expect(layout.hidden).toBe(4)
  expect(layout.rows).toBe(4)
})

it("links and colours entities of the scenario's own types: its link rules, and the field its preset shows state in", () => {
  const loans = { name: 'loans', type: 'loan', initial: 'requested', states: [], defaults: {}, entity: 'loan', statusField: 'loan_state' } satisfies LifecyclePreset
  const rules: GraphRules = {
    links: [...SHOP.links, { type: 'loan', field: 'book_id', from: 'book', rel: 'has_loans' }, { type: 'book', field: 'shelf_id', from: 'shelf', rel: 'holds' }],
    presets: [loans],
    entityLifecycles: { loan: 'loans' },
  }
  const layout = layoutGraph([
    entity('loan', 'L1', { book_id: 'B1', loan_state: 'overdue', status: 'not this' }),
    entity('book', 'B1', { shelf_id: 'S1', name: 'Dune' }),
    entity('shelf', 'S1'),
    entity('loan', 'L2', { book_id: 'B1', loan_state: 'active' }),
  ], rules)
  // Parents before the types hung under them, whatever their names.
  expect(layout.columns).toEqual(['shelf', 'book', 'loan'])
  expect(layout.edges).toEqual(expect.arrayContaining([
    { from: 'shelf:S1', to: 'book:B1', rel: 'holds' },
    { from: 'book:B1', to: 'loan:L1', rel: 'has_loans' },
    { from: 'book:B1', to: 'loan:L2', rel: 'has_loans' },
  ]))
  expect(layout.edges).toHaveLength(3)
  expect(layout.nodes.map((n) => [n.key, n.state])).toEqual(expect.arrayContaining([['loan:L1', 'overdue'], ['loan:L2', 'active'], ['book:B1', null]]))
})
