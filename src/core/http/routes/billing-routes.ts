import { json } from '../http.ts'
import { subscriptionBody, supportBody } from '../../wire/wire.ts'
import type { RouteTable } from './route.ts'

export function billingRoutes(router: RouteTable): void {
  router.add('GET', '/api/billing/subscription', async (domain, req) => {
    const persona = await req.requirePersona()
    return json(subscriptionBody(domain, persona, domain.personaEntity(req.workspace, persona)))
  })

  router.add('GET', '/api/support', async (domain, req) => {
    const persona = await req.requirePersona()
    return json(supportBody(domain.personaEntity(req.workspace, persona)))
  })
}
