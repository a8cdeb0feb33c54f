/**
 * A fact of the world, as every channel sees it: `order.created`, `order.shipped`,
 * `payment.received`, … `timestamp` is the calendar (virtual) instant it happened.
 */
export interface Fact {
  workspace: string
  event: string
  /** World time, for ordering; `timestamp` is what the wire shows. */
  at: number
  timestamp: string
  /** Graph node the fact is about, e.g. `order:ORD-1001`. */
  subject: string
  data: Record<string, unknown>
}

/** The WebSocket frame of a fact (SPEC §5), or null when sockets do not carry it. */
export function socketFrame(fact: Fact): Record<string, unknown> | null {
  const { data, timestamp } = fact
  if (fact.event === 'order.created') {
    return { type: 'order_created', order_id: data.order_id, status: data.status, timestamp }
  }
  if (fact.event === 'payment.received') {
    return { type: 'payment_received', order_id: data.order_id, payment_id: data.payment_id, amount: data.amount, timestamp }
  }
  if (fact.event.startsWith('subscription.')) {
    return { type: 'subscription_status_update', user_id: data.user_id, status: data.status, previous_status: data.previous_status, timestamp }
  }
  if (fact.event.startsWith('order.')) {
    const frame: Record<string, unknown> = { type: 'order_status_update', order_id: data.order_id, status: data.status, timestamp }
    if (data.tracking_number !== undefined) frame.tracking_number = data.tracking_number
    return frame
  }
  return null
}

/** The JSON body of the webhook a fact becomes (SPEC §6). */
export function webhookBody(fact: Fact): Record<string, unknown> {
  return { event: fact.event, ...fact.data, timestamp: fact.timestamp }
}
