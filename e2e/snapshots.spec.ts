import type { Browser, Page } from '@playwright/test'
import { expect, test } from './support/fixtures.ts'
import type { HttpReceiver } from './support/http-receiver.ts'
import {
  api, BACKEND, createOrder, framesOf, gotoReady, listOf, login, openSocket, sendSocket, socketState, timeTravel, waitReady,
  type Json,
} from './support/page.ts'

// Snapshots of a workspace's world (`/__verisim/snapshots`, `/__verisim/state`), driven as a test
// suite or the devtools would: real requests from the page, sockets through its WebSocket, webhooks
// to a real receiver on 127.0.0.1.

const SNAPSHOTS = '/__verisim/snapshots'
const STATE = '/__verisim/state'
const CONSISTENCY = '/api/v1/consistency'
const JAN_27 = '2025-01-27T00:00:00.000Z'
const JAN_28 = '2025-01-28T00:00:00.000Z'
const SCENARIO = 'e2e-persona-flow'
const TEAM_B = { 'X-MockForge-Workspace': 'team-b' }

/** A named snapshot's wire form, as POST /__verisim/snapshots answers it. */
const META = {
  id: expect.stringMatching(/^snap_/),
  name: expect.any(String),
  workspace: 'default',
  virtual_time: expect.any(String),
  created_at: expect.any(String),
  entities: expect.any(Number),
  size_bytes: expect.any(Number),
  auto: false,
  trigger: null,
}

/**
 * The scenario's list and detail routes a client reads the world through. Orders that do not exist
 * are asked too: a world with one order more or less answers them differently.
 */
const ROUTES = [
  '/api/orders',
  ...[1001, 1002, 1003, 1004, 1005, 1006].map((n) => `/api/orders/ORD-${n}`),
  '/api/products',
  '/api/billing/subscription',
  '/api/support',
  `${CONSISTENCY}/persona`,
  `${CONSISTENCY}/persona/lifecycle`,
  `${CONSISTENCY}/users/user-123`,
  `${CONSISTENCY}/users/user-123/orders`,
  `${CONSISTENCY}/orders/ORD-1001`,
  `${CONSISTENCY}/entities`,
  `${CONSISTENCY}/state`,
  '/__mockforge/time-travel/status',
  '/__mockforge/webhooks',
]

type World = Record<string, { status: number; body: unknown }>

/** Every route's status and body; the clock status's `real_time` (the wall clock) is left out. */
async function worldOf(page: Page, headers: Record<string, string> = {}): Promise<World> {
  const world: World = {}
  for (const route of ROUTES) {
    const res = await api(page, 'GET', route, undefined, headers)
    const { real_time: _wall, ...body } = res.body ?? {}
    world[route] = { status: res.status, body: route.endsWith('/status') ? body : res.body }
  }
  return world
}

const takeSnapshot = (page: Page, name?: string, headers: Record<string, string> = {}) =>
  api(page, 'POST', SNAPSHOTS, name === undefined ? {} : { name }, headers)

const restore = (page: Page, idOrName: string, headers: Record<string, string> = {}) =>
  api(page, 'POST', `${SNAPSHOTS}/${encodeURIComponent(idOrName)}/restore`, undefined, headers)

const snapshotsOf = async (page: Page, headers: Record<string, string> = {}): Promise<Json[]> =>
  listOf(await api(page, 'GET', SNAPSHOTS, undefined, headers))

const clockOf = async (page: Page): Promise<Json> => (await api(page, 'GET', '/__mockforge/time-travel/status')).body

/** Registers a receiver URL for `events` at run time, as a test suite would (named after its path); resolves with the endpoint's id. */
async function register(page: Page, url: string, events: string[]): Promise<string> {
  const res = await api(page, 'POST', '/__mockforge/webhooks', { url, events, secret: 'whsec_e2e', name: new URL(url).pathname })
  expect(res.status, res.text).toBe(201)
  return res.body.id as string
}

/** The POSTs a receiver got on `path`. */
const postsTo = (receiver: HttpReceiver, path: string) => receiver.requests.filter((r) => r.method === 'POST' && r.url === path)

