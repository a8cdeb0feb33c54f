import type { LifecycleRecord } from '../lifecycle/lifecycle.ts'
import type { WebhookEndpoint } from '../scenario/scenario.ts'
import type { ClockState, WorldTime } from '../time/clock.ts'

// The schema names every record a store holds, those defined by lower wings included.
export type { LifecycleRecord }

export interface WorkspaceRecord {
  id: string
  clock: ClockState
  /** Persona id of the active persona, e.g. `user-123`. */
  persona_id: string | null
  seq: Record<string, number>
  /** Webhook endpoints registered at run time (`POST /__mockforge/webhooks`), beside the config's. */
  endpoints?: RuntimeEndpoint[]
  /** The last snapshot restored: every delivery up to `ordinal` was made before it. */
  restored?: { snapshot_id: string; ordinal: number }
  /** Reality ratios set by hand (`POST /__verisim/reality`), by route pattern (`*`: every route). */
  reality?: Record<string, number>
}

export interface RuntimeEndpoint {
  id: string
  name: string
  url: string
  events: string[]
  secret: string | null
  created_at: WorldTime
}

/** An endpoint of a workspace: the scenario's (`id` is its name) or one registered at run time. */
export interface WorkspaceEndpoint extends WebhookEndpoint {
  id: string
  source: 'config' | 'runtime'
  /** When it was registered (run-time endpoints). */
  created_at?: WorldTime
}

export interface EntityRecord {
  workspace: string
  type: string
  id: string
  data: Record<string, unknown>
  created_at: WorldTime
  /** When its data last changed after creation (the consistency API's upsert), if it did. */
  updated_at?: WorldTime
  /** Creation order within the workspace: ties in time are broken by it. */
  ordinal: number
  /** Its lifecycle as created: a lifecycle page holding the entity's is newer (see LifecyclePageRecord). */
  lifecycle?: LifecycleRecord
}

/**
 * Whether an entity's field may link it to another (a LinkRule's field): only `<type>_id` fields
 * do. A store indexing links (IndexedDB's refs) indexes only these: a few entries per entity.
 */
export function isLinkField(field: string): boolean {
  return field.endsWith('_id')
}

export interface EdgeRecord {
  workspace: string
  /** Graph node ids are `type:id`. */
  from: string
  rel: string
  to: string
}

/** `pending` until acknowledged (2xx); `dead` once it will not be tried again (a 4xx, or out of attempts). */
export type DeliveryStatus = 'pending' | 'delivered' | 'dead'

export interface DeliveryRecord {
  id: string
  workspace: string
  endpoint: string
  url: string
  event: string
  /** Unix seconds sent as X-Webhook-Timestamp: of its latest attempt (real time, so receivers can check freshness). */
  timestamp: number
  body: string
  status: DeliveryStatus
  attempts: number
  /** Attempts allowed before it is dead (raised by a manual retry). */
  attempt_limit?: number
  /** Real time (ms) of the next attempt of a pending delivery that failed before. */
  next_attempt_at?: number
  /** Graph node of the fact (`order:ORD-1001`): one subject's deliveries to an endpoint go out in order. */
  subject?: string
  created_at: WorldTime
  ordinal: number
  last_error?: string
  response_status?: number
  /** Delivered to the mock's own receiver, inside the commit that created it. */
  received_by_mock?: true
}

/**
 * The lifecycles of the entities whose ordinals share a page (LIFECYCLE_PAGE of them), once a
 * lifecycle has stepped: a catch-up rewrites a few pages, not a record per entity (10,000 small
 * records wrote ~40× slower than 40 pages). A new entity's lifecycle stays in its record until
 * then, so creating one rewrites no page. A page's copy wins over the record's.
 */
export interface LifecyclePageRecord {
  /** `workspace\0page`, see lifecyclePageKey. */
  key: string
  /** By entity key (entityKey). */
  lifecycles: Record<string, LifecycleRecord>
}

/** Ordinals per lifecycle page. */
export const LIFECYCLE_PAGE = 256

export function lifecyclePageKey(workspace: string, ordinal: number): string {
  return `${workspace}\u0000${Math.floor(ordinal / LIFECYCLE_PAGE)}`
}

/** Finished deliveries per workspace kept in memory, and at least what a store's load returns (the store keeps all). */
export const RECENT_DELIVERIES = 1000

/** Deliveries that were final when stored, written together (one record per commit). */
export interface DeliveryLogRecord {
  id: string
  workspace: string
  deliveries: DeliveryRecord[]
}

/**
 * When a workspace's next lifecycle step comes due, at the earliest (null: never). A reload reads
 * these instead of every lifecycle to tell whether a request must wait for the whole world to
 * catch up. Every workspace with stored entities has one.
 */
export interface DueRecord {
  workspace: string
  at: WorldTime | null
}

/** The schema of every store: one table per record type. */
export interface Tables {
  workspaces: WorkspaceRecord
  entities: EntityRecord
  lifecycles: LifecyclePageRecord
  edges: EdgeRecord
  deliveries: DeliveryRecord
  delivery_log: DeliveryLogRecord
  dues: DueRecord
}

export type TableName = keyof Tables

export type StoreOp =
  | {
      [T in TableName]: { table: T; put: Tables[T] } | { table: T; delete: string }
    }[TableName]
  /**
   * Removes every record of a workspace from every table (applied in order with the other ops);
   * with `keepDeliveries`, its deliveries and their logs stay (a restore keeps the history).
   */
  | { clearWorkspace: string; keepDeliveries?: true }

/** Tables whose keys start with `workspace\0`, so a workspace's records are one key range. */
export const WORKSPACE_PREFIXED: readonly TableName[] = ['entities', 'lifecycles', 'edges', 'delivery_log']

