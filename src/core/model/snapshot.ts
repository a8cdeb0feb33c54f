import { badRequest, conflict, notFound, VerisimError } from '../errors.ts'
import { isoOf, toCalendar } from '../time/clock.ts'
import type { Domain } from './domain.ts'
import { ShelfFull, type EntityRecord, type SnapshotMeta, type SnapshotShelf, type SnapshotState, type SnapshotTrigger } from './store.ts'

/** Automatic snapshots kept per workspace: older ones are dropped as new ones come. */
export const AUTO_KEPT = 20
/** Above this many entities a workspace gets no automatic snapshots (each would copy all of them). */
export const AUTO_LIMIT_ENTITIES = 30_000
/** The longest name a snapshot may have. */
const NAME_LIMIT = 100
/** The fact a restore reports: sockets get `state_restored`, endpoints asking for it a webhook. */
export const STATE_RESTORED = 'verisim.state_restored'

/**
 * The workspace as a snapshot holds it: every record, without the workspace's name, at its world
 * time now. Throws NotLoaded while the world is still being read (the request runs again).
 */
export function captureState(domain: Domain, workspace: string): SnapshotState {
  const { world } = domain
  const { id: _id, restored: _restored, ...record } = domain.workspace(workspace)
  const entities = world.entities(workspace).sort((a, b) => a.ordinal - b.ordinal).map(({ workspace: _ws, ...entity }) => entity)
  const edges = world.allEdges().filter((edge) => edge.workspace === workspace).map(({ workspace: _ws, ...edge }) => edge)
  const deliveries = world.deliveries(workspace).map(({ workspace: _ws, ...delivery }) => delivery)
  return { workspace: record, world_time: domain.worldNow(workspace), entities, edges, deliveries }
}

/**
 * Makes the workspace exactly what `state` held: its entities, links, lifecycles, persona,
 * endpoints and counters, and its clock standing at the snapshot's instant. What time did since
 * is undone, but not what reached the outside world: deliveries already made stay in the
 * history (each one up to now is marked as made before this restore), pending ones are dropped
 * and never sent. A workspace that never made a delivery gets the snapshot's history instead.
 */
export function restoreState(domain: Domain, workspace: string, snapshot: Pick<SnapshotMeta, 'id' | 'name'>, state: SnapshotState): void {
  const { world } = domain
  world.whole()
  const current = domain.workspace(workspace)
  const made = world.deliveries(workspace)
  const sent = current.seq.delivery ?? 0
  const before = made.reduce((highest, delivery) => Math.max(highest, delivery.ordinal), current.restored?.ordinal ?? 0)
  if (!restoreInPlace(domain, workspace, state)) {
    domain.resetWorkspace(workspace, true)
    // New ordinals, in the snapshot's order: nothing restored collides with what comes next.
    for (const entity of [...state.entities].sort((a, b) => a.ordinal - b.ordinal)) world.createEntity({ ...withoutOrdinal(entity), workspace })
    for (const edge of state.edges) world.relate(workspace, edge.from, edge.rel, edge.to)
  }
  const clock = { ...state.workspace.clock, worldAnchor: state.world_time, realAnchor: domain.wallNow() }
  // Delivery ids count on from the highest ever used: a delivery made again is a new one.
  const seq = { ...state.workspace.seq, delivery: Math.max(sent, state.workspace.seq.delivery ?? 0) }
  world.putWorkspace({ ...state.workspace, id: workspace, clock, seq, ...(before > 0 ? { restored: { snapshot_id: snapshot.id, ordinal: before } } : {}) })
  const dropped = `Dropped: workspace '${workspace}' was restored to snapshot '${snapshot.name}' (${snapshot.id}) before this delivery was made; it will not be sent.`
  for (const delivery of made) {
    if (delivery.status !== 'pending') continue
    const { next_attempt_at: _next, ...rest } = delivery
    world.putDelivery({ ...rest, status: 'dead', last_error: dropped })
  }
  if (sent === 0) {
    for (const { ordinal: _ordinal, ...delivery } of state.deliveries) if (delivery.status !== 'pending') world.createDelivery({ ...delivery, workspace })
  }
  const virtualTime = isoOf(toCalendar(clock, state.world_time))
  domain.report(workspace, STATE_RESTORED, state.world_time, `snapshot:${snapshot.id}`, { snapshot_id: snapshot.id, name: snapshot.name, virtual_time: virtualTime })
}

