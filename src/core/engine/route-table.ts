import { Router } from '../http/router.ts'
import { authRoutes } from '../http/routes/auth-routes.ts'
import { billingRoutes } from '../http/routes/billing-routes.ts'
import { consistencyRoutes } from '../http/routes/consistency-routes.ts'
import { lifecycleRoutes } from '../http/routes/lifecycle-routes.ts'
import type { RouteHandler, RouteTable } from '../http/routes/route.ts'
import { seedRoutes } from '../http/routes/seed-routes.ts'
import { shopRoutes } from '../http/routes/shop-routes.ts'
import { timeTravelRoutes } from '../http/routes/time-travel-routes.ts'
import { webhookAdminRoutes } from '../http/routes/webhook-admin-routes.ts'
import { webhookRoutes } from '../http/routes/webhook-routes.ts'

/** Every HTTP route the mock answers. */
export function routeTable(): RouteTable {
  const router = new Router<RouteHandler>()
  for (const routes of [authRoutes, shopRoutes, billingRoutes, consistencyRoutes, lifecycleRoutes, timeTravelRoutes, webhookRoutes, webhookAdminRoutes, seedRoutes]) routes(router)
  return router
}
