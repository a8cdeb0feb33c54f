import { messageOf, notFound, unauthorized, VerisimError } from '../errors.ts'
import { errorResponse } from '../http/http.ts'
import { verifyToken } from '../http/jwt.ts'
import type { Params } from '../http/router.ts'
import type { RouteRequest, RouteTable } from '../http/routes/route.ts'
import type { Domain } from '../model/domain.ts'
import { NotLoaded } from '../model/not-loaded.ts'
import type { Persona } from '../scenario/scenario.ts'
import type { ContractGate } from './contract-gate.ts'
import type { RequestLog } from './events.ts'

export interface RequestPipelineOptions {
  router: RouteTable
  /** The scenario's spec: its checks, and routes for what the built-in routes do not answer. */
  spec?: { gate: ContractGate; routes: RouteTable } | null
  domain: Domain
  /** Wall-clock time in ms: bearer tokens expire in real time. */
  wallNow: () => number
  /** Stores what the request changed (and publishes it); rejects when the store refuses it. */
  commit(): Promise<void>
  /** Forgets what a failed request changed. */
  discard(): Promise<void>
  /** Runs a request again until the world holds what it reads (WorldLoader.retrying). */
  retrying<T>(run: () => Promise<T>): Promise<T>
  /** The `request` log entry of every request it answers, and of every delivery the mock receives itself. */
  log(entry: RequestLog): void
}

const WORKSPACE = /^[A-Za-z0-9_.-]{1,64}$/
const EXPOSED_HEADERS = 'X-MockForge-Workspace, X-MockForge-Request-ID, X-MockForge-Persona, X-Verisim-Reality, Location'

/** Whether `name` can name a workspace (HTTP header or query, socket `init`). */
export function isWorkspaceName(name: unknown): name is string {
  return typeof name === 'string' && WORKSPACE.test(name)
}

/**
 * The way of one HTTP request through the mock: its workspace and persona, its route (no route is
 * a 404, a wrong method a 405), one unit of work, errors as JSON (an unknown one is a 500 whose
 * changes are discarded), and the headers every answer carries.
 */
export class RequestPipeline {
  readonly #options: RequestPipelineOptions

  constructor(options: RequestPipelineOptions) {
    this.#options = options
  }

