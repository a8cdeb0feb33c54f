import type { Domain } from '../../model/domain.ts'
import type { Router, Params } from '../router.ts'
import type { Persona } from '../../scenario/scenario.ts'

export interface RouteRequest {
  request: Request
  url: URL
  params: Params
  workspace: string
  /** The persona the request acts as: its bearer token's if it sends one, else the workspace's active persona. */
  persona(): Promise<Persona | null>
  /** Like persona(), but a request with neither is refused with 401. */
  requirePersona(): Promise<Persona>
}

export type RouteHandler = (domain: Domain, req: RouteRequest) => Promise<Response> | Response

export type RouteTable = Router<RouteHandler>
