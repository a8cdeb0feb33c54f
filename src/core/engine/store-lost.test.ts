import { expect, it } from 'vitest'
import { LosingStore } from '../../testing/losing-store.ts'
import { testEngine } from '../../testing/test-engine.ts'
import { refusedWrites } from '../../testing/refused-writes.ts'
import type { EngineWarning, StorageMode } from './events.ts'
import { tabHub } from './memory-tabs.ts'

// IndexedDB that fails after it opened (storage full, the database closed or deleted under the
// page): the engine goes on in memory with everything so far, and says so once.

const ORDER = { product_id: 'prod-123', quantity: 1 }
const QUOTA = 'QuotaExceededError: The quota has been exceeded'
const DAY = 86_400_000

async function watched(store: LosingStore) {
  const t = await testEngine({ store })
  const warnings: EngineWarning[] = []
  const modes: StorageMode[] = []
  t.engine.events.on('warning', (warning) => warnings.push(warning))
  t.engine.events.on('storage', (mode) => modes.push(mode))
  return { ...t, warnings, modes }
}

it('a write that fails because storage is full still gets its answer: memory takes over with it and all before it', async () => {
  const store = new LosingStore()
  const { call, login, engine, facts, clock, warnings, modes } = await watched(store)
  await login()
  store.fail(QUOTA)

  const created = await call('POST', '/api/orders', ORDER)
  expect(created.status).toBe(201)
  expect(created.body).toMatchObject({ id: 'ORD-1001', status: 'pending' })
  expect(facts.map((f) => f.event)).toContain('order.created')
  expect(engine.storage).toEqual({ kind: 'memory', reason: QUOTA, lost: true })
  expect(modes).toEqual([engine.storage])
  expect(warnings).toEqual([{ source: 'storage', message: expect.stringContaining(`The store failed while running (${QUOTA})`) }])
  expect(warnings[0]?.message).toContain('will not survive a reload, and other tabs of this origin do not share it')
  expect(engine.warnings.at(-1)).toEqual(warnings[0])
  expect(store.closed).toBe(true)

  // The database holds what was stored before it failed (the login), nothing of the failed write.
  const kept = await store.database.load()
  expect(kept.workspaces.map((ws) => ws.persona_id)).toEqual(['user-123'])
  expect(kept.entities.filter((e) => e.type === 'order')).toEqual([])

  // The mock goes on: the persona stays logged in, the order moves on, numbers follow.
  expect((await call('GET', '/api/orders/ORD-1001')).body.status).toBe('processing')
  clock.wallNow += 2 * DAY
  expect((await call('GET', '/api/orders/ORD-1001')).body.status).toBe('shipped')
  expect((await call('POST', '/api/orders', ORDER)).body.id).toBe('ORD-1002')
  expect((await call('GET', '/api/v1/consistency/users/user-123')).body.order_ids).toEqual(['ORD-1001', 'ORD-1002'])
  expect(warnings).toHaveLength(1)
  expect(modes).toHaveLength(1)
})

it('after the fallback a failed request still leaves no trace: the memory store holds the whole world to go back to', async () => {
  const store = new LosingStore()
  const { call, login, clock } = await watched(store)
  await login()
  await call('POST', '/api/orders', ORDER)
  store.fail(QUOTA)
  await call('POST', '/api/orders', ORDER)
  // Steps are due, and a request that fails takes them and then throws its changes away.
  clock.wallNow += 2 * DAY
  expect((await call('GET', '/api/nothing')).status).toBe(404)
  const orders = await call('GET', '/api/orders')
  expect(orders.body.orders.map((o: { id: string; status: string }) => `${o.id} ${o.status}`)).toEqual(['ORD-1001 shipped', 'ORD-1002 shipped'])
  expect((await call('GET', '/api/v1/consistency/persona')).body.persona.id).toBe('user-123')
  const deliveries = (await call('GET', '/__mockforge/webhooks/deliveries')).body.deliveries as Array<{ event: string; status: string }>
  expect(deliveries.filter((d) => d.event === 'order.created').map((d) => d.status)).toEqual(['delivered', 'delivered'])
})

it('a database closed under the engine moves it to memory at once, before any request finds out', async () => {
  const store = new LosingStore()
  const { call, login, engine, warnings, modes } = await watched(store)
  await login()
  await call('POST', '/api/orders', ORDER)
  store.lose('the browser closed the database (site data cleared, or storage evicted)')
  await engine.settled()
  expect(engine.storage).toEqual({ kind: 'memory', reason: 'the browser closed the database (site data cleared, or storage evicted)', lost: true })
  expect(modes).toHaveLength(1)
  expect(warnings.map((w) => w.source)).toEqual(['storage'])
  expect((await call('GET', '/api/orders/ORD-1001')).body.status).toBe('processing')
  expect((await call('POST', '/api/orders', ORDER)).body.id).toBe('ORD-1002')
  expect(warnings).toHaveLength(1)
})

it('a write the store refuses for its data is not a lost store: 500, the state as it was, storage unchanged', async () => {
  const store = new LosingStore()
  const writes = refusedWrites(store)
  const { call, login, engine, modes } = await watched(store)
  await login()
  writes.refusing = true
  expect((await call('POST', '/api/orders', ORDER)).status).toBe(500)
  writes.refusing = false
  expect((await call('POST', '/api/orders', ORDER)).body.id).toBe('ORD-1001')
  expect(engine.storage).toBe(null)
  expect(modes).toEqual([])
})

it('the leading tab whose database fails leads its own state alone; another tab takes the lead of the database', async () => {
  const hub = tabHub()
  const first = new LosingStore()
  const a = await testEngine({ store: first, tabs: hub('a') })
  const b = await testEngine({ store: new LosingStore(first.database), tabs: hub('b') })
  await a.login()
  first.fail(QUOTA)
  expect((await a.call('POST', '/api/orders', ORDER)).body.id).toBe('ORD-1001')
  expect([a.engine.leading, b.engine.leading]).toEqual([true, true])
  // Each tab now answers from its own state: b from the database, as it was before a's write failed.
  expect((await b.call('GET', '/api/orders/ORD-1001')).status).toBe(404)
  expect((await b.call('POST', '/api/orders', ORDER)).body.id).toBe('ORD-1001')
  expect((await a.call('POST', '/api/orders', ORDER)).body.id).toBe('ORD-1002')
  await Promise.resolve()
  expect(a.facts.filter((f) => f.event === 'order.created').map((f) => f.subject)).toEqual(['order:ORD-1001', 'order:ORD-1002'])
  expect(b.engine.storage).toBe(null)
})

it('a following tab whose database is lost stops forwarding and leads alone, from what it last read', async () => {
  const hub = tabHub()
  const database = new LosingStore()
  const a = await testEngine({ store: database, tabs: hub('a') })
  await a.login()
  await a.call('POST', '/api/orders', ORDER)
  const connection = new LosingStore(database.database)
  const b = await testEngine({ store: connection, tabs: hub('b') })
  expect(b.engine.leading).toBe(false)
  connection.lose('another page of this origin deleted the database')
  await b.engine.settled()
  expect([a.engine.leading, b.engine.leading]).toEqual([true, true])
  expect((await b.call('GET', '/api/orders/ORD-1001')).body.status).toBe('processing')
  expect((await b.call('POST', '/api/orders', ORDER)).body.id).toBe('ORD-1002')
  expect((await a.call('POST', '/api/orders', ORDER)).body.id).toBe('ORD-1002')
  expect(a.engine.storage).toBe(null)
})
