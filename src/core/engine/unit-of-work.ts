import type { Domain } from '../model/domain.ts'
import type { Fact } from '../model/fact.ts'
import { MemoryStore } from '../model/memory-store.ts'
import { StoreLost, type DeliveryRecord, type PartialReads, type SnapshotShelf, type Store, type StoreOp } from '../model/store.ts'
import { copyOf } from '../model/world-copy.ts'
import { World } from '../model/world.ts'
import { initialClock, sameClock, type ClockState } from '../time/clock.ts'
import { clockStatus } from '../wire/wire.ts'
import { afterAttempt, type Outcome } from '../webhooks/retry-policy.ts'
import { enqueueDeliveries, outgoingRequest, RECEIVER_PATH, secretOf, type OutgoingRequest } from '../webhooks/webhooks.ts'
import type { ClockChange } from './events.ts'
import type { WorldLoader } from './world-loader.ts'

export interface UnitOfWorkOptions {
  domain: Domain
  store: Store
  /** The store's version when the domain's world was read from it. */
  version: number
  /** Whether the mock serves `url`: a delivery there is made inside the commit that created it. */
  serves(url: string): boolean
  /** Runs a request's route inside the unit of work being prepared (no commit); resolves with its status. */
  route(request: Request, workspace: string): Promise<number>
  /** The store was lost and a memory store holding the whole world took over (called once). */
  lost(error: StoreLost, partly: boolean): void
  /**
   * The world as it loads (WorldLoader): told what each write stored, it starts the world anew from
   * a head read again, and forgets a failed request's changes without reading the store. Without
   * it, the whole store is read whenever the world must be read again.
   */
  loading?: Pick<WorldLoader, 'written' | 'restart' | 'undo'>
}

/** What one commit stored, for the engine to publish. */
export interface Changes {
  facts: Fact[]
  /** Deliveries created or changed, pending ones (for the outbox) included. */
  deliveries: DeliveryRecord[]
  clocks: ClockChange[]
  /** Deliveries the commit made inline (to URLs the mock serves), with the requests as sent, for the inspector. */
  inline: Array<[DeliveryRecord, OutgoingRequest]>
}

/**
 * The changes the domain has queued since the last commit: its facts, the webhook deliveries they
 * make, and one store write of it all. Only the leading tab commits, so its world stays current.
 */
export class UnitOfWork {
  readonly #options: UnitOfWorkOptions
  #store: Store
  #lost = false
  #version: number
  /** Each stored workspace's clock as the store holds it, to tell which clocks a commit changed. */
  #clocks: Map<string, ClockState>

  constructor(options: UnitOfWorkOptions) {
    this.#options = options
    this.#store = options.store
    this.#version = options.version
    this.#clocks = clocksOf(options.domain.world)
  }

  /** Where snapshots are kept: the current store's shelf (memory's once IndexedDB was lost). */
  get snapshots(): SnapshotShelf | null {
    return this.#store.snapshots ?? null
  }