/** Opens the page's socket `feed` on the default workspace and waits for its init_ack. */
async function openFeed(page: Page): Promise<void> {
  await openSocket(page, 'feed')
  await sendSocket(page, 'feed', { type: 'init', workspace: 'default' })
  await expect.poll(async () => (await framesOf(page, 'feed')).map((f) => f.type)).toEqual(['init_ack'])
}

const restoredFrames = async (page: Page): Promise<Json[]> => (await framesOf(page, 'feed')).filter((f) => f.type === 'state_restored')

/** Lets deliveries and frames that were going to come arrive before counting them. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500))

/** The clock pinned at 2025-01-27, the demo user logged in, and `orders` orders placed (each processing). */
async function orderingWorld(page: Page, orders = 1): Promise<void> {
  expect((await timeTravel(page, 'enable', { time: JAN_27, scale: 0 })).status).toBe(200)
  expect((await login(page)).status).toBe(200)
  for (let i = 0; i < orders; i++) expect((await createOrder(page, i % 2 ? 'prod-124' : 'prod-123', 1)).status).toBe(201)
}

/** POSTs a restore from the page; resolves with how long its answer took, in ms. */
async function timedRestore(page: Page, idOrName: string): Promise<number> {
  return page.evaluate(async (url) => {
    const start = performance.now()
    const response = await fetch(url, { method: 'POST' })
    await response.text()
    if (!response.ok) throw new Error(`POST ${url} answered ${response.status}`)
    return performance.now() - start
  }, `${SNAPSHOTS}/${encodeURIComponent(idOrName)}/restore`)
}

/** A fresh browser context (its own empty IndexedDB) with one page on the demo, started. */
async function freshPage(browser: Browser, baseURL: string | undefined, path = '/'): Promise<Page> {
  const context = await browser.newContext(baseURL ? { baseURL } : {})
  const page = await context.newPage()
  await gotoReady(page, path)
  return page
}

test('the story: snapshot, ship, restore (processing again, one state_restored frame, nothing re-sent), ship again under a new webhook id', async ({ page, httpReceiver }) => {
  await gotoReady(page)
  const endpoint = await register(page, `${httpReceiver.url}/hooks`, ['order.shipped'])
  await orderingWorld(page)
  await openFeed(page)
  const processing = (await api(page, 'GET', '/api/orders/ORD-1001')).body
  expect(processing.status).toBe('processing')

  const made = await takeSnapshot(page, 'before-ship')
  expect(made.status, made.text).toBe(201)
  expect(made.body).toEqual({ ...META, name: 'before-ship', virtual_time: JAN_27 })
  expect(made.body.entities).toBe((await api(page, 'GET', `${CONSISTENCY}/entities`)).body.count)
  expect(made.body.size_bytes).toBeGreaterThan(0)
  expect((await api(page, 'GET', `${SNAPSHOTS}/before-ship`)).body).toEqual(made.body)
  expect((await api(page, 'GET', `${SNAPSHOTS}/${made.body.id}`)).body).toEqual(made.body)

  await timeTravel(page, 'advance', { duration: '1d' })
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body).toMatchObject({ status: 'shipped', tracking_number: 'TRACK001001' })
  await expect.poll(() => postsTo(httpReceiver, '/hooks').length).toBe(1)

  const restored = await restore(page, 'before-ship')
  expect(restored.status, restored.text).toBe(200)
  expect(restored.body).toEqual({ snapshot: made.body, workspace: 'default', virtual_time: JAN_27 })
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body).toEqual(processing)
  expect(await clockOf(page)).toMatchObject({ enabled: true, current_time: JAN_27, scale_factor: 0 })
  await expect.poll(() => restoredFrames(page)).toEqual([{ type: 'state_restored', snapshot_id: made.body.id, virtual_time: JAN_27 }])

  await settle()
  expect(postsTo(httpReceiver, '/hooks')).toHaveLength(1)
  expect(await restoredFrames(page)).toHaveLength(1)
  expect((await socketState(page, 'feed')).readyState).toBe(1)
  // The delivery made before the restore stays in the history, marked with the snapshot it was undone by.
  const deliveries = (await api(page, 'GET', '/__mockforge/webhooks/deliveries')).body.deliveries as Json[]
  expect(deliveries.filter((d) => d.endpoint === endpoint).map((d) => [d.event, d.status, d.before_restore])).toEqual([
    ['order.shipped', 'delivered', made.body.id],
  ])

  await timeTravel(page, 'advance', { duration: '1d' })
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body).toMatchObject({ status: 'shipped', shipped_at: JAN_28 })
  await expect.poll(() => postsTo(httpReceiver, '/hooks').length).toBe(2)
  const shipped = postsTo(httpReceiver, '/hooks')
  expect(shipped.map((r) => r.headers['x-webhook-event'])).toEqual(['order.shipped', 'order.shipped'])
  expect(shipped.map((r) => JSON.parse(r.body).order_id)).toEqual(['ORD-1001', 'ORD-1001'])
  expect(shipped[0]?.headers['x-webhook-id']).toEqual(expect.any(String))
  expect(shipped[1]?.headers['x-webhook-id']).not.toBe(shipped[0]?.headers['x-webhook-id'])
})