  /** `log`: where its `request` log entry goes instead of the options' (the reality continuum publishes it once it knows more). */
  async handle(request: Request, log = this.#options.log): Promise<Response> {
    const { domain } = this.#options
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
        // A world still loading may stop a run for what it has not read: each run reads a copy of the body.
        const original = domain.world.complete ? null : request.clone()
        let runs = 0
        ;({ response, persona } = await this.#options.retrying(async () => {
          const attempt = runs === 0 ? request : (original as Request).clone()
          domain.catchUp(workspace)
          // The spec's request checks say what they found once, before the first run.
          const routed = await this.#route(attempt, url, workspace, runs++ === 0)
          // Who acted is only for the log (a bad token has none), but a persona not read yet is read, not dropped.
          const acting = await routed.req.persona().catch((error: unknown) => {
            if (error instanceof NotLoaded) throw error
            return null
          })
          // Whatever the route created at this instant takes its zero-delay steps now.
          domain.catchUp(workspace)
          await this.#options.commit()
          return { response: routed.response, persona: acting }
        }))
      }
    } catch (error) {
      await this.#options.discard()
      response = errorResponse(
        error instanceof VerisimError
          ? error
          : new VerisimError('internal_error', `The mock failed to answer ${request.method} ${url.pathname}: ${messageOf(error)}. Its state is unchanged.`, 500),
      )
    }
    return this.#finish(response, request, url, workspace, persona?.id ?? null, requestId, log)
  }

  /** Runs a request's route inside the unit of work being prepared (no commit), for a delivery the mock receives. */
  async routeInline(request: Request, workspace: string): Promise<number> {
    const url = new URL(request.url)
    let status: number
    try {
      status = (await this.#route(request, url, workspace)).response.status
    } catch (error) {
      // The commit this runs in stops, and runs again once the world is read.
      if (error instanceof NotLoaded) throw error
      status = error instanceof VerisimError ? error.status : 500
    }
    this.#options.log({ request_id: crypto.randomUUID(), workspace, method: request.method, url: url.href, status, persona: null })
    return status
  }

  async #route(request: Request, url: URL, workspace: string, check = true): Promise<{ response: Response; req: RouteRequest }> {
    const { router, domain, spec } = this.#options
    const operation = spec?.gate.operation(request.method, url.pathname) ?? null
    if (operation && check) await spec!.gate.checkRequest(request, url, operation)
    const builtIn = router.match(request.method, url.pathname)
    const match = builtIn === undefined || builtIn === 'method' ? (spec?.routes.match(request.method, url.pathname) ?? builtIn) : builtIn
    if (match === undefined) {
      const why = spec ? ', and the scenario\'s spec has no such path' : ''
      throw notFound('route_not_found', `Verisim has no route for ${request.method} ${url.pathname}${why}.`)
    }
    if (match === 'method') {
      const allowed = [...new Set([...router.methodsFor(url.pathname), ...(spec?.routes.methodsFor(url.pathname) ?? [])])].join(', ')
      throw new VerisimError('method_not_allowed', `${request.method} is not allowed on ${url.pathname}; use ${allowed}.`, 405)
    }
    const req = this.#routeRequest(request, url, match.params, workspace)
    const response = await match.handler(domain, req)
    if (operation) await spec!.gate.checkResponse(request, url, operation.op, response)
    return { response, req }
  }

  #routeRequest(request: Request, url: URL, params: Params, workspace: string): RouteRequest {
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

  /** The bearer token's persona when the request sends one, else the workspace's active persona. */
  async #personaOf(request: Request, workspace: string): Promise<Persona | null> {
    const { domain, wallNow } = this.#options
    const header = request.headers.get('Authorization')
    if (!header) return domain.activePersona(workspace)
    const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]
    const claims = token ? await verifyToken(token, domain.scenario.jwtSecret, Math.floor(wallNow() / 1000)) : null
    const persona = claims ? domain.persona(claims.sub) : null
    if (!persona) throw unauthorized('invalid_token', 'The bearer token is invalid or expired: log in again.')
    return persona
  }

  #finish(response: Response, request: Request, url: URL, workspace: string, persona: string | null, requestId: string, log: (entry: RequestLog) => void): Response {
    const headers = response.headers
    headers.set('X-MockForge-Workspace', workspace)
    headers.set('X-MockForge-Request-ID', requestId)
    if (persona) headers.set('X-MockForge-Persona', persona)
    // Answers to a configured backend origin are cross-origin for the page.
    headers.set('Access-Control-Allow-Origin', request.headers.get('Origin') ?? '*')
    headers.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
    headers.set('Access-Control-Allow-Headers', request.headers.get('Access-Control-Request-Headers') ?? 'Content-Type, Authorization, X-MockForge-Workspace')
    headers.set('Access-Control-Expose-Headers', EXPOSED_HEADERS)
    log({ request_id: requestId, workspace, method: request.method, url: url.href, status: response.status, persona })
    return response
  }
}

/** The log entry of an answer made outside the engine (an override, a handler of the app's own). */
export function overriddenLog(request: Request, response: Response): RequestLog {
  const url = new URL(request.url)
  const named = request.headers.get('X-MockForge-Workspace') ?? url.searchParams.get('workspace')
  const workspace = isWorkspaceName(named) ? named : 'default'
  return { request_id: crypto.randomUUID(), workspace, method: request.method, url: url.href, status: response.status, persona: null, overridden: true }
}

function workspaceOf(request: Request, url: URL): string {
  const name = request.headers.get('X-MockForge-Workspace') ?? url.searchParams.get('workspace') ?? 'default'
  if (!isWorkspaceName(name)) {
    throw new VerisimError('invalid_workspace', `Workspace ${JSON.stringify(name)} is not a valid name: use letters, digits, '.', '_' or '-' (at most 64).`, 400, 'workspace')
  }
  return name
}
