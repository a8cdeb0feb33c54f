import type { Scenario } from '../core/scenario/scenario.ts'
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

/** What the layout reads of the scenario: its link rules, and which field shows each type's lifecycle state. */
export type GraphRules = Pick<Scenario, 'links' | 'presets' | 'entityLifecycles'>

const COLUMN_ORDER = ['user', 'order', 'payment', 'notification']
/** Receipts of the mock's own webhook receiver are many and unlinked; the Webhooks tab shows them. */
const HIDDEN_TYPES = new Set(['webhook_receipt'])
const byId = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true })

/** The field each type shows its lifecycle state in (`status` unless its preset's `status_field:` names another). */
function statusFields(rules: GraphRules): Map<string, string> {
  const fields = new Map<string, string>()
  for (const [type, name] of Object.entries(rules.entityLifecycles)) {
    const preset = rules.presets.find((p) => p.name === name)
    if (preset) fields.set(type, preset.statusField)
  }
  return fields
}

/** How many links a type is from a root (a type no rule links to a parent); a cycle counts once. */
function depthOf(type: string, rules: GraphRules, seen = new Set<string>()): number {
  if (seen.has(type)) return 0
  seen.add(type)
  const parents = rules.links.filter((link) => link.type === type).map((link) => depthOf(link.from, rules, new Set(seen)) + 1)
  return Math.max(0, ...parents)
}

/**
 * Lays the graph out as a tree, left to right by type (user → order → payment → notification, then
 * the scenario's other types, parents before the types their link rules hang under them): each
 * leaf gets a row of its own and a parent sits in the middle of its children. Links are the
 * scenario's rules (as the engine derives them from entities' fields).
 */
export function layoutGraph(entities: readonly EntityState[], rules: GraphRules, maxRows = 150): GraphLayout {
  const shown = entities.filter((e) => !HIDDEN_TYPES.has(e.entity_type))
  const types = [...new Set(shown.map((e) => e.entity_type))]
  const others = types.filter((t) => !COLUMN_ORDER.includes(t)).map((t) => ({ t, depth: depthOf(t, rules) }))
  others.sort((a, b) => a.depth - b.depth || a.t.localeCompare(b.t))
  const columns = [...COLUMN_ORDER.filter((t) => types.includes(t)), ...others.map((o) => o.t)]
  const fields = statusFields(rules)
  const nodes = new Map<string, GraphNode>()
  for (const entity of [...shown].sort((a, b) => byId(a.entity_id, b.entity_id))) {
    const key = `${entity.entity_type}:${entity.entity_id}`
    const status = entity.data[fields.get(entity.entity_type) ?? 'status']
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
    for (const link of rules.links) {
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
