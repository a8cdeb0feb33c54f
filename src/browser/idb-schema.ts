import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb'
import {
  entityKey, isLinkField, lifecyclePageKey, TABLES, type EntityRecord, type LifecyclePageRecord, type LifecycleRecord, type SnapshotMeta,
  type TableName, type Tables,
} from '../core/model/store.ts'

/** One object store per table of the engine's schema (`Tables`), plus the write counter. */
type TableStores = { [T in Exclude<TableName, 'lifecycles' | 'entities'>]: { key: string; value: Tables[T] } }

export interface VerisimDB extends DBSchema, TableStores {
  /** Entities with `refs` (see StoredEntity), indexed by them. */
  entities: { key: string; value: StoredEntity; indexes: { refs: string } }
  /** Pages, and the records of schema version 3 while they are converted. */
  lifecycles: { key: string; value: LifecyclePageRecord | LegacyLifecycleRecord }
  meta: { key: string; value: number }
  /** Snapshots as listed, by `workspace\0id`; their states apart, under the same key, read only to restore or export. */
  snapshots: { key: string; value: SnapshotMeta }
  snapshot_states: { key: string; value: string }
}

/**
 * An entity as stored: with `refs`, `workspace\0value` for each of its top-level string link
 * fields (isLinkField). A link rule derives `from —rel→ entity` from such a field naming `from`'s id, so the index on refs
 * finds every entity that may link from a node (PartialReads.linked) without reading them all.
 */
export type StoredEntity = EntityRecord & { refs?: string[] }

/** How schema version 3 stored a lifecycle: one record per entity. */
type LegacyLifecycleRecord = LifecycleRecord & { key: string }

/**
 * 4: lifecycles are stored by page (version 3 stored one record per entity). 5: entities are
 * indexed by refs, the highest entity ordinal is kept in meta, and each workspace has a due record.
 * 6: snapshots.
 */
export const SCHEMA_VERSION = 6
export const ALL = [...TABLES, 'meta'] as const
/** Where snapshots are kept: never read or cleared with the world. */
export const SHELF = ['snapshots', 'snapshot_states'] as const
export const VERSION_KEY = 'version'
/** Meta key of the highest ordinal of any entity written (StoreHead.ordinal). */
export const ORDINAL_KEY = 'ordinal'

type UpgradeTx = IDBPTransaction<VerisimDB, Array<StoreNames<VerisimDB>>, 'versionchange'>

/** Creates what the schema lacks and converts what an older version stored, inside the upgrade. */
export async function upgrade(database: IDBPDatabase<VerisimDB>, oldVersion: number, tx: UpgradeTx): Promise<void> {
  for (const table of [...ALL, ...SHELF]) if (!database.objectStoreNames.contains(table)) database.createObjectStore(table)
  const entities = tx.objectStore('entities')
  if (!entities.indexNames.contains('refs')) entities.createIndex('refs', 'refs', { multiEntry: true })
  if (oldVersion === 3) await pageLifecycles(tx)
  if (oldVersion > 0 && oldVersion < 5) await indexEntities(tx)
}

export function refsOf(entity: EntityRecord): string[] {
  const refs = new Set<string>()
  for (const field in entity.data) {
    const value = entity.data[field]
    if (typeof value === 'string' && isLinkField(field)) refs.add(`${entity.workspace}\u0000${value}`)
  }
  return [...refs]
}

/** An entity as the engine knows it: without its refs. */
export function unstored(stored: StoredEntity): EntityRecord {
  const { refs: _refs, ...entity } = stored
  return entity
}

/**
 * Version 4 to 5: gives every entity its refs and keeps the highest ordinal. Each workspace with
 * entities gets a due record of the earliest instant there is, as nothing tells yet when its
 * steps come due: its first request reads the whole world, and the engine then stores the real one.
 */
async function indexEntities(tx: UpgradeTx): Promise<void> {
  const workspaces = new Set<string>()
  let ordinal = 0
  for (let cursor = await tx.objectStore('entities').openCursor(); cursor; cursor = await cursor.continue()) {
    const entity = cursor.value
    workspaces.add(entity.workspace)
    ordinal = Math.max(ordinal, entity.ordinal)
    await cursor.update({ ...entity, refs: refsOf(entity) })
  }
  await tx.objectStore('meta').put(ordinal, ORDINAL_KEY)
  const dues = tx.objectStore('dues')
  for (const workspace of workspaces) await dues.put({ workspace, at: Number.NEGATIVE_INFINITY }, workspace)
}

/** Rewrites version 3's lifecycle records (one per entity) as pages, inside the upgrade. */
async function pageLifecycles(tx: UpgradeTx): Promise<void> {
  const entities = tx.objectStore('entities')
  const lifecycles = tx.objectStore('lifecycles')
  const [stored, legacy] = await Promise.all([entities.getAll(), lifecycles.getAll() as Promise<LegacyLifecycleRecord[]>])
  const byKey = new Map(stored.map((entity) => [entityKey(entity.workspace, entity.type, entity.id), entity]))
  const pages = new Map<string, LifecyclePageRecord>()
  for (const { key, ...lifecycle } of legacy) {
    const entity = byKey.get(key)
    if (!entity) continue
    const pageKey = lifecyclePageKey(entity.workspace, entity.ordinal)
    let page = pages.get(pageKey)
    if (!page) {
      page = { key: pageKey, lifecycles: {} }
      pages.set(pageKey, page)
    }
    page.lifecycles[key] = lifecycle
  }
  await lifecycles.clear()
  await Promise.all([...pages.values()].map((page) => lifecycles.put(page, page.key)))
}
