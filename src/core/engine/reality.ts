import { messageOf } from '../errors.ts'
import type { RealityConfig } from '../scenario/reality-config.ts'
import type { RequestLog } from './events.ts'
import { mergeBodies } from './reality-merge.ts'
import { drawFor, goesToReality, ratioAt } from './reality-ratio.ts'

/** How the engine reaches the real backend: a fetch that rejects when it cannot, or after `timeoutMs`. */
export interface UpstreamPort {
  fetch(request: Request, timeoutMs: number): Promise<Response>
}

/** Where an answer came from, as `X-Verisim-Reality` and the request log say. */
export type RealityMark = 'mock' | 'real' | 'blended'

export interface RealityOptions {
  config: RealityConfig
  /** The real backend's origin (the config's, or the page's `?verisim-upstream=`); null: every answer stays mocked. */
  upstream: string | null
  port: UpstreamPort | null
  /** The workspace's calendar time now and its ratios set by hand. */
  workspace(name: string): { at: number; manual: Readonly<Record<string, number>> }
  /** Says something once per kind (console, panel). */
  warn(kind: string, message: string): void
  log(entry: RequestLog): void
}

/** The mock's own answer, its `request` log entry handed to `log` instead of published. */
export type MockAnswer = (request: Request, log: (entry: RequestLog) => void) => Promise<Response>

/** Headers of the mock's own that never go to the real backend. */
const OWN_HEADERS = /^x-(mockforge|verisim)-/i
/** Paths that are the mock's own, never reality's: its admin APIs and its webhook receiver. */
const OWN_PATHS = ['/__mockforge/', '/__verisim/', '/api/webhooks/']

/**
 * The reality continuum: for each request to a mocked route, its ratio decides (deterministically,
 * see goesToReality) whether reality answers. A GET or HEAD that goes to reality is sent to the
 * upstream while the mock answers too, and the two are merged by the scenario's strategy; another
 * method goes to the upstream only where its ratio is 1 (the mock's state does not change then).
 * An upstream that cannot be reached, times out or answers 5xx leaves the answer to the mock,
 * said in the header and once per kind of failure; a 4xx is reality's answer.
 */
export class Reality {
  readonly #options: RealityOptions
  /** Requests decided so far, per workspace: the draw of each is fixed by its number. */
  readonly #counts = new Map<string, number>()

  constructor(options: RealityOptions) {
    this.#options = options
  }

  /** The origin reality answers from; null: every answer stays mocked. */
  get upstream(): string | null {
    return this.#options.port ? this.#options.upstream : null
  }

  /**
   * Whether the continuum decides `request`'s answer. The mock's own APIs, CORS preflights and the
   * reads Verisim makes itself (the panel's, a handler context's: `*.verisim.internal`) are always the mock's.
   */
  considers(request: Request): boolean {
    if (request.method === 'OPTIONS') return false
    const url = new URL(request.url)
    if (url.hostname === 'verisim.internal' || url.hostname.endsWith('.verisim.internal')) return false
    return !OWN_PATHS.some((prefix) => url.pathname.startsWith(prefix))
  }

  async handle(request: Request, mock: MockAnswer): Promise<Response> {
    const { config, upstream, port } = this.#options
    const url = new URL(request.url)
    const named = request.headers.get('X-MockForge-Workspace') ?? url.searchParams.get('workspace') ?? 'default'
    const { at, manual } = this.#options.workspace(named)
    const { ratio } = ratioAt(config, url.pathname, at, manual)
    const n = (this.#counts.get(named) ?? 0) + 1
    this.#counts.set(named, n)
    const readOnly = request.method === 'GET' || request.method === 'HEAD'
    const real = upstream !== null && port !== null && goesToReality(config.seed, named, n, ratio) && (readOnly || ratio >= 1)
    if (!real) return this.#mocked(request, mock, ratio)
    const toUpstream = await upstreamRequest(request, upstream)
    if (!readOnly) {
      const answer = await this.#fetch(toUpstream, request)
      if (typeof answer === 'string') return this.#mocked(request, mock, ratio, answer)
      return this.#logged(request, crossOrigin(copy(answer, 'real', ratio), request, named), null)
    }
    let entry: RequestLog | null = null
    const [mocked, answer] = await Promise.all([mock(request, (e) => (entry = e)), this.#fetch(toUpstream, request)])
    if (typeof answer === 'string') return this.#logged(request, marked(mocked, 'mock', ratio, answer), entry)
    if (answer.status < 200 || answer.status >= 300) return this.#logged(request, copy(answer, 'real', ratio, mocked), entry)
    const [mockBody, realBody] = await Promise.all([jsonOf(mocked), jsonOf(answer)])
    if (mockBody === undefined || realBody === undefined || !mocked.ok) return this.#logged(request, copy(answer, 'real', ratio, mocked), entry)
    const merged = mergeBodies(config.mergeStrategy, mockBody.value, realBody.value, ratio, (path) => drawFor(config.seed, named, n, path))
    const headers = new Headers(mocked.headers)
    headers.set('Content-Type', 'application/json')
    const response = new Response(request.method === 'HEAD' ? null : JSON.stringify(merged), { status: answer.status, headers })
    return this.#logged(request, marked(response, ratio >= 1 ? 'real' : 'blended', ratio), entry)
  }

  async #mocked(request: Request, mock: MockAnswer, ratio: number, upstreamError?: string): Promise<Response> {
    let entry: RequestLog | null = null
    const response = await mock(request, (e) => (entry = e))
    return this.#logged(request, marked(response, 'mock', ratio, upstreamError), entry)
  }

  /** The request's log entry, published once its answer's origin is known. */
  #logged(request: Request, response: Response, entry: RequestLog | null): Response {
    const header = response.headers.get('X-Verisim-Reality') ?? 'mock'
    const mark = header.split(';')[0] as RealityMark
    const failed = /upstream-error=([^;]+)/.exec(header)?.[1]
    const url = new URL(request.url)
    const base: RequestLog = entry ?? { request_id: crypto.randomUUID(), workspace: response.headers.get('X-MockForge-Workspace') ?? 'default', method: request.method, url: url.href, status: response.status, persona: null }
    // Without an upstream every answer is the mock's: the timeline has nothing to tell apart.
    this.#options.log(this.upstream === null ? base : { ...base, status: response.status, reality: mark, ...(failed ? { upstream_error: failed } : {}) })
    return response
  }

  /** The upstream's answer, or why there is none (`unreachable`, `timeout`, `http-503`): the mock answers then. */
  async #fetch(toUpstream: Request, original: Request): Promise<Response | string> {
    const { port, upstream, config, warn } = this.#options
    const what = `${original.method} ${new URL(original.url).pathname}`
    let answer: Response
    try {
      answer = await (port as UpstreamPort).fetch(toUpstream, config.timeoutMs)
    } catch (error) {
      const kind = error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'unreachable'
      warn(kind, kind === 'timeout'
        ? `Reality: ${upstream} did not answer ${what} within ${config.timeoutMs} ms; the mock answered instead (X-Verisim-Reality: mock; upstream-error=timeout). Said once; the panel's timeline marks each such answer.`
        : `Reality: ${upstream} could not be reached for ${what} (${messageOf(error)}: down, or it does not allow this page's origin by CORS); the mock answered instead (X-Verisim-Reality: mock; upstream-error=unreachable). Said once; the panel's timeline marks each such answer.`)
      return kind
    }
    if (answer.status < 500) return answer
    const kind = `http-${answer.status}`
    warn(kind, `Reality: ${upstream} answered ${what} with ${answer.status}; the mock answered instead (X-Verisim-Reality: mock; upstream-error=${kind}). Said once per status.`)
    return kind
  }
}

