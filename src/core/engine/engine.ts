import { worldNow } from '../time/clock.ts'
import { clockStatus, type ClockStatus } from '../wire/wire.ts'
import { Domain } from '../model/domain.ts'
import type { Fact } from '../model/fact.ts'
import { unauthorized, VerisimError, notFound } from '../errors.ts'
import { Emitter } from './events.ts'
import { errorResponse } from '../http/http.ts'
import { verifyToken } from '../http/jwt.ts'
import { orderBehaviour } from '../kinds/orders.ts'
import { userBehaviour } from '../kinds/subscriptions.ts'
import { Router } from '../http/router.ts'
import { authRoutes } from '../http/routes/auth-routes.ts'
import { billingRoutes } from '../http/routes/billing-routes.ts'
import { consistencyRoutes } from '../http/routes/consistency-routes.ts'
import { lifecycleRoutes } from '../http/routes/lifecycle-routes.ts'
import type { RouteHandler, RouteRequest } from '../http/routes/route.ts'
import { seedRoutes } from '../http/routes/seed-routes.ts'
import { shopRoutes } from '../http/routes/shop-routes.ts'
import { timeTravelRoutes } from '../http/routes/time-travel-routes.ts'
import { webhookRoutes } from '../http/routes/webhook-routes.ts'
import { webhookAdminRoutes } from '../http/routes/webhook-admin-routes.ts'
import type { Persona, Scenario } from '../scenario/scenario.ts'
import { SocketSession, type SocketPeer } from '../sockets/socket-session.ts'
import type { DeliveryRecord, Store, StoreSnapshot } from '../model/store.ts'
import { requestFromWire, responseFromWire, singleTab, toWire, type TabMessage, type Tabs } from './tabs.ts'
import { OutboxRunner } from '../webhooks/outbox-runner.ts'
import { enqueueDeliveries, secretOf, type OutgoingRequest, type WebhookTransports } from '../webhooks/webhooks.ts'
import { World } from '../model/world.ts'

/** Runs a task after a delay of real time; returns a cancel function. Injected: the engine never reads a timer. */
export interface Scheduler {
  schedule(delayMs: number, task: () => void): () => void
}

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
}

export interface RequestLog {
  request_id: string
  workspace: string
  method: string
  url: string
  status: number
  persona: string | null
}

/** The typed event map through which the panel, tests and adapters observe the engine. */
export interface EngineEvents {
  fact: Fact
  request: RequestLog
  socket: { workspace: string | null; url: string; direction: 'in' | 'out'; frame: unknown }
  delivery: DeliveryRecord
  clock: { workspace: string; status: ClockStatus }
  warning: EngineWarning
}

/** Something the engine cannot honour or had to work around; never silently dropped. */
export interface EngineWarning {
  /** `scenario`: a config key it does not act on; `webhooks`: a delivery it could not make. */
  source: 'scenario' | 'webhooks'
  message: string
}

/** Warnings kept for late observers (the scenario's, then the most recent ones). */
const KEPT_WARNINGS = 200

/** Path prefixes served on the page's own origin (a configured backend origin is served whole). */
export const PAGE_PATHS: readonly string[] = ['/api/', '/__mockforge/']

const WORKSPACE = /^[A-Za-z0-9_.-]{1,64}$/
const EXPOSED_HEADERS = 'X-MockForge-Workspace, X-MockForge-Request-ID, X-MockForge-Persona, Location'
/** Longest single timer; a later due time is reached by re-arming. */
const MAX_TIMER_MS = 60 * 60 * 1000

export class Engine {
  readonly events = new Emitter<EngineEvents>()
  readonly scenario: Scenario
  readonly #domain: Domain
  readonly #options: EngineOptions
  readonly #router = new Router<RouteHandler>()
  readonly #outbox: OutboxRunner
  readonly #tabs: Tabs
  #version: number
  #leading = false
  #unlisten: () => void
  #queue: Promise<unknown> = Promise.resolve()
  #cancelTimer: (() => void) | null = null
  #stopped = false
  readonly #warnings: EngineWarning[]