/**
 * Restores the entities by changing only what differs from the workspace now, when the links
 * stored apart from entities' fields are the same (else false, and nothing changed). Going back
 * before a clock change rewrites the lifecycles (a few pages), not every entity's record.
 */
function restoreInPlace(domain: Domain, workspace: string, state: SnapshotState): boolean {
  const { world } = domain
  const edgeKey = (edge: { from: string; rel: string; to: string }) => `${edge.from}\u0000${edge.rel}\u0000${edge.to}`
  const now = new Set(world.allEdges().filter((edge) => edge.workspace === workspace).map(edgeKey))
  if (now.size !== state.edges.length || !state.edges.every((edge) => now.has(edgeKey(edge)))) return false
  domain.forgetFacts(workspace)
  const kept = new Set(state.entities.map((entity) => `${entity.type}\u0000${entity.id}`))
  for (const entity of world.entities(workspace)) if (!kept.has(`${entity.type}\u0000${entity.id}`)) world.removeEntity(entity)
  for (const entity of [...state.entities].sort((a, b) => a.ordinal - b.ordinal)) {
    let here = world.entity(workspace, entity.type, entity.id)
    // A lifecycle the snapshot's entity lacks may sit in a page, whose copy would win on a reload: made anew.
    if (here?.lifecycle && !entity.lifecycle) {
      world.removeEntity(here)
      here = undefined
    }
    if (!here) {
      world.createEntity({ ...withoutOrdinal(entity), workspace })
      continue
    }
    const sameRecord = here.created_at === entity.created_at && here.updated_at === entity.updated_at && same(here.data, entity.data)
    if (sameRecord && same(here.lifecycle, entity.lifecycle)) continue
    // The same data object when only the lifecycle differs: the record is left as stored, its page is rewritten.
    world.putEntity({ ...withoutOrdinal(entity), workspace, ordinal: here.ordinal, ...(sameRecord ? { data: here.data } : {}) })
  }
  return true
}

function withoutOrdinal(entity: SnapshotState['entities'][number]): Omit<EntityRecord, 'ordinal' | 'workspace'> {
  const { ordinal: _ordinal, ...rest } = entity
  return rest
}

/** Whether two JSON values are equal (parsed JSON: plain objects, arrays and primitives). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((key) => Object.hasOwn(b, key) && same((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}

export interface KeepOptions {
  /** A name of the user's; else one made from the trigger (or `snapshot-`) and the virtual time. */
  name?: unknown
  /** The clock change an automatic snapshot is kept before. */
  trigger?: SnapshotTrigger
  /** The state to keep (an imported one); else the workspace's now. */
  state?: SnapshotState
  /** A taken name gets a suffix (`-2`, `-3`…) instead of a 409. */
  suffixTaken?: boolean
}

/**
 * Keeps a snapshot of the workspace on the shelf: a name of the user's must be free in the
 * workspace (409), an automatic one drops the oldest automatic ones beyond AUTO_KEPT. The state is
 * captured before anything is awaited, so it is the workspace as the request found it.
 */
export async function keepSnapshot(domain: Domain, shelf: SnapshotShelf, workspace: string, options: KeepOptions = {}): Promise<SnapshotMeta> {
  const state = options.state ?? captureState(domain, workspace)
  const json = JSON.stringify(state)
  const described = describeState(state, json, domain.wallNow())
  const virtualTime = described.virtual_time
  const list = await shelf.list(workspace)
  const taken = new Set(list.map((s) => s.name))
  let name = options.name === undefined ? `${options.trigger ? `before-${options.trigger}` : 'snapshot'}-${virtualTime}` : checkName(options.name)
  if (taken.has(name)) {
    if (options.name !== undefined && !options.suffixTaken) {
      throw conflict('snapshot_name_taken', `Workspace '${workspace}' already has a snapshot named '${name}': choose another name, or delete that one first (DELETE /__verisim/snapshots/${encodeURIComponent(name)}).`)
    }
    let n = 2
    while (taken.has(`${name}-${n}`)) n++
    name = `${name}-${n}`
  }
  const auto = options.trigger !== undefined
  const meta: SnapshotMeta = {
    id: `snap_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`,
    name, workspace, ...described, auto, trigger: options.trigger ?? null,
    seq: list.reduce((highest, s) => Math.max(highest, s.seq), 0) + 1,
  }
  const drop = auto ? list.filter((s) => s.auto).slice(AUTO_KEPT - 1).map((s) => s.id) : []
  try {
    await shelf.put(meta, json, drop)
  } catch (error) {
    if (!(error instanceof ShelfFull)) throw error
    throw new VerisimError('insufficient_storage', `The browser's storage for this site is full, so snapshot '${name}' (${meta.size_bytes} bytes) was not kept (${error.message}). Nothing changed: delete snapshots you no longer need (DELETE /__verisim/snapshots/{id}) or free space for this site, then try again.`, 507)
  }
  return meta
}

