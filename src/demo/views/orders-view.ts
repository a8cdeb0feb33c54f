import type { Order } from '../api.ts'
import { el, link } from '../dom.ts'
import { formatMoney, formatTime } from '../format.ts'
import { orderHref } from '../router.ts'
import { emptyState, pageHead, signInPrompt, statusBadge, type ShopContext, type View } from './view.ts'

/** `#/orders`: the signed-in persona's orders, newest first, with their status now. */
export function ordersView(ctx: ShopContext): View {
  const body = el('div', { class: 'card flush' })
  const node = el('div', { class: 'page' }, pageHead('Your orders', 'Statuses follow the virtual clock: move time and watch them change.'), body)

  async function load(): Promise<void> {
    if (!ctx.session.user) {
      body.replaceChildren(signInPrompt('Sign in to see your orders.'))
      return
    }
    const result = await ctx.api.orders()
    if (!result.ok) {
      body.replaceChildren(el('p', { class: 'form-error', role: 'alert' }, result.error.message))
      return
    }
    const orders = [...result.data.orders].sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id))
    if (orders.length === 0) {
      body.replaceChildren(emptyState('No orders yet.', { href: '#/', label: 'Browse the shop' }))
      return
    }
    body.replaceChildren(
      el('table', { class: 'orders-table', 'data-testid': 'orders' },
        el('caption', { class: 'sr-only' }, 'Your orders'),
        el('thead', {}, el('tr', {}, ...['Order', 'Item', 'Placed', 'Total', 'Status'].map((h) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, ...orders.map(row)),
      ),
    )
  }

  return { node, refresh: load, follows: (frame) => frame === 'clock' || frame.type.startsWith('order_') }
}

function row(order: Order): HTMLElement {
  return el('tr', { 'data-order': order.id },
    el('th', { scope: 'row' }, link(orderHref(order.id), order.id, { class: 'mono' })),
    el('td', {}, el('span', { class: 'item-name' }, order.product_name ?? order.product_id), el('span', { class: 'muted' }, ` × ${order.quantity}`)),
    el('td', { class: 'muted nowrap' }, formatTime(order.created_at)),
    el('td', { class: 'num nowrap' }, formatMoney(order.total)),
    el('td', {}, statusBadge(order.status)),
  )
}
