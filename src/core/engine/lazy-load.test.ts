import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { compiledScenarioSource } from '../../testing/compiled-scenario.ts'
import { HeldStore } from '../../testing/held-store.ts'
import { LosingStore } from '../../testing/losing-store.ts'
import { refusedWrites } from '../../testing/refused-writes.ts'
import { testEngine } from '../../testing/test-engine.ts'
import { MemoryStore } from '../model/memory-store.ts'
import { TABLES, type PartialReads, type Store, type StoreOp } from '../model/store.ts'
import { loadScenario } from '../scenario/load-scenario.ts'
import { Engine } from './engine.ts'
import { tabHub } from './memory-tabs.ts'

// After a reload the engine reads the store's head and answers from it, reading entities as
// requests need them and the rest in the background: every answer is the one a full load gives.

const ORDER = { product_id: 'prod-123', quantity: 1 }
const DAY = 86_400_000
const START = Date.parse('2026-03-01T12:00:00Z')
/** Seeding hundreds of orders takes seconds on a busy machine. */
const SLOW = 30_000

/** A store with 300 orders of the active persona, shipped by a day of frozen world time, and the answers read from it then. */
async function seeded(frozen = true) {
  const store = new MemoryStore()
  const t = await testEngine({ store, wallNow: START })
  await t.login()
  if (frozen) await t.call('POST', '/__mockforge/time-travel/enable', { time: '2025-01-27T00:00:00Z', scale: 0 })
  await t.engine.seedOrders('default', 'user-123', Array.from({ length: 300 }, () => ORDER))
  if (frozen) await t.call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })
  const order = (await t.call('GET', '/api/orders/ORD-1001')).body
  const list = (await t.call('GET', '/api/orders')).body
  t.engine.stop()
  return { store, order, list }
}

/** The same store without reads in parts: an engine on it reads everything at start, as before. */
function whole(store: Store): Store {
  return { load: () => store.load(), write: (ops) => store.write(ops), version: () => store.version(), close: () => undefined }
}

async function copyOf(store: MemoryStore): Promise<MemoryStore> {
  const snapshot = await store.load()
  const copy = new MemoryStore()
  await copy.write(TABLES.flatMap((table) => (snapshot[table] as Array<never>).map((put) => ({ table, put }) as StoreOp)))
  return copy
}

/** Lets the engine run whatever it can (the memory store answers within a few turns). */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve))
}

it('a reload whose first request reads one order answers before the rest is read, exactly as before the reload', async () => {
  const { store, order } = await seeded()
  const held = new HeldStore(store)
  const { call } = await testEngine({ store: held, wallNow: START })

  const first = await call('GET', '/api/orders/ORD-1001')
  expect(first.status).toBe(200)
  expect(first.body).toEqual(order)
  expect(held.restDelivered).toBe(false)
  // The order, its lifecycle's page, and what links from it (its payment) were read by key.
  expect(held.reads).toEqual(expect.arrayContaining(['head', 'entities', 'lifecycles', 'linked']))
  expect(held.reads.filter((read) => read !== 'rest').length).toBeLessThan(10)
}, SLOW)

it('a request that lists entities waits for the whole world, then answers as a full load does', async () => {
  const { store, list } = await seeded()
  const held = new HeldStore(store)
  const { call } = await testEngine({ store: held, wallNow: START })

  let answered = false
  const listed = call('GET', '/api/orders').then((response) => ((answered = true), response))
  await settle()
  expect(answered).toBe(false)
  held.release()
  const { status, body } = await listed
  expect(status).toBe(200)
  expect(body).toEqual(list)
  expect(body.count).toBe(300)
}, SLOW)

