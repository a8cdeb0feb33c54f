import { openDB, unwrap, type DBSchema, type IDBPDatabase, type IDBPObjectStore, type IDBPTransaction, type StoreNames } from 'idb'
import {
  entityKey, keyOf, lifecyclePageKey, RECENT_DELIVERIES, TABLES, WORKSPACE_PREFIXED, type DeliveryLogRecord, type DeliveryRecord, type LifecyclePageRecord,
  StoreLost, type LifecycleRecord, type Store, type StoreOp, type StoreSnapshot, type TableName, type Tables,
} from '../core/model/store.ts'
import { reasonOf } from './error-reason.ts'

/** One object store per table of the engine's schema (`Tables`), plus the write counter. */
type TableStores = { [T in Exclude<TableName, 'lifecycles'>]: { key: string; value: Tables[T] } }

interface VerisimDB extends DBSchema, TableStores {
  /** Pages, and the records of schema version 3 while they are converted. */
  lifecycles: { key: string; value: LifecyclePageRecord | LegacyLifecycleRecord }
  meta: { key: string; value: number }
}

/** How schema version 3 stored a lifecycle: one record per entity. */
type LegacyLifecycleRecord = LifecycleRecord & { key: string }

/** 4: lifecycles are stored by page (version 3 stored one record per entity). */
const SCHEMA_VERSION = 4
const ALL = [...TABLES, 'meta'] as const
const VERSION_KEY = 'version'

/**
 * DOMException names by which a transaction says the database failed rather than the data: storage
 * full, the browser's own failure, the connection closed (or closing) under it.
 */
const LOST = new Set(['QuotaExceededError', 'UnknownError', 'InvalidStateError', 'AbortError'])

/**
 * The engine's store in IndexedDB: one object store per table, every write one transaction. Once
 * the database fails (full, closed or deleted under the page) every call rejects with StoreLost.
 */
export class IdbStore implements Store {
  #lost: StoreLost | null = null
  readonly #listeners: Array<(error: StoreLost) => void> = []

  private constructor(private readonly db: IDBPDatabase<VerisimDB>) {}

  /** `blocked`: another connection holds an older version open; `upgrading`: the schema is being converted. */
  static async open(name: string, watch: { blocked?: () => void; upgrading?: () => void } = {}): Promise<IdbStore> {
    let store: IdbStore | undefined
    const lose = (reason: string) => store && store.#lose(reason)
    const db = await openDB<VerisimDB>(name, SCHEMA_VERSION, {
      blocked: watch.blocked,
      // Another page deletes the database or opens a newer version: this connection gives way.
      blocking: (_version, next) =>
        lose(next === null ? 'another page of this origin deleted the database' : `another page of this origin opened version ${next} of the database`),
      // Closed by the browser: site data cleared (DevTools, browser settings) or storage evicted.
      terminated: () => lose('the browser closed the database (site data cleared, or storage evicted)'),
      async upgrade(database, oldVersion, _newVersion, tx) {
        watch.upgrading?.()
        for (const table of ALL) if (!database.objectStoreNames.contains(table)) database.createObjectStore(table)
        if (oldVersion === 3) await pageLifecycles(tx)
      },
    })
    store = new IdbStore(db)
    return store
  }

  async load(): Promise<StoreSnapshot> {
    try {
      return await this.#load()
    } catch (error) {
      throw this.#failed(error)
    }
  }

