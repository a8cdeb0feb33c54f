import type { EntityState } from '../core/wire/wire.ts'

export interface GraphNode {
  /** `type:id`, as the persona graph names nodes. */
  key: string
  type: string
  id: string
  label: string
  /** Its lifecycle state (an order's or a persona's status), else null. */
  state: string | null
  column: number
  row: number
  entity: EntityState
}

export interface GraphEdge {
  from: string
  to: string
  rel: string
}

export interface GraphLayout {
  columns: string[]
  nodes: GraphNode[]
  edges: GraphEdge[]
  rows: number
  /** Nodes left out: of hidden types, or past the row limit. */
  hidden: number
}

/** The persona graph's links that follow from fields (as src/core/graph-links.ts derives them). */
const LINKS: ReadonlyArray<{ type: string; field: string; from: string; rel: string }> = [
  { type: 'order', field: 'user_id', from: 'user', rel: 'has_orders' },
  { type: 'payment', field: 'order_id', from: 'order', rel: 'has_payments' },
  { type: 'notification', field: 'user_id', from: 'user', rel: 'has_notifications' },
]
const COLUMN_ORDER = ['user', 'order', 'payment', 'notification']
/** Receipts of the mock's own webhook receiver are many and unlinked; the Webhooks tab shows them. */
const HIDDEN_TYPES = new Set(['webhook_receipt'])
const byId = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })

/**
 * Lays the graph out as a tree, left to right by type (user → order → payment → notification):
 * each leaf gets a row of its own and a parent sits in the middle of its children.
 */
export function layoutGraph(entities: readonly EntityState[], maxRows = 150): GraphLayout {
  const shown = entities.filter((e) => !HIDDEN_TYPES.has(e.entity_type))
  const types = [...new Set(shown.map((e) => e.entity_type))]
  const columns = [...COLUMN_ORDER.filter((t) => types.includes(t)), ...types.filter((t) => !COLUMN_ORDER.includes(t)).sort()]
  const nodes = new Map<string, GraphNode>()
  for (const entity of [...shown].sort((a, b) => byId(a.entity_id, b.entity_id))) {
    const key = `${entity.entity_type}:${entity.entity_id}`
    const status = entity.data.status
    const name = entity.data.name
    nodes.set(key, {
      key, type: entity.entity_type, id: entity.entity_id, entity,
      label: typeof name === 'string' && name !== '' ? name : entity.entity_id,
      state: entity.entity_type === 'payment' || typeof status !== 'string' ? null : status,
      column: columns.indexOf(entity.entity_type), row: -1,
    })
  }
  const edges: GraphEdge[] = []
  const children = new Map<string, string[]>()
  const hasParent = new Set<string>()
  for (const node of nodes.values()) {
    for (const link of LINKS) {
      const target = node.entity.data[link.field]
      const parent = link.type === node.type && typeof target === 'string' ? `${link.from}:${target}` : null
      if (!parent || !nodes.has(parent)) continue
      edges.push({ from: parent, to: node.key, rel: link.rel })
      children.set(parent, [...(children.get(parent) ?? []), node.key])
      hasParent.add(node.key)
    }
  }
  let next = 0
  const place = (key: string): number => {
    const node = nodes.get(key)
    if (!node) return next
    if (node.row >= 0) return node.row
    const kids = (children.get(key) ?? []).map(place)
    node.row = kids.length === 0 ? next++ : ((kids[0] ?? 0) + (kids[kids.length - 1] ?? 0)) / 2
    return node.row
  }
  const roots = [...nodes.values()].filter((n) => !hasParent.has(n.key)).sort((a, b) => a.column - b.column || byId(a.id, b.id))
  for (const root of roots) place(root.key)
  const kept = [...nodes.values()].filter((n) => n.row < maxRows)
  const keys = new Set(kept.map((n) => n.key))
  return {
    columns,
    nodes: kept,
    edges: edges.filter((e) => keys.has(e.from) && keys.has(e.to)),
    rows: Math.min(next, maxRows),
    hidden: entities.length - kept.length,
  }
}
