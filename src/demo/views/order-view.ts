import type { Delivery, Order } from '../api.ts'
import { details, el, link } from '../dom.ts'
import { formatDelay, formatMoney, formatTime, humanize } from '../format.ts'
import { orderSteps, type Step } from '../lifecycle-plan.ts'
import { card, emptyState, pageHead, signInPrompt, statusBadge, type ShopContext, type View } from './view.ts'

/** `#/orders/:id`: where an order stands, step by step, moving live as frames arrive and time travels. */
export function orderView(ctx: ShopContext, id: string): View {
  const steps = orderSteps(ctx.scenario)
  const lede = el('span', {}, 'Loading…')
  const badge = el('div', { class: 'page-head-aside' })
  const body = el('div', { class: 'tracking' })
  const node = el('div', { class: 'page' }, link('#/orders', '← All orders', { class: 'back' }), pageHead(`Order ${id}`, lede, badge), body)

  async function load(): Promise<void> {
    if (!ctx.session.user) {
      lede.textContent = ''
      body.replaceChildren(signInPrompt('Sign in to follow this order.'))
      return
    }
    const [result, hooks] = await Promise.all([ctx.api.order(id), ctx.api.deliveries()])
    if (!result.ok) {
      lede.textContent = ''
      body.replaceChildren(emptyState(result.error.message, { href: '#/orders', label: 'See your orders' }))
      return
    }
    const order = result.data
    // The heading keeps its node (and any focus on it); only the text around it changes.
    lede.textContent = `${order.product_name ?? order.product_id} × ${order.quantity} · placed ${formatTime(order.created_at)}`
    badge.replaceChildren(statusBadge(order.status, { 'data-testid': 'order-status' }))
    const sent = hooks.ok ? hooks.data.deliveries.filter((d) => 'order_id' in d.payload && d.payload.order_id === order.id) : []
    body.replaceChildren(
      el('section', { class: 'card', 'aria-labelledby': 'progress-title' },
        el('h2', { id: 'progress-title' }, 'Progress'),
        timeline(steps, order),
      ),
      el('div', { class: 'columns' }, shipment(steps, order), summary(order), notifications(sent)),
    )
  }

  return {
    node,
    refresh: load,
    follows: (frame) => frame === 'clock' || ('order_id' in frame && frame.order_id === id),
  }
}

/**
 * When each step was reached, or when it is expected: the next one when the mock says
 * (`next_transition`), the ones after it along the preset's path if nothing else gets in the way.
 */
function stepTimes(steps: Step[], order: Order): Array<{ at: string | null; expected: number | null }> {
  let previous: number | null = null
  return steps.map((step, i) => {
    const reached = i === 0 ? order.created_at : order[`${step.name}_at`]
    if (reached) {
      previous = Date.parse(reached)
      return { at: reached, expected: null }
    }
    const next = order.next_transition
    const expected = next?.to === step.name ? Date.parse(next.at) : previous === null || step.after === null ? null : previous + step.after
    previous = expected
    return { at: null, expected }
  })
}

function timeline(steps: Step[], order: Order): HTMLElement {
  const reachedIndex = steps.findIndex((s) => s.name === order.status)
  const times = stepTimes(steps, order)
  return el('ol', { class: 'timeline', 'data-testid': 'timeline' },
    ...steps.map((step, i) => {
      const state = i < reachedIndex ? 'done' : i === reachedIndex ? 'current' : 'upcoming'
      const time = times[i]
      const when = time?.at
        ? el('time', { datetime: time.at }, formatTime(time.at))
        : time?.expected != null
          ? el('span', { class: 'muted' }, el('span', { class: 'step-expected' }, 'Expected'), ' ', formatTime(time.expected))
          : el('span', { class: 'muted' }, 'Not yet')
      return el('li', { class: `step step-${state}`, 'data-step': step.name, 'data-state': state, ...(state === 'current' ? { 'aria-current': 'step' } : {}) },
        el('span', { class: 'step-marker', 'aria-hidden': 'true' }, state === 'upcoming' ? String(i + 1) : '✓'),
        el('span', { class: 'step-name' }, humanize(step.name)),
        el('span', { class: 'sr-only' }, state === 'done' ? ' (done)' : state === 'current' ? ' (current step)' : ' (upcoming)'),
        el('span', { class: 'step-time' }, when),
      )
    }),
  )
}

/** The order's next step as the mock will take it (`next_transition`), with the preset's words for it. */
function shipment(steps: Step[], order: Order): HTMLElement {
  const next = order.next_transition
  const plan = next ? steps.find((s) => s.name === next.to) : undefined
  const status = humanize(order.status).toLowerCase()
  const last = steps.at(-1)?.name === order.status
  const nextLine = next
    ? el('p', { class: 'next', 'data-testid': 'next-step' },
        el('strong', {}, `Next: ${humanize(next.to)}`),
        plan?.after != null ? ` ${formatDelay(plan.after)} after ${status}` : '',
        ` · expected ${formatTime(next.at)}`,
        plan?.condition ? el('span', { class: 'muted' }, ` (when ${plan.condition})`) : null,
      )
    : el('p', { class: 'next', 'data-testid': 'next-step' }, last
      ? 'This order has reached its last step.'
      : `This order is ${status}: nothing moves it on until a condition of its next step holds.`)
  return card('Shipment',
    order.tracking_number
      ? el('p', { class: 'tracking-number' }, el('span', { class: 'muted' }, 'Tracking number '), el('strong', { class: 'mono', 'data-testid': 'tracking-number' }, order.tracking_number))
      : el('p', { class: 'muted', 'data-testid': 'tracking-number-pending' }, 'A tracking number is assigned when the order ships.'),
    nextLine,
  )
}

function summary(order: Order): HTMLElement {
  return card('Order details',
    details([
      ['Item', order.product_name ?? order.product_id],
      ['Quantity', String(order.quantity)],
      ['Unit price', order.unit_price === undefined ? null : formatMoney(order.unit_price)],
      ['Total', formatMoney(order.total)],
      ['Payment', order.payment_ids?.length ? order.payment_ids.join(', ') : null],
      ['Last update', order.updated_at ? formatTime(order.updated_at) : null],
    ], { 'data-testid': 'order-details' }),
  )
}

/** What the backend told other systems about this order (its webhooks), as they were sent. */
function notifications(sent: Delivery[]): HTMLElement {
  if (sent.length === 0) return card('Webhooks sent', el('p', { class: 'muted' }, 'None for this order yet.'))
  return card('Webhooks sent',
    el('ol', { class: 'hook-list', 'data-testid': 'order-webhooks' },
      ...sent.map((d) => el('li', {},
        el('code', {}, d.event),
        el('span', { class: `hook-status hook-${d.status}` }, d.status),
        el('span', { class: 'hook-url muted' }, d.url),
      )),
    ),
  )
}