test('an endpoint that names verisim.state_restored gets one event per restore; the others get none', async ({ page, httpReceiver }) => {
  await gotoReady(page)
  await register(page, `${httpReceiver.url}/restored`, ['verisim.state_restored'])
  await register(page, `${httpReceiver.url}/orders`, ['order.*'])
  await orderingWorld(page)
  await expect.poll(() => postsTo(httpReceiver, '/orders').length).toBe(2) // order.created, order.processing
  const made = (await takeSnapshot(page, 'with-endpoints')).body
  const restored = await restore(page, made.id)
  expect(restored.status, restored.text).toBe(200)

  await expect.poll(() => postsTo(httpReceiver, '/restored').length).toBe(1)
  await settle()
  const [event] = postsTo(httpReceiver, '/restored')
  expect(event?.headers['x-webhook-event']).toBe('verisim.state_restored')
  expect(event?.body).toContain(made.id)
  expect(postsTo(httpReceiver, '/restored')).toHaveLength(1)
  expect(postsTo(httpReceiver, '/orders')).toHaveLength(2)
})

test('advance, set and reset each keep one automatic snapshot, newest first; restoring before-advance-… undoes the advance', async ({ page }) => {
  await gotoReady(page)
  await orderingWorld(page)
  const processing = await worldOf(page)
  expect(await snapshotsOf(page)).toEqual([])

  expect((await timeTravel(page, 'advance', { duration: '1d' })).status).toBe(200)
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body.status).toBe('shipped')
  expect((await timeTravel(page, 'set', { time: '2025-02-10T00:00:00Z' })).status).toBe(200)
  expect((await timeTravel(page, 'reset')).status).toBe(200)

  const list = await snapshotsOf(page)
  expect(list.map((s) => [s.auto, s.trigger, s.virtual_time, s.workspace])).toEqual([
    [true, 'reset', '2025-02-10T00:00:00.000Z', 'default'],
    [true, 'set', JAN_28, 'default'],
    [true, 'advance', JAN_27, 'default'],
  ])
  expect(list.map((s) => s.name)).toEqual([
    expect.stringMatching(/^before-reset-/), expect.stringMatching(/^before-set-/), expect.stringMatching(/^before-advance-/),
  ])
  for (const snapshot of list) expect(snapshot).toEqual({ ...META, auto: true, name: snapshot.name, trigger: snapshot.trigger, virtual_time: snapshot.virtual_time })

  const beforeAdvance = list[2]!
  const restored = await restore(page, beforeAdvance.name as string)
  expect(restored.status, restored.text).toBe(200)
  expect(restored.body).toEqual({ snapshot: beforeAdvance, workspace: 'default', virtual_time: JAN_27 })
  expect(await worldOf(page)).toEqual(processing)
  // Restoring is not one of the clock's moves: no snapshot is added, and none is dropped.
  expect(await snapshotsOf(page)).toEqual(list)
})

