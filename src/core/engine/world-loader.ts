import type { Domain } from '../model/domain.ts'
import { NotLoaded, type Need } from '../model/not-loaded.ts'
import { lifecyclePageKey, type EntityRecord, type LifecyclePageRecord, type PartialReads, type StoreHead, type StoreOp, type Store, type StoreRest, type StoreSnapshot } from '../model/store.ts'
import type { Scheduler } from '../time/scheduler.ts'
import { TableSet } from '../model/table-set.ts'
import { World } from '../model/world.ts'

/**
 * How long after a start the rest is read at the latest, when no request came and went before:
 * read at once, its chunks would be handed to the page between the first request's reads by key.
 */
const BEHIND_MS = 100

/**
 * What a start reads: the store's head, or all of it when it cannot be read in parts. Even a small
 * store is read by its head first: measured with 100 orders, reading it whole after its head made
 * the first answer later (19–29 ms after the worker started, against 15–18 ms).
 */
export async function startingRead(store: Store): Promise<StoreSnapshot | StoreHead> {
  if (!store.partial) return store.load()
  return store.partial.loadHead()
}

export interface WorldLoaderOptions {
  domain: Domain
  /** Reads part of the store; null when it was lost (memory then took over with what was read). */
  read<T>(read: (reads: PartialReads) => Promise<T>): Promise<T | null>
  /** The background read of the rest failed (see behind). */
  failed?(error: unknown): void
}

/**
 * Loads the world a piece at a time after a start from the store's head: what a run needs when it
 * needs it (NotLoaded), and the rest in the background, built into a whole world between runs.
 *
 * The rest is read while this engine writes, so what is read may be older or newer than the head:
 * the whole world is the head and the rest with every write since the head laid over them, in
 * order, as the store applied them. Only the leading tab writes; another tab that wrote in the
 * meantime is noticed when this one takes the lead (UnitOfWork.refresh reads the head again: restart).
 */
export class WorldLoader {
  readonly #options: WorldLoaderOptions
  #head: StoreHead | null
  #journal: StoreOp[] = []
  #rest: Promise<StoreRest | null> | null = null
  /** Starts reading the rest behind the requests (see behind), once. */
  #kick: (() => void) | null = null
  /** How the rest is built into the world (see behind), for a world read from a head again (restart). */
  #behind: Parameters<WorldLoader['behind']> | null = null

  /** `head`: null when the world was read whole at start. */
  constructor(options: WorldLoaderOptions, head: StoreHead | null) {
    this.#options = options
    this.#head = head
  }

