import { notFound } from '../../errors.ts'
import { json, readJsonObject } from '../http.ts'
import { createOrder, parseOrderInput } from '../../kinds/orders.ts'
import type { Persona, Product } from '../../scenario/scenario.ts'
import { orderBody, orderListBody, productBody, productListBody } from '../../wire/wire.ts'
import type { RouteTable } from './route.ts'

/** Products a persona would be shown: its categories first-class, its price ceiling and stock rules applied. */
export function productsFor(products: readonly Product[], persona: Persona | null, category: string | null): Product[] {
  let shown = category ? products.filter((p) => p.category === category) : [...products]
  if (!persona) return shown
  const { categories, max_price: maxPrice, in_stock_only: inStockOnly } = persona.preferences
  if (categories.length > 0) shown = shown.filter((p) => categories.includes(p.category))
  if (maxPrice !== null) shown = shown.filter((p) => p.price <= maxPrice)
  if (inStockOnly) shown = shown.filter((p) => p.stock > 0)
  return shown
}

export function shopRoutes(router: RouteTable): void {
  router.add('GET', '/api/products', async (domain, req) => {
    const persona = await req.persona()
    const products = productsFor(domain.scenario.products, persona, req.url.searchParams.get('category'))
    return json(productListBody(products))
  })

  router.add('GET', '/api/products/:id', (domain, req) => {
    const product = domain.product(req.params.id ?? '')
    if (!product) throw notFound('product_not_found', `No product has id '${req.params.id}'.`)
    return json(productBody(product))
  })

  router.add('POST', '/api/orders', async (domain, req) => {
    const persona = await req.requirePersona()
    const input = parseOrderInput(await readJsonObject(req.request))
    const order = createOrder(domain, req.workspace, persona, input)
    return json(orderBody(domain, order), 201, { Location: `/api/orders/${order.id}` })
  })

  router.add('GET', '/api/orders', async (domain, req) => {
    const persona = await req.requirePersona()
    const orders = domain.world.entities(req.workspace, 'order').filter((o) => o.data.user_id === persona.id)
    return json(orderListBody(domain, orders))
  })

  router.add('GET', '/api/orders/:id', async (domain, req) => {
    const persona = await req.requirePersona()
    const order = domain.world.entity(req.workspace, 'order', req.params.id ?? '')
    // Someone else's order is as unknown to this persona as one that does not exist.
    if (!order || order.data.user_id !== persona.id) {
      throw notFound('order_not_found', `No order '${req.params.id}' of ${persona.id} in workspace '${req.workspace}'.`)
    }
    return json(orderBody(domain, order))
  })
}
