import { VerisimError } from '../errors.ts'
import type { ErrorBody, SeedOrdersBody } from '../wire/wire.ts'

export type OrderSeed = ReadonlyArray<{ product_id: string; quantity: number }>

/**
 * Creates orders through the seed route, as a request like any other (a tab that follows forwards
 * it to the leading one); resolves with their ids, or throws the route's error.
 */
export async function seedOrders(handle: (request: Request) => Promise<Response>, workspace: string, personaId: string, orders: OrderSeed): Promise<string[]> {
  const response = await handle(
    new Request('http://verisim.internal/__verisim/seed/orders', {
      method: 'POST',
      headers: { 'X-MockForge-Workspace': workspace },
      body: JSON.stringify({ persona_id: personaId, orders }),
    }),
  )
  const body = (await response.json()) as Partial<SeedOrdersBody & ErrorBody>
  if (!response.ok || !body.ids) throw new VerisimError(body.error ?? 'seed_failed', body.message ?? `Seeding failed with HTTP ${response.status}.`, response.status)
  return body.ids
}