it('writes made while the rest is read win over the older rest, and match a full load of the store after them', async () => {
  const { store } = await seeded()
  // The rest is read at start, before the writes below, and handed over after them.
  const held = new HeldStore(store)
  const { call, engine } = await testEngine({ store: held, wallNow: START })
  const created = await call('POST', '/api/orders', ORDER)
  expect(created.body.id).toBe('ORD-1301')
  const upsert = await call('POST', '/api/v1/consistency/entities', { entity_type: 'order', entity_id: 'ORD-1250', data: { note: 'gift' } })
  expect(upsert.status).toBe(200)
  held.release()
  // Steps come due that entities not read yet take: the advance waits for the whole world.
  expect((await call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })).status).toBe(200)
  const lazy = (await call('GET', '/api/orders')).body
  engine.stop()

  const full = await testEngine({ store: whole(store), wallNow: START })
  expect(lazy).toEqual((await full.call('GET', '/api/orders')).body)
  expect(lazy.count).toBe(301)
  expect(lazy.orders.find((o: { id: string }) => o.id === 'ORD-1250')).toMatchObject({ note: 'gift', status: 'shipped' })
  expect(lazy.orders.find((o: { id: string }) => o.id === 'ORD-1301')).toMatchObject({ status: 'shipped' })
}, SLOW)

it('a write before the rest is handed over is kept when the rest arrives', async () => {
  const { store } = await seeded()
  const held = new HeldStore(store)
  const { call, engine } = await testEngine({ store: held, wallNow: START })
  const created = await call('POST', '/api/orders', ORDER)
  expect(held.restDelivered).toBe(false)
  held.release()
  await settle()
  // The world is whole now, from the rest read before the write and the write laid over it.
  const order = (await call('GET', `/api/orders/${created.body.id}`)).body
  const lazy = (await call('GET', '/api/orders')).body
  engine.stop()
  const full = await testEngine({ store: whole(store), wallNow: START })
  expect(order).toEqual((await full.call('GET', `/api/orders/${created.body.id}`)).body)
  expect(lazy).toEqual((await full.call('GET', '/api/orders')).body)
  expect(lazy.count).toBe(301)
}, SLOW)

it('lifecycles that came due while the page was away catch up after a reload, as with a full load', async () => {
  const { store } = await seeded(false)
  const twin = await copyOf(store)
  const later = START + 2 * DAY

  const held = new HeldStore(store)
  const starting = testEngine({ store: held, wallNow: later })
  await settle()
  held.release()
  const lazy = await starting
  const full = await testEngine({ store: whole(twin), wallNow: later })

  // Both reach the same world, by the same steps, reported alike (to the mock's own receivers).
  expect(lazy.inspected.length).toBeGreaterThanOrEqual(300)
  expect(lazy.inspected).toEqual(full.inspected)
  expect((await lazy.call('GET', '/api/orders')).body).toEqual((await full.call('GET', '/api/orders')).body)
}, SLOW)

it('a store lost while the rest is read leaves memory with what was read: it answers those as before', async () => {
  const { store, order } = await seeded()
  const losing = new LosingStore(store)
  const held = new HeldStore(losing)
  const { call, engine } = await testEngine({ store: held, wallNow: START })
  const warnings: string[] = []
  engine.events.on('warning', (warning) => warnings.push(warning.message))
  expect((await call('GET', '/api/orders/ORD-1001')).body).toEqual(order)

  losing.lose('another page of this origin deleted the database')
  expect((await call('GET', '/api/orders/ORD-1001')).body).toEqual(order)
  expect(warnings).toEqual([expect.stringContaining('another page of this origin deleted the database')])
  // It says that what was not read yet went with the database.
  expect(warnings[0]).toContain('goes on in memory with what it had read of the stored state since the page loaded; the rest, not read yet, is not available.')
  expect((await call('GET', '/api/orders/ORD-1250')).status).toBe(404)
  const created = await call('POST', '/api/orders', ORDER)
  expect(created.status).toBe(201)
  expect(created.body.id).toBe('ORD-1301')
  held.release()
  await settle()
  expect((await call('GET', '/api/orders')).body.orders.map((o: { id: string }) => o.id)).toEqual(['ORD-1001', 'ORD-1301'])
}, SLOW)

