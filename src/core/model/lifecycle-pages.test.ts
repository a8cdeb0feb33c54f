import { expect, it } from 'vitest'
import { apply } from '../lifecycle/lifecycle.ts'
import { testEngine } from '../../testing/test-engine.ts'
import { MemoryStore } from './memory-store.ts'
import type { StoreOp } from './store.ts'
import { copyOf } from './world-copy.ts'
import { World } from './world.ts'

const JAN_27 = '2025-01-27T00:00:00Z'
const ORDER = { product_id: 'prod-123', quantity: 1 }

/** A memory store that keeps the ops of every write. */
class RecordingStore extends MemoryStore {
  readonly writes: StoreOp[][] = []
  override write(ops: readonly StoreOp[]): Promise<number> {
    this.writes.push([...ops])
    return super.write(ops)
  }
}

const tablesOf = (ops: readonly StoreOp[] = []) => ops.map((op) => ('table' in op ? op.table : 'clear'))

/** An engine on `store` at a frozen clock, logged in. */
async function frozen(store: MemoryStore) {
  const t = await testEngine({ store })
  await t.login()
  await t.call('POST', '/__mockforge/time-travel/enable', { time: JAN_27, scale: 0 })
  return t
}

it('an order placed beside hundreds of others on its page writes its own records only: its lifecycle is in its record, no page is rewritten', async () => {
  const store = new RecordingStore()
  const { engine, call } = await frozen(store)
  await engine.seedOrders('default', 'user-123', Array.from({ length: 300 }, () => ORDER))
  await call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })
  store.writes.length = 0

  const { body } = await call('POST', '/api/orders', ORDER)
  expect(store.writes).toHaveLength(1)
  // The new order comes due before the others: the workspace's due record moves earlier.
  expect(tablesOf(store.writes[0])).toEqual(['workspaces', 'entities', 'entities', 'dues', 'delivery_log'])
  const order = store.writes[0]!.find((op) => 'put' in op && op.table === 'entities' && op.put.id === body.id)
  // Created pending and moved on at once (processing after 0 days): one record, its latest state.
  expect(order && 'put' in order && order.table === 'entities' && order.put.lifecycle?.state).toBe('processing')
})

it('a step alone rewrites the page, and the page wins over the older copy in the record after a reload', async () => {
  const store = new RecordingStore()
  const first = await frozen(store)
  const { body } = await first.call('POST', '/api/orders', ORDER)
  store.writes.length = 0
  await first.call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })
  expect(tablesOf(store.writes.flat())).not.toContain('entities')
  expect(tablesOf(store.writes.flat())).toContain('lifecycles')
  first.engine.stop()
  // The order's record still holds the lifecycle it was created with.
  const stored = await store.load()
  expect(stored.entities.find((entity) => entity.id === body.id)?.lifecycle?.state).toBe('processing')
  expect(new World([], stored).entity('default', 'order', body.id)?.lifecycle?.state).toBe('shipped')

  const second = await testEngine({ store })
  expect((await second.call('GET', `/api/orders/${body.id}`)).body.status).toBe('shipped')
  await second.call('POST', '/__mockforge/time-travel/advance', { duration: '3d' })
  expect((await second.call('GET', `/api/orders/${body.id}`)).body.status).toBe('delivered')
})

it("an entity's fields changed before any step keep its lifecycle in its record across a reload", async () => {
  const store = new MemoryStore()
  const first = await frozen(store)
  const { body } = await first.call('POST', '/api/orders', ORDER)
  await first.call('POST', '/api/v1/consistency/entities', { entity_type: 'order', entity_id: body.id, data: { note: 'gift' } })
  first.engine.stop()

  const second = await testEngine({ store })
  expect((await second.call('GET', `/api/orders/${body.id}`)).body.status).toBe('processing')
  await second.call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })
  expect((await second.call('GET', `/api/orders/${body.id}`)).body.status).toBe('shipped')
})

it("a world's copy keeps each lifecycle where the world writes it next, so later writes to the copy read back the same", async () => {
  const source = new MemoryStore()
  const { engine, call } = await frozen(source)
  await call('POST', '/api/orders', ORDER)
  await call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })
  await call('POST', '/api/orders', ORDER)
  engine.stop()
  const world = new World([], await source.load())

  const copy = new MemoryStore()
  await copy.write(copyOf(world))
  // The paged lifecycle's entity changes its fields; the other changes both, in its record.
  const [paged, inline] = world.entities('default', 'order')
  world.putEntity({ ...paged!, data: { ...paged!.data, note: 'gift' } })
  world.putEntity({ ...inline!, data: { ...inline!.data, note: 'gift' }, lifecycle: apply(inline!.lifecycle!, { from: 'processing', to: 'cancelled', at: 0 }) })
  await copy.write(world.takeOps())

  const states = (w: World) => w.entities('default', 'order').map((order) => [order.id, order.lifecycle?.state, order.data.note])
  expect(states(new World([], await copy.load()))).toEqual([
    ['ORD-1001', 'shipped', 'gift'],
    ['ORD-1002', 'cancelled', 'gift'],
  ])
})
