import { messageOf } from '../errors.ts'
import { loadGenerator } from '../contract/generator.ts'
import { orderBehaviour } from '../kinds/orders.ts'
import { userBehaviour } from '../kinds/subscriptions.ts'
import { Domain } from '../model/domain.ts'
import type { Store, StoreHead, StoreLost, StoreSnapshot } from '../model/store.ts'
import { World } from '../model/world.ts'
import type { Scenario } from '../scenario/scenario.ts'
import { SocketSession, type SocketPeer } from '../sockets/socket-session.ts'
import type { Scheduler } from '../time/scheduler.ts'
import { OutboxRunner } from '../webhooks/outbox-runner.ts'
import type { WebhookTransports } from '../webhooks/webhooks.ts'
import { specRoutes } from '../http/routes/spec-routes.ts'
import { askActivePersona } from './active-persona.ts'
import { ContractGate } from './contract-gate.ts'
import { ContractReport, needsGenerator } from './contract-report.ts'
import { Emitter, WarningLog, type ContractViolation, type EngineEvents, type EngineWarning, type StorageMode, type Subscribable } from './events.ts'
import { LifecycleTimer } from './lifecycle-timer.ts'
import { isWorkspaceName, overriddenLog, RequestPipeline } from './request-pipeline.ts'
import type { RouteTable } from '../http/routes/route.ts'
import { routeTable } from './route-table.ts'
import { serves, socketUrlOf } from './served-urls.ts'
import { seedOrders, type OrderSeed } from './seed-orders.ts'
import { snapshotAccess } from './snapshot-access.ts'
import { storageLost } from './storage-lost.ts'
import { TabSeat } from './tab-seat.ts'
import { singleTab, type TabMessage, type Tabs } from './tabs.ts'
import { UnitOfWork } from './unit-of-work.ts'
import { Reality, realityFor, type UpstreamPort } from './reality.ts'
import { calendarNow } from '../time/clock.ts'
import { startingRead, WorldLoader } from './world-loader.ts'

// Adapters and observers import these from here as well as from their own files.
export type { ContractViolation, EngineEvents, EngineWarning, RequestLog, StorageMode } from './events.ts'
export type { ContractReport, OperationReport, ServedBy } from './contract-report.ts'
export type { Scheduler } from '../time/scheduler.ts'
export type { UpstreamPort } from './reality.ts'
export { serves, socketUrlOf } from './served-urls.ts'

export interface EngineOptions {
  scenario: Scenario
  store: Store
  /** Wall-clock time in ms (each workspace's world time runs on its virtual clock). */
  wallNow: () => number
  scheduler?: Scheduler
  webhooks?: WebhookTransports
  /** The page's own origin: its `/api/…` and `/__mockforge/…` requests are served too. */
  pageOrigin?: string
  /** Other engines on the same store (browser tabs); alone by default. */
  tabs?: Tabs
  /** What `store` is, for observers (the panel); an engine built without it says null. */
  storage?: StorageMode
  /** How the reality continuum reaches the real backend, and the page's `?verisim-upstream=` override. */
  upstream?: { port: UpstreamPort; override?: string }
}

/**
 * The mock behind one page: it answers HTTP requests and sockets, runs lifecycles on each
 * workspace's clock and sends webhooks. It wires the request pipeline, the unit of work and the
 * outbox together and publishes what each commit changed; in a tab that does not lead, it
 * forwards requests to the leading tab and replays what that tab announces.
 */
export class Engine {
  readonly #emitter = new Emitter<EngineEvents>()
  /** How the panel, tests and adapters observe the engine: they listen, only the engine emits. */
  readonly events: Subscribable<EngineEvents> = this.#emitter.view
  readonly scenario: Scenario
  /** The scenario's spec: its operations, what serves each and their recent violations; null without a spec. */
  readonly contract: ContractReport | null
  #storage: StorageMode | null
  readonly #options: EngineOptions
  readonly #domain: Domain
  readonly #pipeline: RequestPipeline
  readonly #work: UnitOfWork
  readonly #loader: WorldLoader
  readonly #outbox: OutboxRunner
  readonly #timer: LifecycleTimer
  readonly #seat: TabSeat
  readonly #warnings: WarningLog
  readonly #gate: ContractGate | null
  readonly #reality: Reality | null
  #queue: Promise<unknown> = Promise.resolve()
  #stopped = false

