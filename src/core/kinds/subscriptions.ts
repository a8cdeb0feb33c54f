import type { EntityBehaviour } from '../model/domain.ts'
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

export interface Billing {
  billing_status: string
  subscription_status: string
  payment_method: string | null
}

export interface Support {
  support_tier: string
  open_tickets: number
  priority: string
}

/**
 * What billing shows in each subscription state (MockForge's lifecycle effects, under our state
 * names: `past_due` is its PaymentFailed, `canceled` its Churned). Unknown states show as they are.
 */
const BILLING: Record<string, Billing> = {
  new: { billing_status: 'pending', subscription_status: 'trial', payment_method: null },
  active: { billing_status: 'active', subscription_status: 'active', payment_method: 'credit_card' },
  past_due: { billing_status: 'failed', subscription_status: 'suspended', payment_method: 'credit_card' },
  canceled: { billing_status: 'canceled', subscription_status: 'canceled', payment_method: null },
}

const SUPPORT: Record<string, Support> = {
  new: { support_tier: 'onboarding', open_tickets: 0, priority: 'normal' },
  active: { support_tier: 'standard', open_tickets: 0, priority: 'normal' },
  past_due: { support_tier: 'billing', open_tickets: 1, priority: 'urgent' },
  canceled: { support_tier: 'none', open_tickets: 0, priority: 'low' },
}

/** What billing shows for a subscription in `state` (null: the persona has no subscription). */
export function billingOf(state: string | null): Billing {
  return (state === null ? undefined : BILLING[state]) ?? { billing_status: state ?? 'none', subscription_status: state ?? 'none', payment_method: null }
}

/** What the support desk shows for a subscription in `state`; an unknown state is served as an active one. */
export function supportOf(state: string | null): Support {
  return (state === null ? undefined : SUPPORT[state]) ?? SUPPORT.active!
}
