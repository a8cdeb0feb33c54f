/** The shop's answers: the persona logged in, products, orders, its subscription and support desk. */
import { paymentIds, orderTracking, type OrderFields } from '../kinds/orders.ts'
import { billingOf, failedPayments, supportOf } from '../kinds/subscriptions.ts'
import { enteredAt } from '../lifecycle/lifecycle.ts'
import type { Domain } from '../model/domain.ts'
import type { EntityRecord } from '../model/store.ts'
import type { Persona, Product } from '../scenario/scenario.ts'
import { nextTransition } from './lifecycle-wire.ts'
import type {
  LoginBody, LogoutBody, MeBody, OrderBody, OrderListBody, ProductBody, ProductListBody, SeedOrdersBody, SubscriptionBody, SupportBody,
  UserBody,
} from './wire-types.ts'

export function userBody(persona: Persona): UserBody {
  return { id: persona.id, email: persona.email, name: persona.name, subscription_tier: persona.subscription_tier }
}

export function loginBody(token: string, expiresIn: number, persona: Persona): LoginBody {
  return { token, token_type: 'Bearer', expires_in: expiresIn, user: userBody(persona) }
}

export function logoutBody(): LogoutBody {
  return { success: true }
}

export function meBody(persona: Persona): MeBody {
  return { user: userBody(persona) }
}

export function productBody(product: Product): ProductBody {
  return { ...product, in_stock: product.stock > 0 }
}

export function productListBody(products: readonly Product[]): ProductListBody {
  return products.map(productBody)
}

const MILESTONES = ['processing', 'shipped', 'delivered', 'completed']

/** An order: status from its lifecycle, milestones once reached. */
export function orderBody(domain: Domain, order: EntityRecord): OrderBody {
  const iso = (at: number) => domain.iso(order.workspace, at)
  const lifecycle = order.lifecycle
  const milestones: Record<`${string}_at`, string> = {}
  for (const milestone of MILESTONES) {
    const at = enteredAt(lifecycle, milestone)
    if (at !== undefined) milestones[`${milestone}_at`] = iso(at)
  }
  const tracking = orderTracking(order)
  return {
    id: order.id,
    ...(order.data as OrderFields),
    status: lifecycle?.state ?? (order.data.status as string | undefined) ?? 'pending',
    created_at: iso(order.created_at),
    updated_at: iso(lifecycle?.entered_at ?? order.created_at),
    ...milestones,
    ...(tracking ? { tracking_number: tracking } : {}),
    payment_ids: paymentIds(domain, order),
    next_transition: nextTransition(domain, order),
  }
}

export function orderListBody(domain: Domain, orders: readonly EntityRecord[]): OrderListBody {
  return { orders: orders.map((order) => orderBody(domain, order)), count: orders.length }
}

export function seedOrdersBody(ids: readonly string[]): SeedOrdersBody {
  return { ids: [...ids], count: ids.length }
}

/** The persona's plan and where its subscription (its `user` entity's lifecycle) stands. */
export function subscriptionBody(domain: Domain, persona: Persona, user: EntityRecord): SubscriptionBody {
  const lifecycle = user.lifecycle
  const state = lifecycle?.state ?? null
  const iso = (at: number | undefined) => (at === undefined ? null : domain.iso(user.workspace, at))
  return {
    user_id: user.id,
    plan: persona.subscription_tier,
    status: state,
    ...billingOf(state),
    payment_failed_count: failedPayments(user),
    ...(state === 'past_due' ? { last_payment_failed: true as const } : {}),
    status_since: iso(lifecycle?.entered_at),
    started_at: iso(lifecycle?.history[0]?.at),
    canceled_at: iso(enteredAt(lifecycle, 'canceled')),
    lifecycle_preset: lifecycle?.preset ?? null,
    history: (lifecycle?.history ?? []).map((entry) => ({ status: entry.state, at: domain.iso(user.workspace, entry.at) })),
    next_transition: nextTransition(domain, user),
  }
}

/** The support desk's view of the persona, from its subscription state. */
export function supportBody(user: EntityRecord): SupportBody {
  const state = user.lifecycle?.state ?? null
  return { user_id: user.id, subscription_status: state, ...supportOf(state), ...(state === 'past_due' ? { ticket_type: 'payment_issue' as const } : {}) }
}
