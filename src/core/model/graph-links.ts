import type { EdgeRecord, EntityRecord } from './store.ts'

export const HAS_ORDERS = 'has_orders'
export const HAS_PAYMENTS = 'has_payments'
export const HAS_NOTIFICATIONS = 'has_notifications'

/** The relationships of the persona graph, as MockForge names them, and the seed's spellings of them. */
export const RELATIONSHIPS: readonly string[] = [HAS_ORDERS, HAS_PAYMENTS, HAS_NOTIFICATIONS]
const ALIASES: Readonly<Record<string, string>> = { has_payment: HAS_PAYMENTS, receives_notifications: HAS_NOTIFICATIONS, has_order: HAS_ORDERS }

/** The canonical name of a relationship or of one of its aliases; undefined when unknown. */
export function relationship(name: string): string | undefined {
  return RELATIONSHIPS.includes(name) ? name : ALIASES[name]
}

/**
 * Relationships that follow from an entity's own fields, as MockForge links them: an order's
 * `user_id` makes `user —has_orders→ order`, a payment's `order_id` makes
 * `order —has_payments→ payment`. They are derived, not stored, so they can never disagree.
 */
const RULES: ReadonlyArray<{ type: string; field: string; from: string; rel: string }> = [
  { type: 'order', field: 'user_id', from: 'user', rel: HAS_ORDERS },
  { type: 'payment', field: 'order_id', from: 'order', rel: HAS_PAYMENTS },
]

export function derivedLinks(entity: EntityRecord): EdgeRecord[] {
  const links: EdgeRecord[] = []
  for (const rule of RULES) {
    const target = entity.data[rule.field]
    if (rule.type === entity.type && typeof target === 'string') {
      links.push({ workspace: entity.workspace, from: `${rule.from}:${target}`, rel: rule.rel, to: `${entity.type}:${entity.id}` })
    }
  }
  return links
}