  /** Starts reading the rest; resolves once it is read (not yet built into the world, see complete). */
  read(): Promise<StoreRest | null> {
    if (!this.#head) return Promise.resolve(null)
    this.#rest ??= this.#options.read((reads) => reads.loadRest())
    return this.#rest
  }

  /**
   * Reads the rest in the background, after the first request that needed nothing more or
   * BEHIND_MS (at once without a scheduler), and builds it into the world in `between` (between
   * requests; one that needs all of it builds it first).
   */
  behind(between: (build: () => Promise<void>) => Promise<void>, scheduler?: Scheduler): void {
    this.#behind = [between, scheduler]
    if (!this.#head) return
    let started = false
    this.#kick = () => {
      if (started) return
      started = true
      this.#kick = null
      // A failed read is kept: the rest stays that failed read, and a request needing it fails with its error.
      void this.read().then(() => between(() => this.complete())).catch((error: unknown) => this.#options.failed?.(error))
    }
    if (scheduler) scheduler.schedule(BEHIND_MS, () => this.#kick?.())
    else this.#kick()
  }

  /**
   * Starts the world anew from a head read again (another tab wrote since this one read the store:
   * it takes the lead): what requests need is read by key, the rest in the background, as after a start.
   */
  restart(head: StoreHead): void {
    const { domain } = this.#options
    this.#head = head
    this.#journal = []
    this.#rest = null
    domain.takeFacts()
    domain.world.takeOps()
    domain.world = World.fromHead(domain.scenario.links, { ...this.#stored(head, null), ordinal: head.ordinal }, head.ordinal)
    if (this.#behind) this.behind(...this.#behind)
  }

  /**
   * Forgets what a failed request changed without reading the store, while the world is still
   * loading: it starts anew from the head with every write since. False when the world is whole.
   */
  undo(): boolean {
    if (!this.#head || this.#options.domain.world.complete) return false
    this.#undo()
    return true
  }

  /** A request was answered: the rest may be read now (see behind). */
  answered(): void {
    this.#kick?.()
  }

  /** What a write stored, while the world is not whole. */
  written(ops: readonly StoreOp[]): void {
    if (this.#options.domain.world.complete) return
    for (const op of ops) this.#journal.push(op)
  }

  /**
   * Runs `run` until it needs nothing more that is not read: what it needs is read, and a run that
   * changed something before it stopped is undone first, so it runs again as if for the first time.
   */
  async retrying<T>(run: () => Promise<T>): Promise<T> {
    for (let undone = 0; ; ) {
      try {
        return await run()
      } catch (error) {
        if (!(error instanceof NotLoaded)) throw error
        const { domain } = this.#options
        if (domain.pendingFacts > 0 || domain.world.changed) {
          this.#undo()
          // The undo also forgets what the run had read: a run needing one record after another
          // as it changes the world (a spec resource seeding its examples) would read them back
          // and forth for ever. The second time, the whole world is read, and the run cannot stop again.
          if (++undone > 1) {
            await this.#need('all')
            continue
          }
        }
        await this.#need(error.need)
      }
    }
  }

  /** Builds the whole world, once the rest is read. Only between runs: nothing may be queued. */
  async complete(): Promise<void> {
    const rest = await this.read()
    const { domain } = this.#options
    const head = this.#head
    // Read again whole meanwhile (a failed run undone, another tab's writes), or memory took over.
    if (!head || domain.world.complete || !rest) return
    domain.world = new World(domain.scenario.links, this.#stored(head, rest), head.ordinal)
    // Nothing is left to read: what was read is the world's now.
    this.#head = null
    this.#rest = null
    this.#journal = []
  }

  /**
   * Forgets what a stopped run changed, without reading the store again: the world starts anew
   * from the head with every write since laid over it, and reads again what it needs.
   */
  #undo(): void {
    const { domain } = this.#options
    const head = this.#head as StoreHead
    domain.takeFacts()
    domain.world.takeOps()
    const stored = this.#stored(head, null)
    let ordinal = head.ordinal
    for (const op of this.#journal) if ('put' in op && (op.table === 'entities' || op.table === 'deliveries')) ordinal = Math.max(ordinal, op.put.ordinal)
    for (const log of stored.delivery_log) for (const delivery of log.deliveries) ordinal = Math.max(ordinal, delivery.ordinal)
    domain.world = World.fromHead(domain.scenario.links, { ...stored, ordinal }, head.ordinal)
  }

  /** What the store holds now: the head (and the rest, when read) with every write since laid over them. */
  #stored(head: StoreHead, rest: StoreRest | null): StoreSnapshot {
    const tables = new TableSet(false)
    tables.fill('workspaces', head.workspaces)
    tables.fill('deliveries', head.deliveries)
    tables.fill('delivery_log', head.delivery_log)
    tables.fill('dues', head.dues)
    if (rest) {
      tables.fill('entities', rest.entities)
      tables.fill('lifecycles', rest.lifecycles)
      tables.fill('edges', rest.edges)
    }
    tables.apply(this.#journal)
    return tables.snapshot(head.version, false)
  }

  async #need(need: Need): Promise<void> {
    const { world } = this.#options.domain
    if (!world.loading) return
    if (need === 'all') return this.complete()
    if ('keys' in need) {
      const entities = await this.#options.read((reads) => reads.read('entities', need.keys))
      if (entities) world.loading?.read(need.keys, entities, await this.#pagesOf(entities))
      return
    }
    const [workspace, node] = need.links
    const linked = await this.#options.read((reads) => reads.linked(workspace, node))
    if (linked) world.loading?.readLinks(workspace, node, linked.entities, linked.edges, await this.#pagesOf(linked.entities))
  }

  async #pagesOf(entities: ReadonlyArray<EntityRecord | undefined>): Promise<Array<LifecyclePageRecord | undefined>> {
    const keys = [...new Set(entities.flatMap((e) => (e ? [lifecyclePageKey(e.workspace, e.ordinal)] : [])))]
    if (keys.length === 0) return []
    return (await this.#options.read((reads) => reads.read('lifecycles', keys))) ?? []
  }
}
