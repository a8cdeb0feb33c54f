import { badRequest, VerisimError } from '../errors.ts'
import { json, readJsonObject } from '../http/http.ts'
import type { RouteTable } from '../http/routes/route.ts'
import type { Domain } from '../model/domain.ts'
import { calendarNow, isoOf } from '../time/clock.ts'
import type { RealityStatusBody } from '../wire/wire.ts'
import { EVERY_ROUTE, ratioAt } from './reality-ratio.ts'

const PATH = '/__verisim/reality'

/**
 * The continuum of a workspace: `GET` says each route's ratio now and where it comes from;
 * `POST {route?, ratio}` sets a route's ratio by hand (every route's without one; `ratio: null`
 * takes it back), kept until the workspace is reset. `upstream`: the origin reality answers from.
 */
export function realityRoutes(router: RouteTable, upstream: () => string | null): void {
  router.add('GET', PATH, (domain, req) => json(statusOf(domain, req.workspace, upstream())))
  router.add('POST', PATH, async (domain, req) => {
    const config = domain.scenario.reality
    if (!config) {
      throw new VerisimError('reality_disabled', `Scenario '${domain.scenario.name}' has no reality continuum (reality_continuum is absent or enabled: false): every answer is the mock's.`, 409)
    }
    const body = await readJsonObject(req.request)
    const route = body.route === undefined || body.route === null ? EVERY_ROUTE : body.route
    if (typeof route !== 'string' || !(route === EVERY_ROUTE || route.startsWith('/'))) {
      throw badRequest('invalid_route', `'route' must be a path such as "/api/products" or a pattern such as "/api/users/*" (leave it out for every route); got ${JSON.stringify(body.route)}.`, 'route')
    }
    const { ratio } = body
    if (ratio !== null && (typeof ratio !== 'number' || !Number.isFinite(ratio) || ratio < 0 || ratio > 1)) {
      throw badRequest('invalid_ratio', `'ratio' must be a number from 0 (all mock) to 1 (all real), or null to take a hand-set ratio back; got ${JSON.stringify(ratio)}.`, 'ratio')
    }
    const ws = domain.workspace(req.workspace)
    const manual = { ...ws.reality }
    if (ratio === null) delete manual[route]
    else manual[route] = ratio
    domain.world.putWorkspace({ ...ws, reality: manual })
    return json(statusOf(domain, req.workspace, upstream()))
  })
}

function statusOf(domain: Domain, workspace: string, upstream: string | null): RealityStatusBody {
  const config = domain.scenario.reality
  const clock = domain.workspace(workspace).clock
  const at = calendarNow(clock, domain.wallNow())
  const manual = domain.workspace(workspace).reality ?? {}
  if (!config) return { enabled: false, upstream: null, merge_strategy: null, transition_mode: null, virtual_time: isoOf(at), ratio: 0, source: 'default', routes: [], manual: {} }
  const patterns = [...new Set([...config.routes.map((r) => r.pattern), ...Object.keys(manual).filter((key) => key !== EVERY_ROUTE)])]
  // A pattern's own path (`/api/users` for `/api/users/*`) shows the ratio its routes get.
  const routes = patterns.map((pattern) => {
    const decided = ratioAt(config, pattern.endsWith('/*') ? pattern.slice(0, -2) : pattern, at, manual)
    return { pattern, group: config.routes.find((r) => r.pattern === pattern)?.group ?? null, ratio: decided.ratio, source: decided.source }
  })
  const everyOther = ratioAt(config, '\u0000', at, manual)
  return {
    enabled: true, upstream, merge_strategy: config.mergeStrategy, transition_mode: config.transitionMode, virtual_time: isoOf(at),
    ratio: everyOther.ratio, source: everyOther.source, routes, manual,
  }
}
