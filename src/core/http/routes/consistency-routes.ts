import type { Domain } from '../../model/domain.ts'
import { badRequest, notFound } from '../../errors.ts'
import { json } from '../http.ts'
import { HAS_ORDERS, relationship, relationships } from '../../model/graph-links.ts'
import type { EntityRecord } from '../../model/store.ts'
import { nodeId } from '../../model/world.ts'
import {
  activePersonaBody, consistencyOrderBody, consistencyState, consistencyUserBody, entityListBody, entityState, relatedEntitiesBody, stateResetBody,
  userOrderListBody,
} from '../../wire/wire.ts'
import type { RouteTable } from './route.ts'

const BASE = '/api/v1/consistency'

function find(domain: Domain, workspace: string, type: string, id: string): EntityRecord {
  const entity = domain.world.entity(workspace, type, id)
  if (!entity) throw notFound(notFoundCode(domain, type), `No ${type} '${id}' in workspace '${workspace}'.`)
  return entity
}

/** `order_not_found` for a type the scenario knows; `entity_not_found` for any other: a code is never made of the caller's input. */
function notFoundCode(domain: Domain, type: string): string {
  const { scenario } = domain
  const known = new Set(['user', 'order', 'payment', ...Object.keys(scenario.entityLifecycles), ...(scenario.contract?.resources.map((r) => r.type) ?? [])])
  return known.has(type) && /^[a-z][a-z0-9_]*$/.test(type) ? `${type}_not_found` : 'entity_not_found'
}

function ordersOf(domain: Domain, workspace: string, userId: string): EntityRecord[] {
  return domain.world
    .related(workspace, nodeId('user', userId), HAS_ORDERS)
    .map((node) => domain.world.entity(workspace, 'order', node.slice('order:'.length)))
    .filter((order): order is EntityRecord => order !== undefined)
}

export function consistencyRoutes(router: RouteTable): void {
  router.add('GET', `${BASE}/state`, (domain, req) => json(consistencyState(domain, req.workspace)))

  // Resets the workspace: every entity, link, lifecycle, delivery and endpoint, its clock and persona.
  router.add('DELETE', `${BASE}/state`, (domain, req) => {
    const entities = domain.world.entities(req.workspace).length
    const deliveries = domain.world.deliveryTotal(req.workspace)
    domain.resetWorkspace(req.workspace)
    return json(stateResetBody(req.workspace, { entities, deliveries }))
  })

  router.add('GET', `${BASE}/persona`, (domain, req) => {
    const persona = domain.activePersona(req.workspace)
    if (!persona) throw notFound('no_active_persona', `No persona is active in workspace '${req.workspace}': log in first.`)
    return json(activePersonaBody(req.workspace, persona))
  })

  router.add('GET', `${BASE}/entities`, (domain, req) => {
    return json(entityListBody(domain, req.workspace, domain.world.entities(req.workspace)))
  })

  router.add('GET', `${BASE}/entities/:type/:id`, (domain, req) =>
    json(entityState(domain, find(domain, req.workspace, req.params.type ?? '', req.params.id ?? ''))),
  )

  // The persona graph, one hop: `…/entities/user/user-123/related/has_orders` (the seed's
  // spellings `has_payment` and `receives_notifications` are accepted too, and every relationship
  // the scenario's link rules name, such as `book —has_loans→ loan`).
  router.add('GET', `${BASE}/entities/:type/:id/related/:rel`, (domain, req) => {
    const entity = find(domain, req.workspace, req.params.type ?? '', req.params.id ?? '')
    const { links } = domain.scenario
    const rel = relationship(req.params.rel ?? '', links)
    if (!rel) {
      const known = relationships(links).join(', ')
      throw badRequest('unknown_relationship', `No relationship '${req.params.rel}': use one of ${known} (or has_payment, receives_notifications).`)
    }
    const related = domain.world
      .related(req.workspace, nodeId(entity.type, entity.id), rel)
      .map((node) => domain.world.entity(req.workspace, node.slice(0, node.indexOf(':')), node.slice(node.indexOf(':') + 1)))
      .filter((e): e is EntityRecord => e !== undefined)
    return json(relatedEntitiesBody(domain, entity, rel, related))
  })

  router.add('GET', `${BASE}/users/:id`, (domain, req) => {
    const user = find(domain, req.workspace, 'user', req.params.id ?? '')
    return json(consistencyUserBody(domain, user, ordersOf(domain, req.workspace, user.id)))
  })

  router.add('GET', `${BASE}/users/:id/orders`, (domain, req) => {
    const user = find(domain, req.workspace, 'user', req.params.id ?? '')
    return json(userOrderListBody(domain, user, ordersOf(domain, req.workspace, user.id)))
  })

  router.add('GET', `${BASE}/orders/:id`, (domain, req) => {
    const order = find(domain, req.workspace, 'order', req.params.id ?? '')
    return json(consistencyOrderBody(domain, order, domain.world.entity(req.workspace, 'user', String(order.data.user_id))))
  })
}
