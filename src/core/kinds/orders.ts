import type { Domain, EntityBehaviour } from '../model/domain.ts'
import { conflict, notFound, VerisimError } from '../errors.ts'
import { enteredAt } from '../lifecycle/lifecycle.ts'
import type { Persona } from '../scenario/scenario.ts'
import { HAS_PAYMENTS } from '../model/graph-links.ts'
import type { EntityRecord } from '../model/store.ts'
import { nodeId } from '../model/world.ts'

/** Tracking numbers are derived from the order number, so a replayed world gets the same ones. */
export function trackingNumber(orderId: string): string {
  const digits = orderId.replace(/\D/g, '') || '0'
  return `TRACK${digits.padStart(6, '0')}`
}

/** An order has a tracking number from the moment it has shipped. */
export function orderTracking(order: EntityRecord): string | undefined {
  return enteredAt(order.lifecycle, 'shipped') === undefined ? undefined : trackingNumber(order.id)
}

export const orderBehaviour: EntityBehaviour = {
  transitionFact: (order, step) => ({
    event: `order.${step.to}`,
    data: {
      order_id: order.id,
      user_id: order.data.user_id,
      status: step.to,
      previous_status: step.from,
      ...(orderTracking(order) ? { tracking_number: orderTracking(order) } : {}),
    },
  }),
}

/** What an order holds besides its lifecycle (the fields createOrder stores, in their order). */
export type OrderFields = {
  user_id: string
  product_id: string
  product_name: string
  quantity: number
  unit_price: number
  total: number
  currency: string
}

export interface OrderInput {
  product_id: string
  quantity: number
}

export function parseOrderInput(body: Record<string, unknown>): OrderInput {
  const { product_id: productId, quantity } = body
  if (typeof productId !== 'string' || productId.trim() === '') {
    throw new VerisimError('validation_error', "'product_id' is required and must be a non-empty string.", 400, 'product_id')
  }
  if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
    throw new VerisimError('validation_error', `'quantity' must be a positive integer; got ${JSON.stringify(quantity) ?? 'nothing'}.`, 400, 'quantity')
  }
  return { product_id: productId, quantity }
}

/** Creates an order with its payment, linked user → order → payment in the persona graph. */
export function createOrder(domain: Domain, workspace: string, persona: Persona, input: OrderInput): EntityRecord {
  const product = domain.product(input.product_id)
  if (!product) throw notFound('product_not_found', `No product has id '${input.product_id}'.`)
  if (input.quantity > product.stock) {
    throw conflict('out_of_stock', `Only ${product.stock} of '${product.id}' in stock; ${input.quantity} requested.`)
  }
  const { world } = domain
  const ws = domain.workspace(workspace)
  const now = domain.worldNow(workspace)
  domain.personaEntity(workspace, persona)
  const orderId = `ORD-${world.nextSeq(ws, 'order', 1001)}`
  const paymentId = `PAY-${world.nextSeq(domain.workspace(workspace), 'payment', 5001)}`
  const amount = Math.round(product.price * input.quantity * 100) / 100

  const lifecycle = domain.startLifecycle('order', now)
  const data: OrderFields = {
    user_id: persona.id,
    product_id: product.id,
    product_name: product.name,
    quantity: input.quantity,
    unit_price: product.price,
    total: amount,
    currency: 'USD',
  }
  const order = world.createEntity({
    workspace,
    type: 'order',
    id: orderId,
    data,
    created_at: now,
    ...(lifecycle ? { lifecycle } : {}),
  })
  world.createEntity({
    workspace,
    type: 'payment',
    id: paymentId,
    data: { order_id: orderId, user_id: persona.id, amount, currency: 'USD', status: 'received' },
    created_at: now,
  })
  // user —has_orders→ order —has_payments→ payment follow from user_id and order_id (graph-links.ts).

  const status = order.lifecycle?.state ?? 'pending'
  domain.report(workspace, 'order.created', now, nodeId('order', orderId), {
    order_id: orderId, user_id: persona.id, product_id: product.id, quantity: input.quantity, total: amount, status,
  })
  domain.report(workspace, 'payment.received', now, nodeId('payment', paymentId), {
    order_id: orderId, payment_id: paymentId, user_id: persona.id, amount, currency: 'USD',
  })
  return order
}

export function paymentIds(domain: Domain, order: EntityRecord): string[] {
  return domain.world.related(order.workspace, nodeId('order', order.id), HAS_PAYMENTS).map((node) => node.slice('payment:'.length))
}