test('only the last 20 automatic snapshots are kept; a named one stays', async ({ page }) => {
  test.setTimeout(60_000)
  await gotoReady(page)
  await orderingWorld(page)
  expect((await takeSnapshot(page, 'named')).status).toBe(201)
  for (let hour = 0; hour < 22; hour++) expect((await timeTravel(page, 'advance', { duration: '1h' })).status).toBe(200)

  const list = await snapshotsOf(page)
  const autos = list.filter((s) => s.auto)
  expect(autos).toHaveLength(20)
  expect(autos.map((s) => s.virtual_time)).toEqual(Array.from({ length: 20 }, (_, i) => new Date(Date.parse(JAN_27) + (21 - i) * 3_600_000).toISOString()))
  expect(list.filter((s) => !s.auto).map((s) => s.name)).toEqual(['named'])
})

test('errors: a taken name is 409, an unknown snapshot 404, a deleted one 204 then 404; a bad import is 400 naming the problem and changes nothing', async ({ page }) => {
  await gotoReady(page)
  await orderingWorld(page)
  const first = await takeSnapshot(page, 'first')
  expect(first.status).toBe(201)

  const taken = await takeSnapshot(page, 'first')
  expect(taken.status).toBe(409)
  expect(taken.body).toMatchObject({ error: 'snapshot_name_taken', message: expect.stringContaining('first') })
  const reserved = await takeSnapshot(page, 'snap_mine')
  expect(reserved.status).toBe(400)
  expect(reserved.body).toMatchObject({ error: expect.any(String), message: expect.stringContaining('snap_') })
  const unnamed = await takeSnapshot(page)
  expect(unnamed.status).toBe(201)
  expect(unnamed.body.name).toBe(`snapshot-${JAN_27}`)

  for (const [method, path] of [
    ['GET', `${SNAPSHOTS}/snap_nothere`],
    ['GET', `${SNAPSHOTS}/no-such-name`],
    ['POST', `${SNAPSHOTS}/snap_nothere/restore`],
    ['GET', `${SNAPSHOTS}/snap_nothere/export`],
    ['DELETE', `${SNAPSHOTS}/snap_nothere`],
  ] as const) {
    const res = await api(page, method, path)
    expect(res.status, `${method} ${path}`).toBe(404)
    expect(res.body, `${method} ${path}`).toMatchObject({ error: 'snapshot_not_found', message: expect.any(String) })
  }

  const removed = await api(page, 'DELETE', `${SNAPSHOTS}/${unnamed.body.id}`)
  expect(removed.status).toBe(204)
  expect(removed.text).toBe('')
  expect((await api(page, 'GET', `${SNAPSHOTS}/${unnamed.body.id}`)).status).toBe(404)
  expect((await api(page, 'DELETE', `${SNAPSHOTS}/${unnamed.body.id}`)).status).toBe(404)
  expect((await restore(page, unnamed.body.name as string)).status).toBe(404)

  const exported = await api(page, 'GET', `${SNAPSHOTS}/first/export`)
  expect(exported.status).toBe(200)
  const document = exported.body
  const list = await snapshotsOf(page)
  const world = await worldOf(page)
  const bad: Array<[string, unknown, string, string]> = [
    ['another scenario', { ...document, scenario: 'library' }, 'snapshot_other_scenario', 'library'],
    ['a newer schema version', { ...document, schema_version: 99 }, 'snapshot_newer_version', '99'],
    ['no state', { ...document, state: undefined }, 'invalid_snapshot', 'state'],
    ['entities that are not a list', { ...document, state: { ...document.state, entities: 'many' } }, 'invalid_snapshot', 'entities'],
    ['a cut-off body', exported.text.slice(0, Math.floor(exported.text.length / 2)), 'invalid_snapshot', ''],
    ['not a snapshot', { hello: 'world' }, 'invalid_snapshot', ''],
  ]
  for (const [what, body, error, named] of bad) {
    const res = await api(page, 'POST', `${SNAPSHOTS}/import?name=imported`, body)
    expect(res.status, what).toBe(400)
    expect(res.body, what).toMatchObject({ error, message: expect.stringContaining(named) })
  }
  expect(await snapshotsOf(page)).toEqual(list)
  expect(await worldOf(page)).toEqual(world)

  // The same document imported: its name is taken until it is given another.
  const again = await api(page, 'POST', `${SNAPSHOTS}/import`, exported.text)
  expect(again.status).toBe(409)
  expect(again.body.error).toBe('snapshot_name_taken')
  const copy = await api(page, 'POST', `${SNAPSHOTS}/import?name=copy`, exported.text)
  expect(copy.status, copy.text).toBe(201)
  expect(copy.body).toEqual({ ...META, name: 'copy', virtual_time: JAN_27, entities: first.body.entities })
  expect(copy.body.id).not.toBe(first.body.id)
  expect((await snapshotsOf(page)).map((s) => s.name)).toEqual(['copy', 'first'])
})