  /**
   * Stores every queued change in one transaction and says what changed. On a failed write nothing
   * did, unless the store was lost: then memory takes over with the world, this change included.
   */
  async commit(): Promise<Changes> {
    const { domain, serves } = this.#options
    // Concatenated, never spread into push(): a long catch-up has hundreds of thousands of facts.
    let facts: Fact[] = []
    const shown: Array<[DeliveryRecord, OutgoingRequest]> = []
    // Endpoints are few and deliveries many: whether the mock serves a URL is decided once per URL.
    const served = new Map<string, boolean>()
    const servedHere = (url: string) => served.get(url) ?? served.set(url, serves(url)).get(url)
    // A delivery the mock receives itself may report facts of its own: a few rounds at most.
    for (let round = 0, batch = domain.takeFacts(); batch.length > 0 && round < 4; round++, batch = domain.takeFacts()) {
      facts = facts.concat(batch)
      for (const delivery of enqueueDeliveries(domain, batch)) if (servedHere(delivery.url)) shown.push([delivery, await this.#deliverInline(delivery)])
    }
    domain.settleDues()
    await this.#readPages()
    const ops = domain.world.takeOps()
    if (ops.length === 0) return { facts, deliveries: [], clocks: [], inline: shown }
    try {
      this.#version = await this.#store.write(ops)
      this.#options.loading?.written(ops)
    } catch (error) {
      if (error instanceof StoreLost) await this.fallBack(error)
      else {
        // Nothing was stored, so nothing happened: back to what the store holds.
        await this.#forget()
        throw error
      }
    }
    return { facts, deliveries: deliveriesOf(ops), clocks: this.#clockChanges(ops), inline: shown }
  }

  /** A failed request leaves no trace: the world is re-read from the store. */
  async discard(): Promise<void> {
    const { domain } = this.#options
    domain.takeFacts()
    if (domain.world.takeOps().length > 0) await this.#forget()
  }

  /** Back to what the store holds: a world still loading from its head and the writes since, else by reading it all. */
  async #forget(): Promise<void> {
    if (!this.#options.loading?.undo()) await this.#reload()
  }

  /**
   * Re-reads the world when another tab wrote since this one last did: its head, when the store
   * reads in parts (the rest is read behind the requests, as after a start), else all of it.
   */
  async refresh(): Promise<void> {
    const version = await this.#read((store) => store.version())
    if (version === null || version === this.#version) return
    const { loading } = this.#options
    // Null too when the store was lost meanwhile: memory, which took over, is read whole.
    const head = loading && this.#store.partial ? await this.readPart((reads) => reads.loadHead()) : null
    if (!loading || !head) return this.#reload()
    loading.restart(head)
    this.#version = head.version
    this.#clocks = clocksOf(this.#options.domain.world)
  }

  /**
   * Moves to a memory store holding everything the world holds, once the store is lost (the
   * world holds every committed change, and a failed write's too, since the world changes first).
   */
  async fallBack(error: StoreLost): Promise<void> {
    if (this.#lost) return
    const memory = new MemoryStore()
    const { domain } = this.#options
    this.#version = await memory.write(copyOf(domain.world))
    this.#lost = true
    this.#store.close()
    this.#store = memory
    // A world still loading goes on with what it has read: the rest was lost with the store.
    const partly = !domain.world.complete
    if (partly) domain.world = new World(domain.scenario.links, await memory.load())
    this.#options.lost(error, partly)
  }

  /** Reads part of the store; when it is lost, memory takes over (see fallBack) and the read gives null. */
  readPart<T>(read: (reads: PartialReads) => Promise<T>): Promise<T | null> {
    return this.#read((store) => {
      if (!store.partial) throw new Error('This store cannot be read in parts.')
      return read(store.partial)
    })
  }

  /** Lifecycle pages a world still loading rewrites and has not read: the rewrite keeps their other members. */
  async #readPages(): Promise<void> {
    const { world } = this.#options.domain
    const keys = world.unreadPages()
    if (keys.length === 0) return
    const pages = await this.readPart((reads) => reads.read('lifecycles', keys))
    if (pages) world.loading?.readPages(keys, pages)
  }

  /** Reads the store; when it is lost, memory takes over (see fallBack) and the read gives null. */
  async #read<T>(read: (store: Store) => Promise<T>): Promise<T | null> {
    try {
      return await read(this.#store)
    } catch (error) {
      if (!(error instanceof StoreLost)) throw error
      await this.fallBack(error)
      return null
    }
  }

  async #reload(): Promise<void> {
    // A lost store leaves nothing to undo a failed request's changes from: memory takes the world as it is.
    const snapshot = await this.#read((store) => store.load())
    if (!snapshot) return
    const world = new World(this.#options.domain.scenario.links, snapshot)
    this.#options.domain.world = world
    this.#version = snapshot.version
    this.#clocks = clocksOf(world)
  }

  /**
   * The workspaces whose clock the stored ops changed, compared with what the store held before:
   * a workspace written for its persona or its order numbers keeps its clock. A workspace never
   * stored, or emptied, runs on a fresh clock (real time).
   */
  #clockChanges(ops: readonly StoreOp[]): ClockChange[] {
    const wallNow = this.#options.domain.wallNow()
    const fresh = initialClock(wallNow)
    const before = new Map<string, ClockState>()
    for (const op of ops) {
      const workspace = workspaceWritten(op)
      if (workspace === null) continue
      if (!before.has(workspace)) before.set(workspace, this.#clocks.get(workspace) ?? fresh)
      if ('put' in op && op.table === 'workspaces') this.#clocks.set(workspace, op.put.clock)
      else this.#clocks.delete(workspace)
    }
    const changes: ClockChange[] = []
    for (const [workspace, was] of before) {
      const clock = this.#clocks.get(workspace) ?? fresh
      if (!sameClock(was, clock, wallNow)) changes.push({ workspace, status: clockStatus(clock, wallNow) })
    }
    return changes
  }

  /**
   * Makes a delivery to a URL the mock serves inside the commit that created it: the fact, the
   * receipt and the outcome are one transaction, so it is never pending, lost or made twice.
   */
  async #deliverInline(delivery: DeliveryRecord): Promise<OutgoingRequest> {
    const { domain, route } = this.#options
    const request = await outgoingRequest(delivery, secretOf(domain, delivery))
    const url = new URL(delivery.url)
    let outcome: Outcome
    // The mock's own receiver: the delivered record is the receipt, stored once.
    if (url.pathname.startsWith(RECEIVER_PATH)) outcome = { kind: 'received' }
    else {
      const headers = { ...request.headers, 'X-MockForge-Workspace': delivery.workspace }
      const status = await route(new Request(url, { method: 'POST', headers, body: request.body }), delivery.workspace)
      // The mock's own routes answer the same way every time: no retries.
      outcome = { kind: 'answered', status, final: true }
    }
    const current = domain.world.delivery(delivery.id)
    if (current) domain.world.putDelivery(afterAttempt(current, outcome, domain.scenario.webhookPolicy, domain.wallNow()))
    return request
  }
}

/** The workspace whose record `op` writes or removes, if it does. */
function workspaceWritten(op: StoreOp): string | null {
  if ('clearWorkspace' in op) return op.clearWorkspace
  if (op.table !== 'workspaces') return null
  return 'put' in op ? op.put.id : op.delete
}

function clocksOf(world: World): Map<string, ClockState> {
  return new Map(world.workspaces().map((ws) => [ws.id, ws.clock]))
}

/** The deliveries a commit stored, one by one or in a log record, in the order written. */
function deliveriesOf(ops: readonly StoreOp[]): DeliveryRecord[] {
  return ops.flatMap((op) => (!('put' in op) ? [] : op.table === 'deliveries' ? [op.put] : op.table === 'delivery_log' ? op.put.deliveries : []))
}