  private constructor(options: EngineOptions, snapshot: StoreSnapshot) {
    this.#options = options
    this.scenario = options.scenario
    this.#tabs = options.tabs ?? singleTab()
    this.#version = snapshot.version
    this.#warnings = options.scenario.warnings.map((message) => ({ source: 'scenario', message }))
    const scheduler = options.scheduler
    this.#domain = new Domain(options.scenario, new World(snapshot), options.wallNow, { order: orderBehaviour, user: userBehaviour })
    this.#unlisten = this.#tabs.listen((message) => this.#onTabMessage(message))
    this.#tabs.serve(async (wire) => toWire(await this.handle(requestFromWire(wire))))
    this.#outbox = new OutboxRunner({
      policy: this.scenario.webhookPolicy,
      transports: options.webhooks,
      world: () => this.#domain.world,
      wallNow: options.wallNow,
      ...(scheduler ? { schedule: (delay: number, task: () => void) => scheduler.schedule(delay, task) } : {}),
      secretOf: (delivery) => secretOf(this.#domain, delivery),
      active: () => this.#leading && !this.#stopped,
      exclusive: (task) => this.#exclusive(task),
      commit: () => this.#commit(),
      route: (request, workspace) => this.#routeInline(request, workspace),
      warn: (message) => this.#warn({ source: 'webhooks', message }),
    })
    authRoutes(this.#router)
    shopRoutes(this.#router)
    billingRoutes(this.#router)
    consistencyRoutes(this.#router)
    lifecycleRoutes(this.#router)
    timeTravelRoutes(this.#router)
    webhookRoutes(this.#router)
    webhookAdminRoutes(this.#router)
    seedRoutes(this.#router)
  }

  /**
   * Opens the world from the store. The leading tab then catches every workspace up to now and
   * resumes the outbox; the others catch up on each request.
   */
  static async start(options: EngineOptions): Promise<Engine> {
    const engine = new Engine(options, await options.store.load())
    let led: Promise<void> = Promise.resolve()
    engine.#tabs.elect(() => {
      led = engine.#lead()
    })
    await led
    return engine
  }

  /**
   * Every warning so far: the scenario's (keys it does not act on) and then the most recent ones
   * of running. New ones also come as `warning` events.
   */
  get warnings(): readonly EngineWarning[] {
    return this.#warnings
  }

  #warn(warning: EngineWarning): void {
    const scenario = this.scenario.warnings.length
    if (this.#warnings.length >= scenario + KEPT_WARNINGS) this.#warnings.splice(scenario, 1)
    this.#warnings.push(warning)
    this.events.emit('warning', warning)
  }

  /** Whether this engine runs timers and the webhook outbox for every tab. */
  get leading(): boolean {
    return this.#leading
  }

  /** Whether an HTTP request to `url` is the mock's to answer. */
  serves(url: string | URL): boolean {
    return serves(this.scenario, this.#options.pageOrigin, url)
  }

  /** The canonical mocked socket URL for `url`, or null when the socket belongs to the network. */
  socketUrl(url: string | URL): string | null {
    const parsed = new URL(url)
    const canonical = `${parsed.protocol}//${parsed.host}${parsed.pathname}`
    return this.scenario.socketUrls.find((u) => u === canonical || u === `${canonical}/`) ?? null
  }

  connect(url: string, peer: SocketPeer): SocketSession {
    return new SocketSession(url, {
      subscribe: (listener) => this.events.on('fact', listener),
      activePersona: (workspace) => this.#activePersona(workspace),
      validWorkspace: (name): name is string => typeof name === 'string' && WORKSPACE.test(name),
      observe: (workspace, direction, frame) => this.events.emit('socket', { workspace, url, direction, frame }),
    }, peer)
  }

  /** The workspace's persona as the leading tab knows it. */
  async #activePersona(workspace: string): Promise<Persona | null> {
    if (this.#leading) return this.#domain.activePersona(workspace)
    const url = `http://verisim.internal/api/v1/consistency/persona?workspace=${encodeURIComponent(workspace)}`
    const response = await this.handle(new Request(url))
    if (!response.ok) return null
    const body = (await response.json()) as { persona?: { id?: string } }
    return this.#domain.persona(body.persona?.id ?? null)
  }

  /** Answers a request; in a tab that does not lead, the leading tab answers it. */
  async handle(request: Request): Promise<Response> {
    if (!this.#leading) return responseFromWire(await this.#tabs.forward(await toWire(request)))
    return this.#exclusive(() => this.#handle(request))
  }

  /**
   * Creates orders for a persona in one transaction, exactly as if each had been posted:
   * payments, graph links, facts, webhooks (for fixtures and benchmarks). Resolves with their ids.
   */
  async seedOrders(workspace: string, personaId: string, orders: ReadonlyArray<{ product_id: string; quantity: number }>): Promise<string[]> {
    const response = await this.handle(
      new Request('http://verisim.internal/__verisim/seed/orders', {
        method: 'POST',
        headers: { 'X-MockForge-Workspace': workspace },
        body: JSON.stringify({ persona_id: personaId, orders }),
      }),
    )
    const body = (await response.json()) as { ids?: string[]; error?: string; message?: string }
    if (!response.ok || !body.ids) throw new VerisimError(body.error ?? 'seed_failed', body.message ?? `Seeding failed with HTTP ${response.status}.`, response.status)
    return body.ids
  }

  /** Brings every workspace's lifecycles up to now and publishes what happened. */
  tick(): Promise<void> {
    return this.#exclusive(async () => {
      for (const ws of this.#domain.world.workspaces()) this.#domain.catchUp(ws.id)
      await this.#commit()
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
    this.#cancelTimer?.()
    this.#cancelTimer = null
    this.#unlisten()
    this.#tabs.resign()
  }

  async #lead(): Promise<void> {
    if (this.#stopped) return
    this.#leading = true
    // The previous leader may have changed the world since this tab read it.
    await this.#exclusive(() => this.#refresh())
    await this.tick()
    this.#outbox.resume()
  }

  /** The leader's facts reach this tab's sockets and observers too. */
  #onTabMessage(message: TabMessage): void {
    if (this.#leading) return
    for (const fact of message.facts) this.events.emit('fact', fact)
  }

  /** Re-reads the world when another tab wrote since this one last did. */
  async #refresh(): Promise<void> {
    if ((await this.#options.store.version()) !== this.#version) await this.#reload()
  }

  async #reload(): Promise<void> {
    const snapshot = await this.#options.store.load()
    this.#domain.world = new World(snapshot)
    this.#version = snapshot.version
  }

  async #handle(request: Request): Promise<Response> {
    const requestId = crypto.randomUUID()
    const url = new URL(request.url)
    let workspace = 'default'
    let persona: Persona | null = null
    let response: Response
    try {
      workspace = workspaceOf(request, url)
      if (request.method === 'OPTIONS') {
        response = new Response(null, { status: 204 })
      } else {
        this.#domain.catchUp(workspace)
        const routed = await this.#route(request, url, workspace)
        response = routed.response
        persona = await routed.req.persona().catch(() => null)
        // Whatever the route created at this instant takes its zero-delay steps now.
        this.#domain.catchUp(workspace)
        await this.#commit()
      }
    } catch (error) {
      await this.#discardUncommitted()
      response = errorResponse(
        error instanceof VerisimError
          ? error
          : new VerisimError('internal_error', `The mock failed to answer ${request.method} ${url.pathname}: ${messageOf(error)}. Its state is unchanged.`, 500),
      )
    }
    return this.#finish(response, request, url, workspace, persona?.id ?? null, requestId)
  }

  /** Runs the route of a request: no route is a 404, a wrong method a 405. */
  async #route(request: Request, url: URL, workspace: string): Promise<{ response: Response; req: RouteRequest }> {
    const match = this.#router.match(request.method, url.pathname)
    if (match === undefined) throw notFound('route_not_found', `Verisim has no route for ${request.method} ${url.pathname}.`)
    if (match === 'method') {
      const allowed = this.#router.methodsFor(url.pathname).join(', ')
      throw new VerisimError('method_not_allowed', `${request.method} is not allowed on ${url.pathname}; use ${allowed}.`, 405)
    }
    const req = this.#routeRequest(request, url, match.params, workspace)
    return { response: await match.handler(this.#domain, req), req }
  }

  #routeRequest(request: Request, url: URL, params: Record<string, string>, workspace: string): RouteRequest {
    let cached: Promise<Persona | null> | undefined
    const persona = () => (cached ??= this.#personaOf(request, workspace))
    return {
      request, url, params, workspace, persona,
      requirePersona: async () => {
        const found = await persona()
        if (!found) throw unauthorized('unauthorized', 'Log in first (POST /api/auth/login) or send an Authorization: Bearer token.')
        return found
      },
    }
  }

  async #personaOf(request: Request, workspace: string): Promise<Persona | null> {
    const header = request.headers.get('Authorization')
    if (!header) return this.#domain.activePersona(workspace)
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]
    const claims = token ? await verifyToken(token, this.scenario.jwtSecret, Math.floor(this.#options.wallNow() / 1000)) : null
    const persona = claims ? this.#domain.persona(claims.sub) : null
    if (!persona) throw unauthorized('invalid_token', 'The bearer token is invalid or expired: log in again.')
    return persona
  }

  #finish(response: Response, request: Request, url: URL, workspace: string, persona: string | null, requestId: string): Response {
    const headers = response.headers
    headers.set('X-MockForge-Workspace', workspace)
    headers.set('X-MockForge-Request-ID', requestId)
    if (persona) headers.set('X-MockForge-Persona', persona)
    // Answers to a configured backend origin are cross-origin for the page.
    headers.set('Access-Control-Allow-Origin', request.headers.get('Origin') ?? '*')
    headers.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
    headers.set('Access-Control-Allow-Headers', request.headers.get('Access-Control-Request-Headers') ?? 'Content-Type, Authorization, X-MockForge-Workspace')
    headers.set('Access-Control-Expose-Headers', EXPOSED_HEADERS)
    this.events.emit('request', { request_id: requestId, workspace, method: request.method, url: url.href, status: response.status, persona })
    return response
  }

  /** Stores every queued change in one transaction, then publishes its facts. */
  async #commit(): Promise<void> {
    const domain = this.#domain
    // Concatenated, never spread into push(): a long catch-up has hundreds of thousands of facts.
    let facts: Fact[] = []
    const shown: Array<[DeliveryRecord, OutgoingRequest]> = []
    // Endpoints are few and deliveries many: whether the mock serves a URL is decided once per URL.
    const served = new Map<string, boolean>()
    const servedHere = (url: string) => served.get(url) ?? served.set(url, this.serves(url)).get(url)
    // A delivery the mock receives itself may report facts of its own: a few rounds at most.
    for (let round = 0, batch = domain.takeFacts(); batch.length > 0 && round < 4; round++, batch = domain.takeFacts()) {
      facts = facts.concat(batch)
      for (const delivery of enqueueDeliveries(domain, batch)) if (servedHere(delivery.url)) await this.#outbox.deliverInline(delivery, shown)
    }
    const ops = domain.world.takeOps()
    // New deliveries, and dead ones a retry made pending again (the runner skips those it holds).
    const outbox = ops.flatMap((op) => ('put' in op && op.table === 'deliveries' && op.put.status === 'pending' ? [op.put.id] : []))
    if (ops.length > 0) {
      try {
        this.#version = await this.#options.store.write(ops)
      } catch (error) {
        // Nothing was stored, so nothing happened: back to what the store holds.
        await this.#reload()
        throw error
      }
      this.#tabs.announce({ facts })
    }
    for (const op of ops) {
      if (!('put' in op)) continue
      if (op.table === 'workspaces') this.events.emit('clock', { workspace: op.put.id, status: clockStatus(op.put.clock, this.#options.wallNow()) })
      else if (op.table === 'deliveries') this.events.emit('delivery', op.put)
      else if (op.table === 'delivery_log') for (const delivery of op.put.deliveries) this.events.emit('delivery', delivery)
    }
    for (const fact of facts) this.events.emit('fact', fact)
    for (const [delivery, request] of shown) this.#options.webhooks?.inspect?.(delivery, request)
    if (outbox.length > 0) this.#outbox.enqueue(outbox)
    this.#reschedule()
  }

  /** Runs a request's route inside the current unit of work, for a delivery the mock receives. */
  async #routeInline(request: Request, workspace: string): Promise<number> {
    const url = new URL(request.url)
    let status: number
    try {
      status = (await this.#route(request, url, workspace)).response.status
    } catch (error) {
      status = error instanceof VerisimError ? error.status : 500
    }
    this.events.emit('request', { request_id: crypto.randomUUID(), workspace, method: request.method, url: url.href, status, persona: null })
    return status
  }

  /** A failed request leaves no trace: the world is re-read from the store. */
  async #discardUncommitted(): Promise<void> {
    const domain = this.#domain
    domain.takeFacts()
    if (domain.world.takeOps().length > 0) await this.#reload()
  }

  #reschedule(): void {
    const { scheduler, wallNow } = this.#options
    this.#cancelTimer?.()
    this.#cancelTimer = null
    if (!scheduler || this.#stopped || !this.#leading) return
    const wall = wallNow()
    let delay = Number.POSITIVE_INFINITY
    for (const ws of this.#domain.world.workspaces()) {
      const rate = ws.clock.enabled ? ws.clock.scale : 1
      const due = this.#domain.nextDue(ws.id)
      if (due === null || rate === 0) continue
      delay = Math.min(delay, Math.max(0, (due - worldNow(ws.clock, wall)) / rate))
    }
    if (delay === Number.POSITIVE_INFINITY) return
    this.#cancelTimer = scheduler.schedule(Math.min(Math.ceil(delay), MAX_TIMER_MS), () => void this.tick())
  }

  /**
   * Runs `task` after this engine's earlier tasks. Only the leading tab changes the store, so its
   * world stays current; a tab re-reads it when it takes the lead.
   */
  #exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task)
    this.#queue = run.catch(() => undefined)
    return run
  }
}

/** Whether an HTTP request to `url` is for a mock of `scenario` on a page of `pageOrigin`. */
export function serves(scenario: Scenario, pageOrigin: string | undefined, url: string | URL): boolean {
  const parsed = new URL(url)
  if (scenario.httpOrigins.includes(parsed.origin)) return true
  return parsed.origin === pageOrigin && PAGE_PATHS.some((path) => parsed.pathname.startsWith(path))
}

function workspaceOf(request: Request, url: URL): string {
  const name = request.headers.get('X-MockForge-Workspace') ?? url.searchParams.get('workspace') ?? 'default'
  if (!WORKSPACE.test(name)) {
    throw new VerisimError('invalid_workspace', `Workspace ${JSON.stringify(name)} is not a valid name: use letters, digits, '.', '_' or '-' (at most 64).`, 400, 'workspace')
  }
  return name
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
