import { badRequest, notFound } from '../../errors.ts'
import { json, readJsonObject, requireString } from '../http.ts'
import { createOrder, parseOrderInput } from '../../kinds/orders.ts'
import { seedOrdersBody } from '../../wire/wire.ts'
import type { RouteTable } from './route.ts'

/** Bulk set-up for fixtures and benchmarks: one transaction, the same effects as posting each. */
export function seedRoutes(router: RouteTable): void {
  router.add('POST', '/__verisim/seed/orders', async (domain, req) => {
    const body = await readJsonObject(req.request)
    const personaId = requireString(body, 'persona_id')
    const persona = domain.persona(personaId)
    if (!persona) throw notFound('persona_not_found', `Scenario '${domain.scenario.name}' has no persona '${personaId}'.`)
    if (!Array.isArray(body.orders)) throw badRequest('validation_error', "'orders' must be a list of {product_id, quantity}.", 'orders')
    const inputs = body.orders.map((order: unknown, i: number) => {
      try {
        return parseOrderInput((order ?? {}) as Record<string, unknown>)
      } catch (error) {
        throw badRequest('validation_error', `orders[${i}]: ${(error as Error).message}`, `orders[${i}]`)
      }
    })
    const ids = inputs.map((input) => createOrder(domain, req.workspace, persona, input).id)
    return json(seedOrdersBody(ids), 201)
  })
}
