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
