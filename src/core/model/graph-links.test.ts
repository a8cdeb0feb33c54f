import { expect, it } from 'vitest'
import type { LinkRule } from '../scenario/scenario.ts'
import { derivedLinks, relationship, relationships } from './graph-links.ts'
import type { EntityRecord } from './store.ts'
import { World } from './world.ts'

const SHOP: LinkRule[] = [
  { type: 'order', field: 'user_id', from: 'user', rel: 'has_orders' },
  { type: 'payment', field: 'order_id', from: 'order', rel: 'has_payments' },
]
const LIBRARY: LinkRule[] = [...SHOP, { type: 'loan', field: 'book_id', from: 'book', rel: 'has_loans' }]
const entity = (type: string, id: string, data: Record<string, unknown>): EntityRecord => ({ workspace: 'w', type, id, data, created_at: 0, ordinal: 1 })

it("an entity's field names its parent by the scenario's rules: book —has_loans→ loan", () => {
  expect(derivedLinks(entity('loan', 'L1', { book_id: 'B1', user_id: 'u-1' }), LIBRARY)).toEqual([{ workspace: 'w', from: 'book:B1', rel: 'has_loans', to: 'loan:L1' }])
  expect(derivedLinks(entity('order', 'ORD-1', { user_id: 'u-1' }), LIBRARY)).toEqual([{ workspace: 'w', from: 'user:u-1', rel: 'has_orders', to: 'order:ORD-1' }])
  // A field that is not a string names nothing; without the rule, a loan links to nothing.
  expect(derivedLinks(entity('loan', 'L1', { book_id: 7 }), LIBRARY)).toEqual([])
  expect(derivedLinks(entity('loan', 'L1', { book_id: 'B1' }), SHOP)).toEqual([])
})

it("relationships are MockForge's, the seed's spellings of them and every rel of the scenario's rules", () => {
  expect(relationships(SHOP)).toEqual(['has_orders', 'has_payments', 'has_notifications'])
  expect(relationships(LIBRARY)).toEqual(['has_orders', 'has_payments', 'has_notifications', 'has_loans'])
  expect(relationship('has_loans', LIBRARY)).toBe('has_loans')
  expect(relationship('has_loans', SHOP)).toBeUndefined()
  expect(relationship('has_payment', LIBRARY)).toBe('has_payments')
  expect(relationship('receives_notifications', SHOP)).toBe('has_notifications')
})

it('refuses a link rule on a field that is not <type>_id: a store indexes links by those fields alone', () => {
  expect(() => new World([...SHOP, { type: 'loan', field: 'borrower', from: 'user', rel: 'has_loans' }])).toThrow("A link rule on 'loan.borrower': only <type>_id fields may link entities")
  expect(() => new World(LIBRARY)).not.toThrow()
})
