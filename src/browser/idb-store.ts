import { openDB, unwrap, type IDBPDatabase, type IDBPObjectStore, type IDBPTransaction } from 'idb'
import {
  keyOf, RECENT_DELIVERIES, WORKSPACE_PREFIXED, type DeliveryLogRecord, type DeliveryRecord, type EntityRecord, type LifecyclePageRecord,
  type PartialReads, ShelfFull, type SnapshotMeta, type SnapshotShelf, StoreLost, type Store, type StoreHead, type StoreOp,
  type StoreRest, type StoreSnapshot, type TableName, type Tables,
} from '../core/model/store.ts'
import { reasonOf } from './error-reason.ts'
import { ALL, ORDINAL_KEY, refsOf, SCHEMA_VERSION, SHELF, unstored, upgrade, VERSION_KEY, type VerisimDB } from './idb-schema.ts'

/** Records per read of the rest (loadRest): each chunk is one short transaction, and the page stays responsive between them. */
const CHUNK: Readonly<Record<'entities' | 'lifecycles' | 'edges', number>> = { entities: 2000, lifecycles: 16, edges: 2000 }

/**
 * DOMException names by which a transaction says the database failed rather than the data: storage
 * full, the browser's own failure, the connection closed (or closing) under it.
 */
const LOST = new Set(['QuotaExceededError', 'UnknownError', 'InvalidStateError', 'AbortError'])

/**
 * The engine's store in IndexedDB: one object store per table, every write one transaction. Once
 * the database fails (full, closed or deleted under the page) every call rejects with StoreLost.
 */
/** What the head is read from: every table but entities, lifecycles and edges. */
const HEAD = ['workspaces', 'deliveries', 'delivery_log', 'dues', 'meta'] as const
type HeadTx = IDBPTransaction<VerisimDB, typeof HEAD, 'readonly'>

