import type { LinkRule } from '../scenario/scenario.ts'
import type { EdgeRecord, EntityRecord } from './store.ts'

export const HAS_ORDERS = 'has_orders'
export const HAS_PAYMENTS = 'has_payments'
export const HAS_NOTIFICATIONS = 'has_notifications'

/** The relationships of the persona graph, as MockForge names them, and the seed's spellings of them. */
export const RELATIONSHIPS: readonly string[] = [HAS_ORDERS, HAS_PAYMENTS, HAS_NOTIFICATIONS]
const ALIASES: Readonly<Record<string, string>> = { has_payment: HAS_PAYMENTS, receives_notifications: HAS_NOTIFICATIONS, has_order: HAS_ORDERS }

/** Every relationship a scenario knows: MockForge's, then those its link rules add, each once. */
export function relationships(rules: readonly LinkRule[]): string[] {
  return [...new Set([...RELATIONSHIPS, ...rules.map((rule) => rule.rel)])]
}

/** The canonical name of a relationship of the scenario or of one of its aliases; undefined when unknown. */
export function relationship(name: string, rules: readonly LinkRule[]): string | undefined {
  if (relationships(rules).includes(name)) return name
  return Object.hasOwn(ALIASES, name) ? ALIASES[name] : undefined
}

/**
 * Relationships that follow from an entity's own fields, by the scenario's link rules: an order's
 * `user_id` makes `user —has_orders→ order`, a payment's `order_id` makes
 * `order —has_payments→ payment`. They are derived, not stored, so they can never disagree.
 */
export function derivedLinks(entity: EntityRecord, rules: readonly LinkRule[]): EdgeRecord[] {
  const links: EdgeRecord[] = []
  for (const rule of rules) {
    const target = entity.data[rule.field]
    if (rule.type === entity.type && typeof target === 'string') {
      links.push({ workspace: entity.workspace, from: `${rule.from}:${target}`, rel: rule.rel, to: `${entity.type}:${entity.id}` })
    }
  }
  return links
}
