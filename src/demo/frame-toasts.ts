import type { User } from './api.ts'
import { formatMoney, formatTime, humanize } from './format.ts'
import type { Frame } from './live-feed.ts'
import { orderHref } from './router.ts'
import type { ToastMessage, Tone } from './toasts.ts'

const ORDER_PHRASES: Record<string, string> = {
  pending: 'is pending',
  processing: 'is being prepared',
  shipped: 'has shipped',
  delivered: 'was delivered',
  completed: 'is complete',
}

const SUBSCRIPTION_TONES: Record<string, Tone> = { active: 'success', past_due: 'warning', canceled: 'danger' }

/** What a person would be told about a socket frame; frames of no interest give null. */
export function toastFor(frame: Frame, user: User | null): ToastMessage | null {
  const when = 'timestamp' in frame && frame.timestamp ? formatTime(frame.timestamp) : ''
  const track = (orderId: string) => ({ href: orderHref(orderId), label: 'Track order' })
  switch (frame.type) {
    case 'order_created':
      return { title: `Order ${frame.order_id} placed`, body: when, tone: 'info', action: track(frame.order_id) }
    case 'payment_received':
      return { title: `Payment of ${formatMoney(frame.amount)} received`, body: `${frame.payment_id} for order ${frame.order_id}`, tone: 'success' }
    case 'order_status_update': {
      const { status } = frame
      // `in`: to the type checker, any `<type>_status_update` frame could be this one.
      const tracking = 'tracking_number' in frame && frame.tracking_number && status === 'shipped' ? `Tracking number ${frame.tracking_number} · ` : ''
      return {
        title: `Order ${frame.order_id} ${ORDER_PHRASES[status] ?? `is now ${humanize(status).toLowerCase()}`}`,
        body: `${tracking}${when}`,
        tone: status === 'delivered' || status === 'completed' ? 'success' : 'info',
        action: track(frame.order_id),
      }
    }
    case 'subscription_status_update': {
      const { status } = frame
      const whose = user && frame.user_id === user.id ? 'Your subscription' : `Subscription of ${frame.user_id}`
      const was = frame.previous_status ? `was ${humanize(frame.previous_status).toLowerCase()} · ` : ''
      return {
        title: `${whose} is now ${humanize(status).toLowerCase()}`,
        body: `${was}${when}`,
        tone: SUBSCRIPTION_TONES[status] ?? 'info',
        action: { href: '#/account', label: 'View account' },
      }
    }
    default:
      return null
  }
}