export class IdbStore implements Store {
  #lost: StoreLost | null = null
  readonly #listeners: Array<(error: StoreLost) => void> = []
  /**
   * The version and highest ordinal stored, as this connection last read or wrote them (null:
   * not known). Only the leading tab writes, and it reads the head when it takes the lead, so
   * a write sets both without reading them first: no round trip inside the transaction.
   */
  #known: { version: number; ordinal: number } | null = null

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
        await upgrade(database, oldVersion, tx)
      },
    })
    store = new IdbStore(db)
    return store
  }

  readonly partial: PartialReads = {
    loadHead: () => this.#try(() => this.#loadHead()),
    read: <T extends TableName>(table: T, keys: readonly string[]) =>
      this.#try(async () => {
        const store = this.db.transaction(table, 'readonly').store
        const values = await Promise.all(keys.map((key) => store.get(key)))
        return (table === 'entities' ? values.map((value) => value && unstored(value as EntityRecord)) : values) as Array<Tables[T] | undefined>
      }),
    linked: (workspace: string, node: string) =>
      this.#try(async () => {
        const tx = this.db.transaction(['entities', 'edges'], 'readonly')
        const [entities, edges] = await Promise.all([
          tx.objectStore('entities').index('refs').getAll(`${workspace}\u0000${node.slice(node.indexOf(':') + 1)}`),
          tx.objectStore('edges').getAll(IDBKeyRange.bound(`${workspace}\u0000${node}\u0000`, `${workspace}\u0000${node}\u0001`, false, true)),
        ])
        return { entities: entities.map(unstored), edges }
      }),
    loadRest: () =>
      this.#try(async (): Promise<StoreRest> => ({
        entities: (await this.#readAll('entities')).map(unstored),
        lifecycles: (await this.#readAll('lifecycles')) as LifecyclePageRecord[],
        edges: await this.#readAll('edges'),
      })),
  }

  readonly snapshots: SnapshotShelf = {
    list: (workspace) =>
      this.#try(async () => {
        const range = IDBKeyRange.bound(`${workspace}\u0000`, `${workspace}\u0001`, false, true)
        return (await this.db.getAll('snapshots', range)).sort((a, b) => b.seq - a.seq)
      }),
    state: (workspace, id) => this.#try(() => this.db.get('snapshot_states', `${workspace}\u0000${id}`)),
    put: (meta, state, drop) => this.#keep(meta, state, drop),
    delete: (workspace, id) => this.#keep(null, null, [id], workspace),
  }

  load(): Promise<StoreSnapshot> {
    return this.#try(async () => {
      const tx = this.db.transaction(ALL, 'readonly')
      const [head, entities, lifecycles, edges] = await Promise.all([
        // The same transaction: a snapshot of one moment.
        this.#readHead(tx as unknown as HeadTx),
        tx.objectStore('entities').getAll(),
        tx.objectStore('lifecycles').getAll(),
        tx.objectStore('edges').getAll(),
      ])
      await tx.done
      const { ordinal, ...rest } = head
      this.#known = { version: head.version, ordinal }
      return { ...rest, entities: entities.map(unstored), lifecycles: lifecycles as LifecyclePageRecord[], edges }
    })
  }

  async #loadHead(): Promise<StoreHead> {
    const tx = this.db.transaction(HEAD, 'readonly')
    const head = await this.#readHead(tx)
    await tx.done
    this.#known = { version: head.version, ordinal: head.ordinal }
    return head
  }

  /** Everything but entities, lifecycles and edges, in `tx`. */
  async #readHead(tx: HeadTx): Promise<StoreHead> {
    const [workspaces, deliveries, dues, version, stored] = await Promise.all([
      tx.objectStore('workspaces').getAll(),
      tx.objectStore('deliveries').getAll(),
      tx.objectStore('dues').getAll(),
      tx.objectStore('meta').get(VERSION_KEY),
      tx.objectStore('meta').get(ORDINAL_KEY),
    ])
    const logs = (await Promise.all(workspaces.map((ws) => this.#recentLogs(tx.objectStore('delivery_log'), ws.id)))).flat()
    let ordinal = stored ?? 0
    for (const delivery of deliveries) ordinal = Math.max(ordinal, delivery.ordinal)
    for (const log of logs) for (const delivery of log.deliveries) ordinal = Math.max(ordinal, delivery.ordinal)
    return { workspaces, deliveries, delivery_log: logs, dues, ordinal, version: version ?? 0 }
  }

  /** Every record of a table, a chunk per transaction (in key order: a chunk starts after the last key read). */
  async #readAll<T extends 'entities' | 'lifecycles' | 'edges'>(table: T): Promise<Array<VerisimDB[T]['value']>> {
    const all: Array<VerisimDB[T]['value']> = []
    for (let after: string | null = null; ; ) {
      const store = this.db.transaction(table, 'readonly').store
      const chunk = await store.getAll(after === null ? null : IDBKeyRange.lowerBound(after, true), CHUNK[table])
      for (const record of chunk) all.push(record)
      const last = chunk[chunk.length - 1]
      if (chunk.length < CHUNK[table] || last === undefined) return all
      after = keyOf(table, (table === 'entities' ? unstored(last as EntityRecord) : last) as Tables[T])
    }
  }

  /** Stores a snapshot and drops others (their ids) in one transaction. Storage full is the snapshot's failure (ShelfFull), not the store's. */
  async #keep(meta: SnapshotMeta | null, state: string | null, drop: readonly string[], workspace = meta?.workspace ?? ''): Promise<void> {
    if (this.#lost) throw this.#lost
    let tx: IDBTransaction | null = null
    try {
      tx = unwrap(this.db).transaction([...SHELF], 'readwrite')
      const [metas, states] = [tx.objectStore('snapshots'), tx.objectStore('snapshot_states')]
      for (const id of drop) for (const store of [metas, states]) store.delete(`${workspace}\u0000${id}`)
      if (meta && state !== null) {
        states.put(state, `${workspace}\u0000${meta.id}`)
        metas.put(meta, `${workspace}\u0000${meta.id}`)
      }
      const done = tx
      await new Promise<void>((resolve, reject) => {
        done.oncomplete = () => resolve()
        done.onabort = () => reject(done.error ?? new DOMException('The IndexedDB transaction was aborted', 'AbortError'))
      })
    } catch (error) {
      try {
        tx?.abort()
      } catch {
        // Already finished: nothing of it was stored.
      }
      if (error instanceof DOMException && error.name === 'QuotaExceededError') throw new ShelfFull(reasonOf(error))
      throw this.#failed(error)
    }
  }

  /** Runs a read; a store that failed rejects with StoreLost (see #failed). */
  async #try<T>(read: () => Promise<T>): Promise<T> {
    if (this.#lost) throw this.#lost
    try {
      return await read()
    } catch (error) {
      throw this.#failed(error)
    }
  }

  /** A workspace's newest delivery logs, enough for what memory keeps; older ones stay unread. */
  async #recentLogs(store: IDBPObjectStore<VerisimDB, typeof HEAD, 'delivery_log'>, workspace: string): Promise<DeliveryLogRecord[]> {
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
    let written: () => { version: number; ordinal: number }
    try {
      tx = unwrap(this.db).transaction(tables, 'readwrite')
    } catch (error) {
      return Promise.reject(this.#failed(error))
    }
    const known = this.#known
    // Until the transaction completes, nothing is known: a failed write may have stored nothing.
    this.#known = null
    try {
      written = queueWrite(tx, ops, known)
    } catch (error) {
      // A record that cannot be stored: what was queued before it must not commit on its own.
      tx.abort()
      return Promise.reject(this.#failed(error))
    }
    // With nothing left to read back (a clear walks the deliveries), it commits now, not at the end of this task.
    if (known && !clears) tx.commit()
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => {
        this.#known = written()
        resolve(this.#known.version)
      }
      tx.onabort = () => reject(this.#failed(tx.error ?? new DOMException('The IndexedDB transaction was aborted', 'AbortError')))
    })
  }

  async version(): Promise<number> {
    if (this.#lost) throw this.#lost
    try {
      const version = (await this.db.get('meta', VERSION_KEY)) ?? 0
      // Someone else wrote: the highest ordinal is not known either until the head is read again.
      if (this.#known?.version !== version) this.#known = null
      return version
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

/**
 * Queues `ops` and the version bump on `tx`; returns the version and highest ordinal stored once it
 * completes. With both `known`, they are written without being read.
 */
function queueWrite(tx: IDBTransaction, ops: readonly StoreOp[], known: { version: number; ordinal: number } | null): () => { version: number; ordinal: number } {
  const stores = new Map([...tx.objectStoreNames].map((table) => [table, tx.objectStore(table)]))
  let ordinal = 0
  for (const op of ops) {
    if ('clearWorkspace' in op) {
      clearWorkspace(stores, op.clearWorkspace, op.keepDeliveries === true)
      continue
    }
    const store = stores.get(op.table) as IDBObjectStore
    if (!('put' in op)) store.delete(op.delete)
    else if (op.table !== 'entities') store.put(op.put, keyOf(op.table, op.put as never))
    else {
      store.put({ ...op.put, refs: refsOf(op.put) }, keyOf('entities', op.put))
      ordinal = Math.max(ordinal, op.put.ordinal)
    }
  }
  const meta = tx.objectStore('meta')
  if (known) {
    const version = known.version + 1
    meta.put(version, VERSION_KEY)
    if (ordinal > known.ordinal) meta.put(ordinal, ORDINAL_KEY)
    return () => ({ version, ordinal: Math.max(ordinal, known.ordinal) })
  }
  let highest = ordinal
  const stored = meta.get(ORDINAL_KEY)
  stored.onsuccess = () => {
    const before = (stored.result as number | undefined) ?? 0
    if (before < ordinal) meta.put(ordinal, ORDINAL_KEY)
    highest = Math.max(before, ordinal)
  }
  let version = 0
  const current = meta.get(VERSION_KEY)
  current.onsuccess = () => {
    version = ((current.result as number | undefined) ?? 0) + 1
    meta.put(version, VERSION_KEY)
  }
  return () => ({ version, ordinal: highest })
}

/** Queues the deletion of every record of a workspace (in order with the transaction's other requests). */
function clearWorkspace(stores: Map<string, IDBObjectStore>, workspace: string, keepDeliveries: boolean): void {
  stores.get('workspaces')?.delete(workspace)
  stores.get('dues')?.delete(workspace)
  const range = IDBKeyRange.bound(`${workspace}\u0000`, `${workspace}\u0001`, false, true)
  for (const table of WORKSPACE_PREFIXED) if (!keepDeliveries || table !== 'delivery_log') stores.get(table)?.delete(range)
  if (keepDeliveries) return
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