  async #load(): Promise<StoreSnapshot> {
    if (this.#lost) throw this.#lost
    const tx = this.db.transaction(ALL, 'readonly')
    const [workspaces, entities, lifecycles, edges, deliveries, version] = await Promise.all([
      tx.objectStore('workspaces').getAll(),
      tx.objectStore('entities').getAll(),
      tx.objectStore('lifecycles').getAll(),
      tx.objectStore('edges').getAll(),
      tx.objectStore('deliveries').getAll(),
      tx.objectStore('meta').get(VERSION_KEY),
    ])
    const logs = (await Promise.all(workspaces.map((ws) => this.#recentLogs(tx.objectStore('delivery_log'), ws.id)))).flat()
    await tx.done
    return { workspaces, entities, lifecycles: lifecycles as LifecyclePageRecord[], edges, deliveries, delivery_log: logs, version: version ?? 0 }
  }

  /** A workspace's newest delivery logs, enough for what memory keeps; older ones stay unread. */
  async #recentLogs(store: IDBPObjectStore<VerisimDB, typeof ALL, 'delivery_log'>, workspace: string): Promise<DeliveryLogRecord[]> {
    const range = IDBKeyRange.bound(`${workspace}\u0000`, `${workspace}\u0001`, false, true)
    const logs: DeliveryLogRecord[] = []
    let count = 0
    for (let cursor = await store.openCursor(range, 'prev'); cursor && count < RECENT_DELIVERIES; cursor = await cursor.continue()) {
      logs.push(cursor.value)
      count += cursor.value.deliveries.length
    }
    return logs
  }

  /**
   * One transaction on the raw IndexedDB API: requests are queued without a promise each (tens
   * of thousands per catch-up), and the version is bumped inside the same transaction.
   */
  write(ops: readonly StoreOp[]): Promise<number> {
    if (this.#lost) return Promise.reject(this.#lost)
    const clears = ops.some((op) => 'clearWorkspace' in op)
    const tables = clears ? [...ALL] : [...new Set<string>(ops.map((op) => ('table' in op ? op.table : 'meta'))), 'meta']
    let tx: IDBTransaction
    let version: () => number
    try {
      tx = unwrap(this.db).transaction(tables, 'readwrite')
    } catch (error) {
      return Promise.reject(this.#failed(error))
    }
    try {
      version = queueWrite(tx, ops)
    } catch (error) {
      // A record that cannot be stored: what was queued before it must not commit on its own.
      tx.abort()
      return Promise.reject(this.#failed(error))
    }
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve(version())
      tx.onabort = () => reject(this.#failed(tx.error ?? new DOMException('The IndexedDB transaction was aborted', 'AbortError')))
    })
  }

  async version(): Promise<number> {
    if (this.#lost) throw this.#lost
    try {
      return (await this.db.get('meta', VERSION_KEY)) ?? 0
    } catch (error) {
      throw this.#failed(error)
    }
  }

  close(): void {
    this.db.close()
  }

  onLost(listener: (error: StoreLost) => void): void {
    this.#listeners.push(listener)
  }

  /** What a failed call rejects with: StoreLost when the database failed (it stays lost), else the data's own error. */
  #failed(error: unknown): unknown {
    if (!this.#lost && error instanceof DOMException && LOST.has(error.name)) this.#lost = new StoreLost(reasonOf(error))
    return this.#lost ?? error
  }

  /** The database went away on its own: later calls fail at once, and the engine hears of it now. */
  #lose(reason: string): void {
    if (this.#lost) return
    this.#lost = new StoreLost(reason)
    this.db.close()
    for (const listener of this.#listeners) listener(this.#lost)
  }
}

/** Queues `ops` and the version bump on `tx`; returns what the new version is once it completes. */
function queueWrite(tx: IDBTransaction, ops: readonly StoreOp[]): () => number {
  const stores = new Map([...tx.objectStoreNames].map((table) => [table, tx.objectStore(table)]))
  for (const op of ops) {
    if ('clearWorkspace' in op) {
      clearWorkspace(stores, op.clearWorkspace)
      continue
    }
    const store = stores.get(op.table) as IDBObjectStore
    if ('put' in op) store.put(op.put, keyOf(op.table, op.put as never))
    else store.delete(op.delete)
  }
  const meta = tx.objectStore('meta')
  let version = 0
  const current = meta.get(VERSION_KEY)
  current.onsuccess = () => {
    version = ((current.result as number | undefined) ?? 0) + 1
    meta.put(version, VERSION_KEY)
  }
  return () => version
}

/** Rewrites version 3's lifecycle records (one per entity) as pages, inside the upgrade. */
async function pageLifecycles(tx: IDBPTransaction<VerisimDB, Array<StoreNames<VerisimDB>>, 'versionchange'>): Promise<void> {
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

/** Queues the deletion of every record of a workspace (in order with the transaction's other requests). */
function clearWorkspace(stores: Map<string, IDBObjectStore>, workspace: string): void {
  stores.get('workspaces')?.delete(workspace)
  const range = IDBKeyRange.bound(`${workspace}\u0000`, `${workspace}\u0001`, false, true)
  for (const table of WORKSPACE_PREFIXED) stores.get(table)?.delete(range)
  // Delivery ids do not start with their workspace: the few individual records are looked at one by one.
  const cursor = stores.get('deliveries')?.openCursor()
  if (!cursor) return
  cursor.onsuccess = () => {
    const at = cursor.result
    if (!at) return
    if ((at.value as DeliveryRecord).workspace === workspace) at.delete()
    at.continue()
  }
}
