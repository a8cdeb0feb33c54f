import { expect, it } from 'vitest'
import { refsOf } from './idb-schema.ts'

it("indexes an entity by the values of its link fields only, once each, within its workspace", () => {
  const order = { workspace: 'w', type: 'order', id: 'ORD-1', created_at: 0, ordinal: 1, data: { id: 'ORD-1', user_id: 'user-1', product_id: 'prod-1', status: 'pending', note: 'user-1', quantity: 2 } }
  expect(refsOf(order)).toEqual(['w\u0000user-1', 'w\u0000prod-1'])
  expect(refsOf({ ...order, data: { id: 'ORD-2', status: 'pending', payer_id: 7 } })).toEqual([])
})