test("snapshots are the workspace's own, and served on the backend's origin as on the page's", async ({ page }) => {
  await gotoReady(page)
  await orderingWorld(page)
  const mine = (await takeSnapshot(page, 'shared-name')).body
  const teamB = await api(page, 'POST', `${BACKEND}${SNAPSHOTS}`, { name: 'shared-name' }, TEAM_B)
  expect(teamB.status, teamB.text).toBe(201)
  expect(teamB.body).toMatchObject({ name: 'shared-name', workspace: 'team-b' })
  expect(await snapshotsOf(page)).toEqual([mine])
  expect(listOf(await api(page, 'GET', `${BACKEND}${SNAPSHOTS}`))).toEqual([mine])
  expect(await snapshotsOf(page, TEAM_B)).toEqual([teamB.body])
  expect((await api(page, 'GET', `${SNAPSHOTS}/${teamB.body.id}`)).status).toBe(404)

  // Restoring team-b's (empty) world leaves default's alone.
  const world = await worldOf(page)
  expect((await restore(page, 'shared-name', TEAM_B)).status).toBe(200)
  expect(await worldOf(page)).toEqual(world)
})

test('exported in one browser context and put into a fresh one, the world answers the same on every route', async ({ page, browser, baseURL, httpReceiver }) => {
  await gotoReady(page)
  await register(page, `${httpReceiver.url}/hooks`, ['order.*'])
  await orderingWorld(page, 2)
  await timeTravel(page, 'advance', { duration: '1d' })
  expect((await createOrder(page, 'prod-123', 3)).body.id).toBe('ORD-1003')
  const made = await takeSnapshot(page, 'handover')
  expect(made.status).toBe(201)
  const world = await worldOf(page)

  const exported = await api(page, 'GET', `${SNAPSHOTS}/handover/export`)
  expect(exported.status).toBe(200)
  expect(exported.contentType).toContain('application/json')
  expect(exported.body).toMatchObject({
    verisim: 'snapshot',
    schema_version: 1,
    scenario: SCENARIO,
    exported_at: expect.any(String),
    snapshot: made.body,
    state: { workspace: expect.objectContaining({ persona_id: 'user-123' }), world_time: expect.any(Number), entities: expect.any(Array), edges: expect.any(Array), deliveries: expect.any(Array) },
  })
  expect(exported.body.state.entities).toHaveLength(made.body.entities as number)
  // The live state reads as the same world.
  const live = await api(page, 'GET', STATE)
  expect(live.status).toBe(200)
  expect(live.body).toMatchObject({ verisim: 'snapshot', schema_version: 1, scenario: SCENARIO })
  expect(live.body.state.entities).toEqual(exported.body.state.entities)
  expect((await snapshotsOf(page)).filter((s) => !s.auto)).toEqual([made.body])

  const other = await freshPage(browser, baseURL)
  expect(await snapshotsOf(other)).toEqual([])
  const put = await api(other, 'PUT', STATE, exported.text)
  expect(put.status, put.text).toBe(200)
  expect.soft(put.body).toEqual({
    snapshot: { ...META, name: 'handover', virtual_time: JAN_28, entities: made.body.entities },
    workspace: 'default',
    virtual_time: JAN_28,
  })
  expect(await worldOf(other)).toEqual(world)
  expect((await snapshotsOf(other)).map((s) => s.name)).toEqual(['handover'])

  // Putting it again keeps the first import under its name and the second under a suffixed one.
  expect((await api(other, 'PUT', STATE, exported.text)).body.snapshot.name).toBe('handover-2')
  expect(await worldOf(other)).toEqual(world)

  // Both worlds go on alike: the next order number, and a lifecycle's next step.
  for (const tab of [page, other]) {
    expect((await createOrder(tab, 'prod-124', 1)).body.id).toBe('ORD-1004')
    await timeTravel(tab, 'advance', { duration: '3d' })
  }
  expect(await worldOf(other)).toEqual(await worldOf(page))
  await other.context().close()
})

