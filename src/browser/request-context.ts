import type { Engine } from '../core/engine/engine.ts'
import type { ClockStatus, EntityListBody, EntityState, MeBody, UserBody } from '../core/wire/wire.ts'

/** What an override learns of its request's world in one piece (serializable: it crosses to a Playwright test). */
export interface ContextSnapshot {
  workspace: string
  /** The persona the request acts as (its bearer token's, else the workspace's active one), or null. */
  persona: UserBody | null
  /** The workspace's virtual now, ISO 8601. */
  virtualTime: string
}

/**
 * Where the world is asked: a URL no page serves, answered by the engine directly (as
 * `engine.seedOrders` does); the panel's timeline leaves these reads out.
 */
const INTERNAL = 'http://context.verisim.internal'

/**
 * The scenario's world as one request sees it, for a handler of the app's own: its workspace,
 * its persona, and the scenario's own answers with the same credentials. Everything is asked of
 * the engine through its HTTP routes, so a tab that does not lead asks the leading one.
 */
export class RequestContext {
  /** The request's workspace: its `X-MockForge-Workspace` header, else `?workspace=`, else `default`. */
  readonly workspace: string
  readonly #engine: Engine
  readonly #request: Request

  constructor(engine: Engine, request: Request) {
    this.#engine = engine
    this.#request = request
    this.workspace = request.headers.get('X-MockForge-Workspace') ?? new URL(request.url).searchParams.get('workspace') ?? 'default'
  }

  /**
   * The scenario's own answer to a request (overrides and your handlers are not asked): a path
   * or URL, resolved against the original request's URL, or a Request. It carries the original
   * request's `Authorization` and workspace unless it names its own.
   */
  scenario(input: string | Request, init?: RequestInit): Promise<Response> {
    const request = new Request(typeof input === 'string' ? new URL(input, this.#request.url) : input, init)
    const auth = this.#request.headers.get('Authorization')
    if (auth !== null && !request.headers.has('Authorization')) request.headers.set('Authorization', auth)
    if (!request.headers.has('X-MockForge-Workspace') && !new URL(request.url).searchParams.has('workspace')) request.headers.set('X-MockForge-Workspace', this.workspace)
    return this.#engine.handle(request)
  }

  /** The persona the request acts as, as `GET /api/auth/me` tells it; null when it acts as none (or its token is invalid). */
  async persona(): Promise<UserBody | null> {
    const response = await this.scenario(`${INTERNAL}/api/auth/me`)
    return response.ok ? ((await response.json()) as MeBody).user : null
  }

  /** The workspace's entities of `type` (`order`, `user`, `payment`, a spec resource's…), as the consistency API lists them. */
  async entities(type: string): Promise<EntityState[]> {
    const response = await this.scenario(`${INTERNAL}/api/v1/consistency/entities`)
    if (!response.ok) throw new Error(`verisim: could not list the entities of workspace ${this.workspace} (HTTP ${response.status}): ${await response.text()}`)
    return ((await response.json()) as EntityListBody).entities.filter((e) => e.entity_type === type)
  }

  /** The workspace's virtual now, ISO 8601. */
  async now(): Promise<string> {
    const response = await this.scenario(`${INTERNAL}/__mockforge/time-travel/status`)
    if (!response.ok) throw new Error(`verisim: could not read the clock of workspace ${this.workspace} (HTTP ${response.status}): ${await response.text()}`)
    return ((await response.json()) as ClockStatus).current_time
  }

  async snapshot(): Promise<ContextSnapshot> {
    const [persona, virtualTime] = await Promise.all([this.persona(), this.now()])
    return { workspace: this.workspace, persona, virtualTime }
  }
}

/**
 * The running mock, found by a global name rather than a module variable: an app's handlers may
 * import another copy of this module than the one that started the mock (a file path vs. the package).
 */
const RUNNING = Symbol.for('verisim.running-engine')
type Holder = { [RUNNING]?: Engine }

/** Makes `engine` the one `verisimContext` asks; the returned function forgets it (on stop). */
export function provideContext(engine: Engine): () => void {
  ;(globalThis as Holder)[RUNNING] = engine
  return () => {
    if ((globalThis as Holder)[RUNNING] === engine) delete (globalThis as Holder)[RUNNING]
  }
}

/**
 * The scenario's world as `request` sees it, inside a handler of your own (MSW's `http.get(…)`,
 * yours or `verisim`'s): `ctx.workspace`, `await ctx.persona()`, `await ctx.scenario('/api/orders')`.
 */
export function verisimContext(request: Request): RequestContext {
  const engine = (globalThis as Holder)[RUNNING]
  if (!engine) throw new Error('verisimContext: no mock is running in this page. Call it inside a request handler, once startVerisim has started (the Vite plugin and the script tag start it before your code runs).')
  return new RequestContext(engine, request)
}
