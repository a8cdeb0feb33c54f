import { Router } from '../http/router.ts'
import { authRoutes } from '../http/routes/auth-routes.ts'
import { billingRoutes } from '../http/routes/billing-routes.ts'
import { consistencyRoutes } from '../http/routes/consistency-routes.ts'
import { lifecycleRoutes } from '../http/routes/lifecycle-routes.ts'
import type { RouteHandler, RouteTable } from '../http/routes/route.ts'
import type { SnapshotAccess } from '../model/snapshot.ts'
import type { Scenario } from '../scenario/scenario.ts'
import { seedRoutes } from '../http/routes/seed-routes.ts'
import { shopRoutes } from '../http/routes/shop-routes.ts'
import { snapshotRoutes } from '../http/routes/snapshot-routes.ts'
import { timeTravelRoutes } from '../http/routes/time-travel-routes.ts'
import { webhookAdminRoutes } from '../http/routes/webhook-admin-routes.ts'
import { webhookRoutes } from '../http/routes/webhook-routes.ts'
import { realityRoutes } from './reality-routes.ts'

/**
 * Every built-in HTTP route the mock answers for a scenario. The seed's shop (products, orders,
 * billing, support) is the scenario's API when it has products or its spec describes the shop's
 * paths; a scenario whose spec is an API of its own (a library) does not also answer a shop's
 * paths, which its contract does not have. MockForge's and Verisim's own APIs are always there.
 */
export function routeTable(scenario: Scenario, snapshots?: SnapshotAccess, upstream: () => string | null = () => null): RouteTable {
  const router = new Router<RouteHandler>()
  const shop = servesShop(scenario) ? [shopRoutes, billingRoutes] : []
  for (const routes of [authRoutes, ...shop, consistencyRoutes, lifecycleRoutes, webhookRoutes, webhookAdminRoutes, seedRoutes]) routes(router)
  timeTravelRoutes(router, snapshots)
  if (snapshots) snapshotRoutes(router, snapshots)
  realityRoutes(router, upstream)
  return router
}

export function servesShop(scenario: Scenario): boolean {
  const { contract } = scenario
  if (!contract || scenario.products.length > 0) return true
  return contract.operations.some((op) => /^\/api\/(products|orders|billing|support)(\/|$)/.test(op.path))
}