/**
 * What a snapshot says of its state besides its name: where it stands, labelled by its own clock
 * (an imported state's calendar is the one it was taken with), when it was taken, its size.
 */
export function describeState(state: SnapshotState, json: string, wallNow: number): Pick<SnapshotMeta, 'virtual_time' | 'world_time' | 'created_at' | 'entities' | 'size_bytes'> {
  return {
    virtual_time: isoOf(toCalendar(state.workspace.clock, state.world_time)), world_time: state.world_time,
    created_at: new Date(wallNow).toISOString(), entities: state.entities.length, size_bytes: utf8Length(json),
  }
}

/** The workspace's snapshot named by its id or its name (404 when there is none). */
export async function findSnapshot(shelf: SnapshotShelf, workspace: string, idOrName: string): Promise<SnapshotMeta> {
  const list = await shelf.list(workspace)
  const found = list.find((s) => s.id === idOrName) ?? list.find((s) => s.name === idOrName)
  if (!found) {
    throw notFound('snapshot_not_found', `Workspace '${workspace}' has no snapshot with the id or name '${idOrName}' (GET /__verisim/snapshots lists them).`)
  }
  return found
}

/** Its state as JSON text, which a snapshot listed always has unless another tab deleted it meanwhile. */
export async function stateOf(shelf: SnapshotShelf, meta: SnapshotMeta): Promise<string> {
  const state = await shelf.state(meta.workspace, meta.id)
  if (state === undefined) throw notFound('snapshot_not_found', `Snapshot '${meta.name}' (${meta.id}) was deleted meanwhile.`)
  return state
}

/** Bytes of `text` in UTF-8, without encoding it (a state is megabytes). */
export function utf8Length(text: string): number {
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    // Two bytes more below U+0800 and three from there; a surrogate pair (two units) is four in all.
    if (code >= 0x80) bytes += code < 0x800 || (code >= 0xd800 && code < 0xe000) ? 1 : 2
  }
  return bytes
}

function checkName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw badRequest('invalid_name', `'name' must be a non-empty string; got ${JSON.stringify(value)}.`, 'name')
  const name = value.trim()
  if (name.length > NAME_LIMIT) throw badRequest('invalid_name', `'name' may have at most ${NAME_LIMIT} characters; this one has ${name.length}.`, 'name')
  if (name.startsWith('snap_')) throw badRequest('invalid_name', `'name' may not start with 'snap_', which snapshot ids start with: '${name}' could be taken for one.`, 'name')
  return name
}

/** How routes reach the snapshots: the shelf of the store written to now (memory once IndexedDB is lost). */
export interface SnapshotAccess {
  shelf(): SnapshotShelf | null
  /** Says something once per distinct message (console, panel). */
  warn(message: string): void
}

/** The shelf, or a 501 when the store keeps no snapshots. */
export function shelfOf(access: SnapshotAccess): SnapshotShelf {
  const shelf = access.shelf()
  if (!shelf) throw new VerisimError('snapshots_unavailable', 'This store keeps no snapshots: start Verisim with IndexedDB or its memory store.', 501)
  return shelf
}

/**
 * The automatic snapshot kept before a clock change. A workspace too large for one, or storage
 * too full for it, is said once and the change goes on: time travel never waits on its undo.
 */
export async function keepBeforeChange(domain: Domain, access: SnapshotAccess, workspace: string, trigger: SnapshotTrigger): Promise<void> {
  const shelf = access.shelf()
  if (!shelf) return
  if (domain.world.entities(workspace).length > AUTO_LIMIT_ENTITIES) {
    access.warn(`Workspace '${workspace}' holds more than ${AUTO_LIMIT_ENTITIES} entities, the most automatic snapshots are kept for: its clock changes keep none. Take one when you need it (POST /__verisim/snapshots).`)
    return
  }
  try {
    await keepSnapshot(domain, shelf, workspace, { trigger })
  } catch (error) {
    if (!(error instanceof VerisimError) || error.status !== 507) throw error
    access.warn(`No automatic snapshot was kept before this ${trigger} of workspace '${workspace}': ${error.message}`)
  }
}
