import { MemoryStore } from '../core/model/memory-store.ts'
import { StoreLost, type PartialReads, type Store, type StoreOp, type StoreSnapshot } from '../core/model/store.ts'

/**
 * A connection to a database (a memory store, shared by several connections like an origin's
 * IndexedDB) that works until it fails as IndexedDB does while running: `fail` as when storage is
 * full (the next call finds out), `lose` as when the database is closed or deleted under the page
 * (the engine is told at once). Test support only.
 */
export class LosingStore implements Store {
  readonly database: MemoryStore
  #lost: StoreLost | null = null
  readonly #listeners: Array<(error: StoreLost) => void> = []
  closed = false

  constructor(database = new MemoryStore()) {
    this.database = database
  }

  readonly partial: PartialReads = {
    loadHead: () => this.#use((reads) => reads.loadHead()),
    read: (table, keys) => this.#use((reads) => reads.read(table, keys)),
    linked: (workspace, node) => this.#use((reads) => reads.linked(workspace, node)),
    loadRest: () => this.#use((reads) => reads.loadRest()),
  }

  #use<T>(read: (reads: PartialReads) => Promise<T>): Promise<T> {
    return this.#lost ? Promise.reject(this.#lost) : read(this.database.partial)
  }

  load(): Promise<StoreSnapshot> {
    return this.#lost ? Promise.reject(this.#lost) : this.database.load()
  }

  write(ops: readonly StoreOp[]): Promise<number> {
    return this.#lost ? Promise.reject(this.#lost) : this.database.write(ops)
  }

  version(): Promise<number> {
    return this.#lost ? Promise.reject(this.#lost) : this.database.version()
  }

  close(): void {
    this.closed = true
  }

  onLost(listener: (error: StoreLost) => void): void {
    this.#listeners.push(listener)
  }

  /** Every call from now on rejects with `reason`, e.g. storage full. */
  fail(reason: string): void {
    this.#lost = new StoreLost(reason)
  }

  /** The database is gone under the page: every call rejects, and listeners hear of it now. */
  lose(reason: string): void {
    this.fail(reason)
    for (const listener of this.#listeners) listener(this.#lost as StoreLost)
  }
}
