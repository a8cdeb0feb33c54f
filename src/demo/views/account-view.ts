import type { LifecyclePreset, TransitionSpec } from '../../core/scenario/scenario.ts'
import type { Subscription, Support, User } from '../api.ts'
import { button, details, el } from '../dom.ts'
import { formatDelay, formatTime, humanize } from '../format.ts'
import { exitsOf } from '../lifecycle-plan.ts'
import { settle } from '../settle.ts'
import { card, initials, pageHead, signInPrompt, statusBadge, type ShopContext, type View } from './view.ts'

/** `#/account`: who is signed in, their plan, where their subscription stands and why. */
export function accountView(ctx: ShopContext): View {
  const body = el('div', { class: 'account' })
  const feedback = el('p', { class: 'form-error', role: 'alert' })
  const node = el('div', { class: 'page' }, pageHead('Account', 'Your profile, plan and subscription as billing and support see them.'), body)
  // The cards are built once and their contents redrawn, so the button keeps keyboard focus.
  const failPayment = button('Simulate a failed payment', { class: 'danger', 'data-testid': 'fail-payment' }, () => settle(fail(), 'failed payment'))
  const profile = el('div')
  const subscriptionInfo = el('div')
  const supportInfo = el('div')
  const cards = [
    el('div', { class: 'account-side' }, card('Profile', profile), card('Support', supportInfo)),
    card('Subscription', subscriptionInfo, el('div', { class: 'card-actions' }, failPayment, feedback)),
  ]
  let current: { user: User; subscription: Subscription } | null = null

  async function load(): Promise<void> {
    const user = ctx.session.user
    if (!user) {
      body.replaceChildren(signInPrompt('Sign in to see your account.'))
      return
    }
    const [subscription, support] = await Promise.all([ctx.api.subscription(), ctx.api.support()])
    if (!subscription.ok) {
      body.replaceChildren(el('p', { class: 'form-error', role: 'alert' }, subscription.error.message))
      return
    }
    current = { user, subscription: subscription.data }
    profile.replaceChildren(...profileContent(user))
    const preset = ctx.scenario.presets.find((p) => p.name === subscription.data.lifecycle_preset)
    subscriptionInfo.replaceChildren(...subscriptionContent(subscription.data, preset))
    supportInfo.replaceChildren(supportContent(support.ok ? support.data : null))
    if (body.firstElementChild !== cards[0]) body.replaceChildren(...cards)
  }

  async function fail(): Promise<void> {
    if (!current) return
    const count = current.subscription.payment_failed_count + 1
    const result = await ctx.api.setFailedPayments(current.user.id, count)
    feedback.textContent = result.ok ? '' : result.error.message
    if (!result.ok) return
    ctx.toasts.show({
      title: 'A payment failed (simulated)',
      body: `${count} failed payment${count === 1 ? '' : 's'} on record for ${current.user.name}.`,
      tone: 'warning',
    })
    await load()
  }

  return { node, refresh: load, follows: (frame) => frame === 'clock' || frame.type === 'subscription_status_update' }
}

function profileContent(user: User): HTMLElement[] {
  return [
    el('div', { class: 'profile' },
      el('span', { class: 'avatar avatar-lg', 'aria-hidden': 'true' }, initials(user.name)),
      el('div', {}, el('p', { class: 'profile-name', 'data-testid': 'account-name' }, user.name), el('p', { class: 'muted' }, user.email)),
    ),
    details([
      ['Customer id', el('span', { class: 'mono' }, user.id)],
      ['Tier', humanize(user.subscription_tier)],
    ]),
  ]
}

function subscriptionContent(subscription: Subscription, preset: LifecyclePreset | undefined): HTMLElement[] {
  const parts = [
    el('div', { class: 'subscription-head' },
      statusBadge(subscription.status, { 'data-testid': 'subscription-status' }),
      subscription.status_since ? el('span', { class: 'muted' }, `since ${formatTime(subscription.status_since)}`) : null,
    ),
    details([
      ['Plan', humanize(subscription.plan)],
      ['Billing', humanize(subscription.billing_status)],
      ['Payment method', subscription.payment_method ? humanize(subscription.payment_method) : 'None on file'],
      ['Failed payments', el('span', { 'data-testid': 'failed-payments' }, String(subscription.payment_failed_count))],
    ]),
    nextSteps(exitsOf(preset, subscription.status), subscription),
    el('h3', {}, 'History'),
    el('ol', { class: 'history', 'data-testid': 'subscription-history' },
      ...subscription.history.map((entry) => el('li', {}, statusBadge(entry.status), el('time', { datetime: entry.at }, formatTime(entry.at)))),
    ),
  ]
  return parts.filter((part) => part !== null)
}

/**
 * The transitions out of the current state as the preset describes them. Which one the mock will
 * take, and when, is its `next_transition`: that one's condition is met; one that would come
 * sooner is not; one that would come later is pre-empted.
 */
function nextSteps(exits: TransitionSpec[], subscription: Subscription): HTMLElement | null {
  if (exits.length === 0) return null
  const since = subscription.status_since ? Date.parse(subscription.status_since) : null
  const next = subscription.next_transition
  const taken = next ? exits.find((exit) => exit.to === next.to) : undefined
  const verdict = (exit: TransitionSpec): { text: string; met: boolean } | null => {
    if (exit === taken) return { text: ' — met', met: true }
    if (!next || (taken && exit.afterMs < taken.afterMs)) return { text: ' — not met yet', met: false }
    return taken ? { text: ` — ${humanize(taken.to).toLowerCase()} comes first`, met: false } : null
  }
  return el('div', { class: 'next-steps' },
    el('h3', {}, 'What happens next'),
    el('ul', {},
      ...exits.map((exit) => {
        const when = exit === taken && next ? Date.parse(next.at) : since !== null ? since + exit.afterMs : null
        const holds = exit.condition ? verdict(exit) : null
        return el('li', {},
          el('strong', {}, humanize(exit.to)),
          ` ${formatDelay(exit.afterMs)} after it became ${humanize(subscription.status ?? 'none').toLowerCase()}`,
          when !== null ? ` (${formatTime(when)})` : '',
          exit.condition ? el('span', { class: holds?.met ? 'condition condition-met' : 'condition' }, ` if ${exit.condition.source}${holds?.text ?? ''}`) : null,
        )
      }),
    ),
  )
}

function supportContent(support: Support | null): HTMLElement {
  if (!support) return el('p', { class: 'muted' }, 'Support is not available right now.')
  return details([
      ['Support tier', el('span', { 'data-testid': 'support-tier' }, humanize(support.support_tier))],
      ['Priority', humanize(support.priority)],
      ['Open tickets', String(support.open_tickets)],
    ['Ticket', support.ticket_type ? humanize(support.ticket_type) : null],
  ])
}
