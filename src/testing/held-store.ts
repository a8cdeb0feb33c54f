import type { PartialReads, Store, StoreLost, StoreOp, StoreSnapshot } from '../core/model/store.ts'

/**
 * A store whose background read of the rest is held until `release()`: the rest is read when
 * asked (so writes made meanwhile are newer than it, as they may be in IndexedDB) and handed over
 * once released. It logs which parts were read. Test support only.
 */
export class HeldStore implements Store {
  readonly #inner: Store
  readonly #reads: PartialReads
  #release: () => void = () => undefined
  readonly #held = new Promise<void>((resolve) => (this.#release = resolve))
  /** What was read, in order: in parts `head`, `entities`, `lifecycles`, `linked`, `rest`; all of it, `load`. */
  readonly reads: string[] = []
  /** Whether the rest has been handed over. */
  restDelivered = false

  constructor(inner: Store) {
    if (!inner.partial) throw new Error('HeldStore needs a store that reads in parts')
    this.#inner = inner
    this.#reads = inner.partial
  }

  readonly partial: PartialReads = {
    loadHead: () => {
      this.reads.push('head')
      return this.#reads.loadHead()
    },
    read: (table, keys) => {
      this.reads.push(table)
      return this.#reads.read(table, keys)
    },
    linked: (workspace, node) => {
      this.reads.push('linked')
      return this.#reads.linked(workspace, node)
    },
    loadRest: async () => {
      this.reads.push('rest')
      const rest = await this.#reads.loadRest()
      await this.#held
      this.restDelivered = true
      return rest
    },
  }

  release(): void {
    this.#release()
  }

  load(): Promise<StoreSnapshot> {
    this.reads.push('load')
    return this.#inner.load()
  }

  write(ops: readonly StoreOp[]): Promise<number> {
    return this.#inner.write(ops)
  }

  version(): Promise<number> {
    return this.#inner.version()
  }

  close(): void {
    this.#inner.close()
  }

  onLost(listener: (error: StoreLost) => void): void {
    this.#inner.onLost?.(listener)
  }
}