  /** `read`: the whole store, or its head (then WorldLoader reads the rest). */
  private constructor(options: EngineOptions, read: StoreSnapshot | StoreHead, router: RouteTable) {
    const { scenario, wallNow } = options
    this.#options = options
    this.scenario = scenario
    this.#storage = options.storage ?? null
    const world = 'entities' in read ? new World(scenario.links, read) : World.fromHead(scenario.links, read)
    const domain = (this.#domain = new Domain(scenario, world, wallNow, { order: orderBehaviour, user: userBehaviour }))
    const contract = scenario.contract
    this.contract = contract ? new ContractReport(contract, router) : null
    this.#warnings = new WarningLog([...scenario.warnings, ...(this.contract?.warnings ?? [])])
    this.#gate = contract ? new ContractGate(contract, (violation) => this.#violation(violation), wallNow) : null
    const spec = contract && this.#gate ? { gate: this.#gate, routes: specRoutes(contract) } : null
    // A commit makes inline deliveries through the pipeline's routes, and the pipeline commits.
    const pipeline = (this.#pipeline = new RequestPipeline({
      router, spec, domain, wallNow,
      commit: () => this.#commit(),
      discard: () => this.#work.discard(),
      retrying: (run) => this.#loader.retrying(run).finally(() => this.#loader.answered()),
      log: (entry) => this.#emitter.emit('request', entry),
    }))
    const failed = (error: unknown) => this.#warn({ source: 'storage', message: `The rest of the stored state could not be read (${messageOf(error)}): a request that needs all of it fails until the page is reloaded.` })
    this.#loader = new WorldLoader({ domain, read: (part) => this.#work.readPart(part), failed }, 'entities' in read ? null : read)
    this.#work = new UnitOfWork({
      domain, store: options.store, version: read.version, loading: this.#loader,
      serves: (url) => this.serves(url),
      route: (request, workspace) => pipeline.routeInline(request, workspace),
      lost: (error, partly) => this.#goAlone(error, partly),
    })
    options.store.onLost?.((error) => void this.#exclusive(() => this.#work.fallBack(error)))
    this.#outbox = new OutboxRunner({
      policy: scenario.webhookPolicy, transports: options.webhooks, wallNow, scheduler: options.scheduler,
      unitOfWork: (task) => this.#change(task),
      read: (task) => this.#exclusive(() => this.#loader.retrying(async () => task(this.#domain))),
      warn: (message) => this.#warn({ source: 'webhooks', message }),
    })
    this.#timer = new LifecycleTimer(options.scheduler, () => void this.tick())
    this.#reality = realityFor({ config: scenario.reality, ...options.upstream, served: (origin) => this.serves(`${origin}/`) || origin === options.pageOrigin }, {
      workspace: (name) => ({ at: calendarNow(domain.workspace(name).clock, wallNow()), manual: domain.workspace(name).reality ?? {} }),
      warn: (_kind, message) => this.#warn({ source: 'reality', message }),
      log: (entry) => this.#emitter.emit('request', entry),
    })
    this.#seat = new TabSeat(options.tabs ?? singleTab(), { answer: (request) => this.handle(request), replay: (message) => this.#replay(message) })
  }

  /** Opens the world from the store (its head first when it reads in parts); the leading tab catches up and resumes the outbox. */
  static async start(options: EngineOptions): Promise<Engine> {
    const { contract } = options.scenario
    let engine: Engine | undefined
    const router = routeTable(options.scenario, snapshotAccess(() => (engine ? engine.#work.snapshots : null), (warning) => engine && engine.#warn(warning)), () => engine?.upstream ?? null)
    if (contract && needsGenerator(contract, router)) await loadGenerator()
    const started = (engine = new Engine(options, await startingRead(options.store), router))
    started.#loader.behind((build) => started.#exclusive(build), options.scheduler)
    let led: Promise<void> = Promise.resolve()
    started.#seat.elect(() => {
      led = started.#lead()
    })
    await led
    return started
  }

  /** Every warning so far: the scenario's (keys it does not act on), then the latest of running (also `warning` events). */
  get warnings(): readonly EngineWarning[] {
    return this.#warnings.all
  }

  /** Where the state lives (IndexedDB, or memory and why), as the embedder described its store; memory once it was lost. */
  get storage(): StorageMode | null { return this.#storage }

  /** The real backend's origin the reality continuum answers from; null: every answer stays mocked. */
  get upstream(): string | null { return this.#reality?.upstream ?? null }

  /** Whether this engine runs timers and the webhook outbox for every tab. */
  get leading(): boolean { return this.#seat.leading }

  /** Whether an HTTP request to `url` is the mock's to answer. */
  serves(url: string | URL): boolean {
    return serves(this.scenario, this.#options.pageOrigin, url)
  }

  /** The canonical mocked socket URL for `url`, or null when the socket belongs to the network. */
  socketUrl(url: string | URL): string | null {
    return socketUrlOf(this.scenario, url)
  }

  connect(url: string, peer: SocketPeer): SocketSession {
    return new SocketSession(url, {
      subscribe: (listener) => this.#emitter.on('fact', listener),
      activePersona: (workspace) =>
        this.#seat.leading ? Promise.resolve(this.#domain.activePersona(workspace)) : askActivePersona(this.#domain, workspace, (request) => this.handle(request)),
      validWorkspace: isWorkspaceName,
      observe: (workspace, direction, frame) => this.#emitter.emit('socket', { workspace, url, direction, frame }),
    }, peer)
  }

  /**
   * An answer made by a handler of the app's or a test's own before the scenario: logged as
   * overridden and held to the spec like the engine's (a network error is logged with status 0).
   */
  async observeAnswer(request: Request, response: Response): Promise<void> {
    this.#emitter.emit('request', overriddenLog(request, response))
    if (response.type !== 'error') await this.#gate?.checkAnswer(request, response, (at) => this.serves(at))
  }

  /** Answers a request; in a tab that does not lead, the leading tab answers it. */
  async handle(request: Request): Promise<Response> {
    if (!this.#seat.leading) return this.#seat.forward(request)
    // The upstream is waited for outside the engine's queue: only the mock's own answer takes a turn in it.
    if (this.#reality?.considers(request)) return this.#reality.handle(request, (r, log) => this.#exclusive(() => this.#pipeline.handle(r, log)))
    return this.#exclusive(() => this.#pipeline.handle(request))
  }

  /** Creates orders for a persona in one transaction, as if each had been posted (fixtures, benchmarks); resolves with their ids. */
  seedOrders(workspace: string, personaId: string, orders: OrderSeed): Promise<string[]> {
    return seedOrders((request) => this.handle(request), workspace, personaId, orders)
  }

  /** Brings every workspace's lifecycles up to now and publishes what happened. */
  tick(): Promise<void> {
    return this.#exclusive(async () => {
      await this.#loader.retrying(async () => {
        for (const workspace of this.#domain.dueWorkspaces()) this.#domain.catchUp(workspace)
        await this.#commit()
      })
      this.#outbox.wake()
    })
  }

  /** Resolves once every queued webhook delivery has been attempted. */
  async settled(): Promise<void> {
    await this.#queue
    while (this.#outbox.draining) await this.#outbox.draining
  }

  stop(): void {
    this.#stopped = true
    this.#outbox.stop()
    this.#timer.cancel()
    this.#seat.stop()
  }

  async #lead(): Promise<void> {
    if (this.#stopped) return
    // The previous leader may have changed the world since this tab read it.
    await this.#exclusive(() => this.#work.refresh())
    await this.tick()
    this.#outbox.resume(this.#domain.world.deliveries().filter((d) => d.status === 'pending'))
  }

  /** The leader's facts and clock changes reach this tab's sockets and observers too. */
  #replay(message: TabMessage): void {
    for (const clock of message.clocks) this.#emitter.emit('clock', clock)
    for (const fact of message.facts) this.#emitter.emit('fact', fact)
  }

  /** Commits the queued changes, then tells the other tabs, the observers and the outbox what changed. */
  async #commit(): Promise<void> {
    const { facts, deliveries, clocks, inline } = await this.#work.commit()
    if (facts.length > 0 || clocks.length > 0) this.#seat.announce({ facts, clocks })
    for (const clock of clocks) this.#emitter.emit('clock', clock)
    for (const delivery of deliveries) this.#emitter.emit('delivery', delivery)
    for (const fact of facts) this.#emitter.emit('fact', fact)
    // After the facts: posting thousands of deliveries to the inspector must not hold back the sockets.
    for (const [delivery, request] of inline) this.#options.webhooks?.inspect?.(delivery, request)
    // New deliveries, and dead ones a retry made pending again (the runner updates those it holds).
    const pending = deliveries.filter((d) => d.status === 'pending')
    if (pending.length > 0) this.#outbox.enqueue(pending)
    if (this.#seat.leading && !this.#stopped) this.#timer.arm(this.#domain, this.#options.wallNow())
    else this.#timer.cancel()
  }

  /** The outbox's unit of work: `task` changes the domain after every earlier task, then it is committed. */
  #change<T>(task: (domain: Domain) => T): Promise<T> {
    return this.#exclusive(() => this.#loader.retrying(async () => {
      let value: T
      try {
        value = task(this.#domain)
      } catch (error) {
        await this.#work.discard()
        throw error
      }
      await this.#commit()
      return value
    }))
  }

  #violation(violation: ContractViolation): void {
    const first = this.contract?.record(violation)
    this.#emitter.emit('violation', violation)
    // An answer that breaks the spec is a warning once per operation and status; the panel lists each one.
    if (violation.direction === 'response' && first) this.#warn({ source: 'contract', message: violation.message })
  }

  /** The store was lost and memory took over: this tab leads its own state from now on, and says so once. */
  #goAlone(error: StoreLost, partly: boolean): void {
    const { storage, warning } = storageLost(this.#storage, error, partly)
    this.#storage = storage
    this.#warn(warning)
    this.#emitter.emit('storage', storage)
    // A follower's timers and outbox start as when it takes the lead.
    if (!this.#seat.leave()) void this.#lead()
  }

  #warn(warning: EngineWarning): void {
    this.#warnings.add(warning)
    this.#emitter.emit('warning', warning)
  }

  /** Runs `task` after this engine's earlier tasks; only the leading tab changes the store (another re-reads it on taking the lead). */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task)
    this.#queue = run.catch(() => undefined)
    return run
  }
}