/** The request as the upstream gets it: the same method, path, query, headers (but the mock's own) and body. */
async function upstreamRequest(request: Request, origin: string): Promise<Request> {
  const url = new URL(request.url)
  const headers = new Headers()
  request.headers.forEach((value, name) => {
    if (!OWN_HEADERS.test(name)) headers.set(name, value)
  })
  const body = request.method === 'GET' || request.method === 'HEAD' ? null : await request.clone().arrayBuffer()
  return new Request(`${origin}${url.pathname}${url.search}`, { method: request.method, headers, body })
}

/** The upstream's answer as the page gets it: its status, body and content type, with the mock's CORS headers. */
function copy(answer: Response, mark: RealityMark, ratio: number, mocked?: Response): Response {
  const headers = new Headers(mocked?.headers)
  const type = answer.headers.get('Content-Type')
  if (type) headers.set('Content-Type', type)
  else headers.delete('Content-Type')
  return marked(new Response(answer.body, { status: answer.status, headers }), mark, ratio)
}

/** An answer the mock did not make, readable by the page as the mock's are (its origin may be the backend's). */
function crossOrigin(response: Response, request: Request, workspace: string): Response {
  response.headers.set('Access-Control-Allow-Origin', request.headers.get('Origin') ?? '*')
  response.headers.set('Access-Control-Expose-Headers', 'X-MockForge-Workspace, X-Verisim-Reality')
  response.headers.set('X-MockForge-Workspace', workspace)
  return response
}

function marked(response: Response, mark: RealityMark, ratio: number, upstreamError?: string): Response {
  response.headers.set('X-Verisim-Reality', `${mark}; ratio=${ratio}${upstreamError ? `; upstream-error=${upstreamError}` : ''}`)
  return response
}

async function jsonOf(response: Response): Promise<{ value: unknown } | undefined> {
  if (!(response.headers.get('Content-Type') ?? '').includes('json')) return undefined
  try {
    return { value: JSON.parse(await response.clone().text()) as unknown }
  } catch {
    return undefined
  }
}

export interface RealitySetup {
  config: RealityConfig | null
  port?: UpstreamPort
  /** The page's `?verisim-upstream=`, which wins over the config's `upstream`. */
  override?: string
  /** Origins the mock itself serves: an upstream among them would answer itself. */
  served(origin: string): boolean
}

/**
 * The continuum of a scenario, or null without one. An upstream that is not an http(s) origin,
 * or that the mock serves itself, is said once and left out: every answer stays mocked.
 */
export function realityFor(setup: RealitySetup, given: Omit<RealityOptions, 'config' | 'upstream' | 'port'>): Reality | null {
  const { config } = setup
  if (!config) return null
  const said = new Set<string>()
  const options = { ...given, warn: (kind: string, message: string) => void (said.has(kind) || (said.add(kind), given.warn(kind, message))) }
  let upstream = config.upstream
  if (setup.override !== undefined) {
    try {
      const url = new URL(setup.override)
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)')
      upstream = url.origin
    } catch {
      options.warn('override', `Reality: ?verisim-upstream=${setup.override} is not an http(s) origin such as http://127.0.0.1:4000; ${upstream ? `the config's ${upstream} is used` : 'every answer stays mocked'}.`)
    }
  }
  if (upstream && setup.served(upstream)) {
    options.warn('loop', `Reality: the upstream ${upstream} is an origin the mock serves itself, so every answer stays mocked: point reality_continuum.upstream (or ?verisim-upstream=) at the real backend.`)
    upstream = null
  }
  if (upstream && !setup.port) options.warn('port', 'Reality: this engine was started without a way to reach the upstream, so every answer stays mocked.')
  return new Reality({ ...options, config, upstream, port: setup.port ?? null })
}