it("a first request that stores records as it reads others (a spec resource seeding its examples) answers, as with a full load, before the rest is read in the background", async () => {
  const scenario = loadScenario(await compiledScenarioSource(fileURLToPath(new URL('../../../scenarios/library', import.meta.url))))
  // A scheduler that never runs: the rest is not read behind the request, only as the request needs it.
  const start = (store: Store) => Engine.start({ scenario, store, wallNow: () => START, scheduler: { schedule: () => () => undefined }, pageOrigin: 'http://localhost:5173' })
  const members = async (engine: Engine) => {
    const response = await engine.handle(new Request('http://localhost:4010/api/members'))
    return { status: response.status, body: await response.json() }
  }
  const lazy = await members(await start(new MemoryStore()))
  const full = await members(await start(whole(new MemoryStore())))
  expect(lazy.status).toBe(200)
  expect(lazy).toEqual(full)
}, SLOW)

it('a tab that takes the lead after another wrote reads the head again, not the whole store: its answers are the leader\'s, before the rest is read', async () => {
  const { store, order } = await seeded()
  const hub = tabHub()
  const first = await testEngine({ store: new HeldStore(store), tabs: hub('a'), wallNow: START })
  const held = new HeldStore(store)
  const second = await testEngine({ store: held, tabs: hub('b'), wallNow: START })
  // The first tab leads and writes: the second's world, read at its start, is behind the store's.
  const created = await first.call('POST', '/api/orders', ORDER)
  expect(created.body.id).toBe('ORD-1301')
  const leaders = (await first.call('GET', '/api/orders/ORD-1301')).body
  first.engine.stop()
  expect(second.engine.leading).toBe(true)

  const reads = held.reads.length
  expect((await second.call('GET', '/api/orders/ORD-1301')).body).toEqual(leaders)
  expect((await second.call('GET', '/api/orders/ORD-1001')).body).toEqual(order)
  expect(held.restDelivered).toBe(false)
  expect(held.reads.slice(reads)).toContain('head')
  expect(held.reads).not.toContain('load')
  // Its writes go on from the leader's: the next number, and the whole world as a full load of the store reads it.
  expect((await second.call('POST', '/api/orders', ORDER)).body.id).toBe('ORD-1302')
  held.release()
  await settle()
  const list = (await second.call('GET', '/api/orders')).body
  expect(list.count).toBe(302)
  const full = await testEngine({ store: whole(store), wallNow: START })
  expect(list).toEqual((await full.call('GET', '/api/orders')).body)
}, SLOW)

it('a request that fails after it changed the world, before the rest is read, is undone from the head and the writes since, not by reading the whole store', async () => {
  const { store, order } = await seeded()
  const writes = refusedWrites(store)
  const held = new HeldStore(store)
  const { call } = await testEngine({ store: held, wallNow: START })
  expect((await call('POST', '/api/orders', ORDER)).body.id).toBe('ORD-1301')
  writes.refusing = true
  const failed = await call('POST', '/api/orders', ORDER)
  expect(failed.status).toBe(500)
  writes.refusing = false
  // As it was: the order made before the failure, the stored ones, and the next number.
  expect((await call('GET', '/api/orders/ORD-1301')).status).toBe(200)
  expect((await call('GET', '/api/orders/ORD-1001')).body).toEqual(order)
  expect((await call('POST', '/api/orders', ORDER)).body.id).toBe('ORD-1302')
  expect(held.reads).not.toContain('load')
  expect(held.restDelivered).toBe(false)
}, SLOW)

it('a background read of the rest that fails is said once as a warning; a request that needs all of it fails with its reason', async () => {
  const { store, order } = await seeded()
  const reads = store.partial as PartialReads
  const broken: Store = {
    load: () => store.load(), write: (ops) => store.write(ops), version: () => store.version(), close: () => undefined,
    partial: { ...reads, loadRest: () => Promise.reject(new Error('the disk went away')) },
  }
  const { call, engine } = await testEngine({ store: broken, wallNow: START })
  expect((await call('GET', '/api/orders/ORD-1001')).body).toEqual(order)
  await settle()
  const warnings = engine.warnings.filter((warning) => warning.source === 'storage').map((warning) => `${warning.source}: ${warning.message}`)
  expect(warnings).toEqual(['storage: The rest of the stored state could not be read (the disk went away): a request that needs all of it fails until the page is reloaded.'])
  const listed = await call('GET', '/api/orders')
  expect(listed.status).toBe(500)
  expect(listed.body.message).toContain('the disk went away')
}, SLOW)
