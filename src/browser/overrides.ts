import { compilePattern, samePattern, type RouteMatcher, type RoutePattern } from './route-pattern.ts'
import type { ContextSnapshot } from './request-context.ts'

/** A request as an override sees it, shaped like Playwright's `Request`: the same in the page and in a test. */
export interface RouteRequest {
  method(): string
  url(): string
  /** Every header, names lower-cased. */
  headers(): Record<string, string>
  /** The body as text; null without one. */
  postData(): string | null
  /** The body parsed as JSON; null without one (a body that is not JSON throws). */
  postDataJSON(): any
}

/** The answer `route.fulfill` makes: `json` is sent as JSON; `body` as it is; `contentType` sets Content-Type. */
export interface FulfillOptions<Body = BodyInit> {
  status?: number
  headers?: Record<string, string>
  json?: unknown
  body?: Body
  contentType?: string
}

/** One request matched by an override: answer it (`fulfill`), leave it to what comes next (`fallback`) or fail it (`abort`). */
export interface Route<Body = BodyInit> {
  request(): RouteRequest
  /** The workspace, the persona the request acts as and the workspace's virtual now. */
  context(): Promise<ContextSnapshot>
  fulfill(options?: FulfillOptions<Body>): Promise<void>
  /** The next earlier override that matches decides; after the last, the scenario answers as if no override existed. */
  fallback(): Promise<void>
  /** A network error: the page's `fetch` rejects. */
  abort(): Promise<void>
}

export type RouteHandler<Body = BodyInit> = (route: Route<Body>) => unknown

/** What one request's overrides decided: an answer, or nothing (the scenario answers). */
export type Decision = { kind: 'fulfill'; response: Response } | { kind: 'abort' } | { kind: 'fallback' }

/** A request's method, URL, headers and body text, read once: what a route shows, and what crosses to a test. */
export interface RequestSnapshot {
  method: string
  url: string
  headers: Record<string, string>
  postData: string | null
}

export async function snapshotOf(request: Request): Promise<RequestSnapshot> {
  const headers: Record<string, string> = {}
  request.headers.forEach((value, name) => (headers[name.toLowerCase()] = value))
  const postData = request.body === null || request.bodyUsed ? null : await request.clone().text()
  return { method: request.method, url: request.url, headers, postData }
}

export function routeRequest(snapshot: RequestSnapshot): RouteRequest {
  return {
    method: () => snapshot.method,
    url: () => snapshot.url,
    headers: () => ({ ...snapshot.headers }),
    postData: () => snapshot.postData,
    postDataJSON: () => (snapshot.postData === null ? null : JSON.parse(snapshot.postData)),
  }
}

export function responseOf(options: FulfillOptions): Response {
  const headers = new Headers(options.headers)
  let body: BodyInit | null = options.body ?? null
  if (options.json !== undefined) {
    body = JSON.stringify(options.json)
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json')
  }
  if (options.contentType) headers.set('Content-Type', options.contentType)
  return new Response(body, { status: options.status ?? 200, headers })
}

interface Entry {
  pattern: RoutePattern
  matcher: RouteMatcher
  handler: RouteHandler
}

/**
 * A test's or the app's overrides of single routes, in the shape of Playwright's `page.route`:
 * the latest added matching override decides first; one that falls back leaves the request to
 * the one before, and after the first, to the scenario.
 */
export class Overrides {
  #entries: Entry[] = []
  readonly #mocked: (origin: string) => boolean
  readonly #context: (request: Request) => Promise<ContextSnapshot>

  constructor(options: { mocked: (origin: string) => boolean; context: (request: Request) => Promise<ContextSnapshot> }) {
    this.#mocked = options.mocked
    this.#context = options.context
  }

  route(pattern: RoutePattern, handler: RouteHandler): void {
    if (typeof handler !== 'function') throw new Error(`verisim.route(${String(pattern)}): the handler must be a function (route) => …`)
    this.#entries.push({ pattern, matcher: compilePattern(pattern), handler })
  }

  /** Removes the overrides of `pattern` (only those with `handler` when given). */
  unroute(pattern: RoutePattern, handler?: RouteHandler): void {
    this.#entries = this.#entries.filter((e) => !(samePattern(e.pattern, pattern) && (handler === undefined || e.handler === handler)))
  }

  /** Whether any override matches: cheap, so that other requests are not held up. */
  matches(request: Request): boolean {
    const url = new URL(request.url)
    return this.#entries.some((e) => e.matcher.matches(request.method, url, this.#mocked))
  }

  /** Asks the matching overrides, latest first, until one fulfills or aborts. */
  async decide(request: Request): Promise<Decision> {
    const url = new URL(request.url)
    const matching = this.#entries.filter((e) => e.matcher.matches(request.method, url, this.#mocked)).reverse()
    if (matching.length === 0) return { kind: 'fallback' }
    const snapshot = await snapshotOf(request)
    for (const entry of matching) {
      const decision = await this.#ask(entry, snapshot, request)
      if (decision.kind !== 'fallback') return decision
    }
    return { kind: 'fallback' }
  }

  async #ask(entry: Entry, snapshot: RequestSnapshot, request: Request): Promise<Decision> {
    let decided: Decision | undefined
    const decide = (decision: Decision, what: string) => {
      if (decided) throw new Error(`verisim: route.${what}() for ${entry.matcher.label}: the request was already handled (${decided.kind})`)
      decided = decision
      return Promise.resolve()
    }
    const route: Route = {
      request: () => routeRequest(snapshot),
      context: () => this.#context(request),
      fulfill: (options = {}) => decide({ kind: 'fulfill', response: responseOf(options) }, 'fulfill'),
      fallback: () => decide({ kind: 'fallback' }, 'fallback'),
      abort: () => decide({ kind: 'abort' }, 'abort'),
    }
    try {
      await entry.handler(route)
    } catch (error) {
      const message = `The override for ${entry.matcher.label} failed: ${error instanceof Error ? error.message : String(error)}. Fix its handler, or call route.fallback() to leave the request to the scenario.`
      console.warn(`[verisim] ${message}`)
      // What it decided before failing stands; otherwise the page sees the failure.
      return decided ?? { kind: 'fulfill', response: Response.json({ error: 'override_failed', message }, { status: 500 }) }
    }
    // A handler that returned without deciding leaves the request to what comes next.
    return decided ?? { kind: 'fallback' }
  }
}