test('a ?verisim-state= link opens the same world in a fresh context, and the parameter is gone from the address', async ({ page, browser, baseURL }) => {
  await gotoReady(page)
  await orderingWorld(page, 2)
  await timeTravel(page, 'advance', { duration: '1d' })
  const world = await worldOf(page)
  const document = await api(page, 'GET', STATE)
  expect(document.status).toBe(200)
  const value = await page.evaluate(async (text) => {
    const deflated = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate'))
    const bytes = new Uint8Array(await new Response(deflated).arrayBuffer())
    let binary = ''
    for (const byte of bytes) binary += String.fromCharCode(byte)
    return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
  }, document.text)

  const other = await freshPage(browser, baseURL, `/?scenario=${SCENARIO}&verisim-state=${value}`)
  await expect.poll(() => other.evaluate(() => location.href)).not.toContain('verisim-state')
  expect(await other.evaluate(() => location.search)).toBe(`?scenario=${SCENARIO}`)
  expect(await worldOf(other)).toEqual(world)
  const kept = await snapshotsOf(other)
  expect.soft(kept).toEqual([{ ...META, name: document.body.snapshot.name, virtual_time: JAN_28, entities: document.body.state.entities.length }])

  // A reload reads the world from storage: the link is not applied twice, and nothing else changed.
  await other.reload()
  await waitReady(other)
  expect(await worldOf(other)).toEqual(world)
  expect(await snapshotsOf(other)).toEqual(kept)
  await other.context().close()
})

test('a restore cut short by a reload leaves one whole world: the old one or the snapshot, never a mix', async ({ page }) => {
  test.setTimeout(180_000)
  await gotoReady(page)
  await orderingWorld(page, 3)
  // Enough orders that a restore takes a while, so that reloads land before, during and after it.
  const seeded = await api(page, 'POST', '/__verisim/seed/orders', { persona_id: 'user-123', orders: Array.from({ length: 400 }, () => ({ product_id: 'prod-123', quantity: 1 })) })
  expect(seeded.status).toBe(201)
  expect((await takeSnapshot(page, 'processing')).status).toBe(201)
  const snapshotWorld = await worldOf(page)
  await timeTravel(page, 'advance', { duration: '1d' })
  for (let i = 0; i < 2; i++) expect((await createOrder(page, 'prod-124', 2)).status).toBe(201)
  expect((await takeSnapshot(page, 'shipped')).status).toBe(201)
  const oldWorld = await worldOf(page)
  expect(oldWorld).not.toEqual(snapshotWorld)

  let restoreMs = await timedRestore(page, 'shipped')
  const outcomes: string[] = []
  for (const share of [0, 0.5, 0.8, 0.9, 1, 1.5]) {
    if (outcomes.at(-1) === 'snapshot') restoreMs = await timedRestore(page, 'shipped')
    const delayMs = Math.round(share * restoreMs)
    const reloaded = page.waitForEvent('load')
    // The page starts the restore and reloads itself `delayMs` later; its answer may never come.
    await page.evaluate(({ url, delay }) => {
      void fetch(url, { method: 'POST' }).catch(() => {})
      setTimeout(() => location.reload(), delay)
    }, { url: `${SNAPSHOTS}/processing/restore`, delay: delayMs })
    await reloaded
    await waitReady(page)
    const world = await worldOf(page)
    expect([snapshotWorld, oldWorld], `the world after a reload ${delayMs} ms into a restore of ${Math.round(restoreMs)} ms`).toContainEqual(world)
    outcomes.push(JSON.stringify(world) === JSON.stringify(snapshotWorld) ? 'snapshot' : 'old')
  }
  // The world read again a moment later is still the one read at once.
  await settle()
  expect(await worldOf(page)).toEqual(outcomes.at(-1) === 'snapshot' ? snapshotWorld : oldWorld)
})

