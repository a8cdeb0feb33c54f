import type { Domain, EntityBehaviour } from '../model/domain.ts'
import { enteredAt } from '../lifecycle/lifecycle.ts'
import type { Persona } from '../scenario/scenario.ts'
import type { EntityRecord } from '../model/store.ts'

/**
 * A persona's subscription is the lifecycle of its `user` entity (the scenario's `subscription`
 * preset): each step is a `subscription.<state>` fact on every channel.
 */
export const userBehaviour: EntityBehaviour = {
  transitionFact: (user, step) => ({
    event: `subscription.${step.to}`,
    data: {
      user_id: user.id,
      status: step.to,
      previous_status: step.from,
      payment_failed_count: failedPayments(user),
    },
  }),
}

export function failedPayments(user: EntityRecord): number {
  const count = user.data.payment_failed_count
  return typeof count === 'number' && Number.isFinite(count) ? count : 0
}

/**
 * What billing shows in each subscription state (MockForge's lifecycle effects, under our state
 * names: `past_due` is its PaymentFailed, `canceled` its Churned). Unknown states show as they are.
 */
const BILLING: Record<string, { billing_status: string; subscription_status: string; payment_method: string | null }> = {
  new: { billing_status: 'pending', subscription_status: 'trial', payment_method: null },
  active: { billing_status: 'active', subscription_status: 'active', payment_method: 'credit_card' },
  past_due: { billing_status: 'failed', subscription_status: 'suspended', payment_method: 'credit_card' },
  canceled: { billing_status: 'canceled', subscription_status: 'canceled', payment_method: null },
}

const SUPPORT: Record<string, { support_tier: string; open_tickets: number; priority: string }> = {
  new: { support_tier: 'onboarding', open_tickets: 0, priority: 'normal' },
  active: { support_tier: 'standard', open_tickets: 0, priority: 'normal' },
  past_due: { support_tier: 'billing', open_tickets: 1, priority: 'urgent' },
  canceled: { support_tier: 'none', open_tickets: 0, priority: 'low' },
}

/** `GET /api/billing/subscription`: the persona's plan and where its subscription lifecycle stands. */
export function subscriptionBody(domain: Domain, persona: Persona, user: EntityRecord): Record<string, unknown> {
  const lifecycle = user.lifecycle
  const state = lifecycle?.state ?? null
  const billing = (state && BILLING[state]) ?? { billing_status: state ?? 'none', subscription_status: state ?? 'none', payment_method: null }
  const iso = (at: number | undefined) => (at === undefined ? null : domain.iso(user.workspace, at))
  const failed = failedPayments(user)
  return {
    user_id: user.id,
    plan: persona.subscription_tier,
    status: state,
    ...billing,
    payment_failed_count: failed,
    ...(state === 'past_due' ? { last_payment_failed: true } : {}),
    status_since: iso(lifecycle?.entered_at),
    started_at: iso(lifecycle?.history[0]?.at),
    canceled_at: iso(enteredAt(lifecycle, 'canceled')),
    lifecycle_preset: lifecycle?.preset ?? null,
    history: (lifecycle?.history ?? []).map((entry) => ({ status: entry.state, at: domain.iso(user.workspace, entry.at) })),
  }
}

/** `GET /api/support`: the support desk's view of the persona, from its subscription state. */
export function supportBody(user: EntityRecord): Record<string, unknown> {
  const state = user.lifecycle?.state ?? null
  const support = (state && SUPPORT[state]) ?? SUPPORT.active!
  return { user_id: user.id, subscription_status: state, ...support, ...(state === 'past_due' ? { ticket_type: 'payment_issue' } : {}) }
}