export type StoreSnapshot = { [T in TableName]: Array<Tables[T]> } & {
  /** The store's write count when it was read (see Store.version). */
  version: number
}

/** What decides the next answer, read first after a reload: everything but entities, lifecycles and edges. */
export type StoreHead = Pick<StoreSnapshot, 'workspaces' | 'deliveries' | 'delivery_log' | 'dues' | 'version'> & {
  /** The highest ordinal of any stored entity or delivery (0: none). */
  ordinal: number
}

/** The rest of a snapshot: what a world that started from the head reads on demand or in the background. */
export type StoreRest = Pick<StoreSnapshot, 'entities' | 'lifecycles' | 'edges'>

/**
 * Reads of parts of the store, so the engine can answer before it has read everything. Each read
 * may see writes made after the head was read; the engine knows what it wrote and lays that over.
 */
export interface PartialReads {
  loadHead(): Promise<StoreHead>
  /** Records by key, in the order asked (undefined where there is none). */
  read<T extends TableName>(table: T, keys: readonly string[]): Promise<Array<Tables[T] | undefined>>
  /** What may link from `node` (`type:id`): entities with a link field naming its id, and its stored edges. */
  linked(workspace: string, node: string): Promise<{ entities: EntityRecord[]; edges: EdgeRecord[] }>
  /** Every entity, lifecycle page and edge. */
  loadRest(): Promise<StoreRest>
}

/**
 * The engine's only persistence port. `write` is one atomic transaction: all of it or none.
 * `load` returns everything; the engine keeps the working set in memory and re-reads it only
 * when `version` shows that someone else (another tab) wrote since.
 */
export interface Store {
  /**
   * Everything, except that delivery logs older than a workspace's most recent
   * RECENT_DELIVERIES finished deliveries may be left out (they are history, never read back).
   */
  load(): Promise<StoreSnapshot>
  /** The store can be read in parts (see PartialReads); without them the engine reads everything at start. */
  readonly partial?: PartialReads
  /** Applies the ops and bumps the version in one transaction; resolves with the new version. */
  write(ops: readonly StoreOp[]): Promise<number>
  /** Counts writes since the store was created. */
  version(): Promise<number>
  close(): void
  /** Calls `listener` once if the store stops working on its own (database closed or deleted under the page). */
  onLost?(listener: (error: StoreLost) => void): void
  /** Where the workspaces' snapshots are kept, apart from the world (see SnapshotShelf). */
  readonly snapshots?: SnapshotShelf
}

export type SnapshotTrigger = 'advance' | 'set' | 'reset'

/** A snapshot as listed, without its state. `seq`: creation order in its workspace. */
export interface SnapshotMeta {
  id: string
  name: string
  workspace: string
  /** Calendar time (ISO) and world time it holds; wall-clock time (ISO) it was taken. */
  virtual_time: string
  world_time: WorldTime
  created_at: string
  entities: number
  /** Bytes of its state as JSON. */
  size_bytes: number
  auto: boolean
  trigger: SnapshotTrigger | null
  seq: number
}

/** Everything a workspace holds, its records without the workspace's name: what a restore puts back. */
export interface SnapshotState {
  workspace: Omit<WorkspaceRecord, 'id' | 'restored'>
  world_time: WorldTime
  entities: Array<Omit<EntityRecord, 'workspace'>>
  edges: Array<Omit<EdgeRecord, 'workspace'>>
  deliveries: Array<Omit<DeliveryRecord, 'workspace'>>
}

/** The workspaces' snapshots, beside the world: `put` stores one and drops others at once; full storage rejects with ShelfFull. */
export interface SnapshotShelf {
  /** The workspace's snapshots, newest first. */
  list(workspace: string): Promise<SnapshotMeta[]>
  /** Its state as JSON text: one string is stored far faster than thousands of records. */
  state(workspace: string, id: string): Promise<string | undefined>
  put(meta: SnapshotMeta, state: string, drop: readonly string[]): Promise<void>
  delete(workspace: string, id: string): Promise<void>
}

/**
 * What a store's calls reject with once it can no longer be used: its database is full, closed or
 * deleted, or the browser failed it (the message is the browser's reason). Other errors are the
 * data's fault, and the store itself still works.
 */
export class StoreLost extends Error {
  override readonly name = 'StoreLost'
}

/** Storage had no room for a snapshot (the browser's reason): nothing of it was stored. */
export class ShelfFull extends Error { override readonly name = 'ShelfFull' }

export const TABLES: readonly TableName[] = ['workspaces', 'entities', 'lifecycles', 'edges', 'deliveries', 'delivery_log', 'dues']

export function keyOf<T extends TableName>(table: T, record: Tables[T]): string {
  switch (table) {
    case 'workspaces':
      return (record as WorkspaceRecord).id
    case 'entities': {
      const entity = record as EntityRecord
      return entityKey(entity.workspace, entity.type, entity.id)
    }
    case 'lifecycles':
      return (record as LifecyclePageRecord).key
    case 'edges': {
      const edge = record as EdgeRecord
      return `${edge.workspace}\u0000${edge.from}\u0000${edge.rel}\u0000${edge.to}`
    }
    case 'deliveries':
      return (record as DeliveryRecord).id
    case 'delivery_log':
      return (record as DeliveryLogRecord).id
    case 'dues':
      return (record as DueRecord).workspace
  }
  throw new Error(`Unknown table '${String(table)}'`)
}

export function entityKey(workspace: string, type: string, id: string): string {
  return `${workspace}\u0000${type}\u0000${id}`
}

export function emptySnapshot(): StoreSnapshot {
  return { workspaces: [], entities: [], lifecycles: [], edges: [], deliveries: [], delivery_log: [], dues: [], version: 0 }
}