test("two tabs: the restore made in one is what the other's HTTP answers and socket see", async ({ page, context }) => {
  const other = await context.newPage()
  await gotoReady(page)
  await gotoReady(other)
  await orderingWorld(page)
  const made = (await takeSnapshot(page, 'before-ship')).body
  const processing = await worldOf(page)
  await timeTravel(other, 'advance', { duration: '1d' })
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body.status).toBe('shipped')
  await openFeed(other)

  expect((await restore(page, 'before-ship')).status).toBe(200)
  expect(await worldOf(other)).toEqual(processing)
  expect((await clockOf(other)).current_time).toBe(JAN_27)
  expect(await snapshotsOf(other)).toEqual(await snapshotsOf(page))
  await expect.poll(() => restoredFrames(other)).toEqual([{ type: 'state_restored', snapshot_id: made.id, virtual_time: JAN_27 }])
  await settle()
  expect(await restoredFrames(other)).toHaveLength(1)

  // The other tab goes on from the restored world.
  await timeTravel(other, 'advance', { duration: '1d' })
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body).toMatchObject({ status: 'shipped', shipped_at: JAN_28 })
})

test('storage refusing a snapshot: 507 insufficient_storage, and the world and the earlier snapshots are whole', async ({ page }) => {
  // Writes to the snapshot object stores throw as a full disk makes them, once the test says so.
  await page.addInitScript(() => {
    const full = (store: IDBObjectStore) =>
      (window as unknown as { snapshotsFull?: boolean }).snapshotsFull === true && ['snapshots', 'snapshot_contents'].includes(store.name)
    const refuse = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    }
    const { put, add } = IDBObjectStore.prototype
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      return full(this) ? refuse() : put.apply(this, args)
    }
    IDBObjectStore.prototype.add = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      return full(this) ? refuse() : add.apply(this, args)
    }
  })
  await gotoReady(page, '/e2e/fixtures/panel.html')
  await orderingWorld(page)
  const kept = await takeSnapshot(page, 'kept')
  expect(kept.status).toBe(201)
  const exported = await api(page, 'GET', `${SNAPSHOTS}/kept/export`)
  await timeTravel(page, 'advance', { duration: '1d' })
  const world = await worldOf(page)
  const list = await snapshotsOf(page)

  await page.evaluate(() => ((window as unknown as { snapshotsFull: boolean }).snapshotsFull = true))
  const refused = await takeSnapshot(page, 'too-much')
  expect(refused.status, refused.text).toBe(507)
  expect(refused.contentType).toContain('application/json')
  expect(refused.body).toMatchObject({ error: 'insufficient_storage', message: expect.any(String) })
  const imported = await api(page, 'POST', `${SNAPSHOTS}/import?name=imported`, exported.text)
  expect(imported.status, imported.text).toBe(507)
  expect(imported.body.error).toBe('insufficient_storage')
  expect(await snapshotsOf(page)).toEqual(list)
  expect(await worldOf(page)).toEqual(world)
  expect(await page.evaluate(() => (window as unknown as { verisim: { storage: unknown } }).verisim.storage)).toEqual({ kind: 'indexeddb', database: 'verisim:panel' })

  // With room again, the earlier snapshot restores, and a reload finds it all stored.
  await page.evaluate(() => ((window as unknown as { snapshotsFull: boolean }).snapshotsFull = false))
  expect((await takeSnapshot(page, 'too-much')).status).toBe(201)
  await page.reload()
  await waitReady(page)
  expect(await worldOf(page)).toEqual(world)
  expect((await snapshotsOf(page)).map((s) => s.name)).toEqual(['too-much', ...list.map((s) => s.name)])
  expect((await restore(page, 'kept')).status).toBe(200)
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body.status).toBe('processing')
})
