import type { LinkRule } from '../scenario/scenario.ts'
import { initialClock, type ClockState } from '../time/clock.ts'
import { DeliveryBook } from './delivery-book.ts'
import { derivedLinks } from './graph-links.ts'
import { LifecyclePages } from './lifecycle-pages.ts'
import {
  entityKey, keyOf, type DeliveryRecord, type LifecycleRecord, type EdgeRecord, type EntityRecord, type StoreOp, type StoreSnapshot,
  type Tables, type TableName, type WorkspaceRecord,
} from './store.ts'

/** Node id of an entity in the persona graph: `type:id`. */
export const nodeId = (type: string, id: string): string => `${type}:${id}`

export function parseNodeId(node: string): { type: string; id: string } {
  const at = node.indexOf(':')
  return { type: node.slice(0, at), id: node.slice(at + 1) }
}

/**
 * The in-memory working set of every workspace: entities, the relationships between them,
 * the webhook outbox. Every change is also queued as a store operation; the engine writes the
 * queue in one transaction (`takeOps`) before it answers or emits anything.
 */
export class World {
  readonly #workspaces = new Map<string, WorkspaceRecord>()
  readonly #entities = new Map<string, EntityRecord>()
  readonly #byType = new Map<string, Map<string, EntityRecord>>()
  readonly #out = new Map<string, EdgeRecord[]>()
  readonly #edgeKeys = new Set<string>()
  readonly #deliveries = new DeliveryBook()
  readonly #pages = new LifecyclePages()
  #ops = new Map<string, StoreOp>()
  #ordinal = 0
  #observer: ((entity: EntityRecord) => void) | null = null
  /** The scenario's link rules, by the entity type they link. */
  readonly #rules = new Map<string, LinkRule[]>()

  /** `links`: the scenario's rules for the relationships entities' fields imply (graph-links.ts). */
  constructor(links: readonly LinkRule[], snapshot?: StoreSnapshot) {
    for (const rule of links) push(this.#rules, rule.type, rule)
    if (!snapshot) return
    for (const ws of snapshot.workspaces) this.#workspaces.set(ws.id, ws)
    const lifecycles = new Map<string, LifecycleRecord>()
    for (const page of snapshot.lifecycles) for (const key in page.lifecycles) lifecycles.set(key, page.lifecycles[key]!)
    for (const stored of [...snapshot.entities].sort((a, b) => a.ordinal - b.ordinal)) {
      const key = entityKey(stored.workspace, stored.type, stored.id)
      const paged = lifecycles.get(key)
      if (paged) this.#pages.loaded(key)
      this.#index(paged ? { ...stored, lifecycle: paged } : stored)
    }
    for (const edge of snapshot.edges) if (!this.#edgeKeys.has(keyOf('edges', edge))) this.#link(edge)
    this.#deliveries.load(snapshot.deliveries, snapshot.delivery_log)
    // A loop, not Math.max(...): a spread of 100,000 arguments overflows the stack.
    for (const entity of snapshot.entities) this.#ordinal = Math.max(this.#ordinal, entity.ordinal)
    for (const delivery of snapshot.deliveries) this.#ordinal = Math.max(this.#ordinal, delivery.ordinal)
    for (const log of snapshot.delivery_log) for (const delivery of log.deliveries) this.#ordinal = Math.max(this.#ordinal, delivery.ordinal)
  }

  /** Calls `observer` for every entity now and whenever one is stored from now on. */
  observe(observer: (entity: EntityRecord) => void): void {
    this.#observer = observer
    for (const entity of this.#entities.values()) observer(entity)
  }

  // Workspaces

  /**
   * The workspace's record. One that nothing has changed yet is a fresh record that is not stored:
   * reading a workspace never writes; the first change (putWorkspace) stores it.
   */
  workspace(id: string, wallNow: number): WorkspaceRecord {
    return this.#workspaces.get(id) ?? { id, clock: initialClock(wallNow), persona_id: null, seq: {} }
  }

  workspaces(): WorkspaceRecord[] {
    return [...this.#workspaces.values()]
  }

  putWorkspace(ws: WorkspaceRecord): void {
    this.#workspaces.set(ws.id, ws)
    this.#queue('workspaces', ws)
  }

  setClock(ws: WorkspaceRecord, clock: ClockState): WorkspaceRecord {
    const next = { ...ws, clock }
    this.putWorkspace(next)
    return next
  }

  /** Next number of a per-workspace sequence, e.g. order numbers. */
  nextSeq(ws: WorkspaceRecord, name: string, start: number): number {
    const value = (ws.seq[name] ?? start - 1) + 1
    this.putWorkspace({ ...ws, seq: { ...ws.seq, [name]: value } })
    return value
  }

  // Entities

  entity(workspace: string, type: string, id: string): EntityRecord | undefined {
    return this.#entities.get(entityKey(workspace, type, id))
  }

  /** The entity stored under a key made by `entityKey`. */
  entityAt(key: string): EntityRecord | undefined {
    return this.#entities.get(key)
  }

  /** Every entity of every workspace. */
  allEntities(): IterableIterator<EntityRecord> {
    return this.#entities.values()
  }

  entities(workspace: string, type?: string): EntityRecord[] {
    if (type) return [...(this.#byType.get(`${workspace}\u0000${type}`)?.values() ?? [])]
    return [...this.#entities.values()].filter((e) => e.workspace === workspace)
  }

  createEntity(fields: Omit<EntityRecord, 'ordinal'>): EntityRecord {
    const entity: EntityRecord = { ...fields, ordinal: ++this.#ordinal }
    this.putEntity(entity)
    return entity
  }

  /**
   * Stores an entity; only what changed is written (by reference: entities are replaced, never
   * mutated). Its lifecycle goes in its record or in its page (lifecycle-pages.ts).
   */
  putEntity(entity: EntityRecord): void {
    const key = entityKey(entity.workspace, entity.type, entity.id)
    const before = this.#entities.get(key)
    this.#index(entity)
    const { record, inline } = this.#pages.changed(key, entity, before, this.#ops.has(`entities\u0000${key}`))
    const { lifecycle: _lifecycle, ...fields } = entity
    if (record) this.#queue('entities', inline ? entity : fields)
  }

  /** Whether the store holds the entity's lifecycle in its lifecycle page (else in the entity's record). */
  lifecyclePaged(entity: EntityRecord): boolean {
    return this.#pages.isPaged(entityKey(entity.workspace, entity.type, entity.id))
  }

  /** Forgets an entity (a spec resource's DELETE): its record, its lifecycle and every link to or from it. */
  removeEntity(entity: EntityRecord): void {
    const key = entityKey(entity.workspace, entity.type, entity.id)
    if (!this.#entities.delete(key)) return
    this.#byType.get(`${entity.workspace}\u0000${entity.type}`)?.delete(entity.id)
    this.#pages.removed(key, entity)
    const node = nodeId(entity.type, entity.id)
    for (const [from, edges] of this.#out) {
      if (!from.startsWith(`${entity.workspace}\u0000`)) continue
      const kept = edges.filter((edge) => edge.from !== node && edge.to !== node)
      for (const edge of edges) {
        if (kept.includes(edge)) continue
        const edgeKey = keyOf('edges', edge)
        this.#edgeKeys.delete(edgeKey)
        this.#ops.set(`edges\u0000${edgeKey}`, { table: 'edges', delete: edgeKey })
      }
      if (kept.length === 0) this.#out.delete(from)
      else if (kept.length !== edges.length) this.#out.set(from, kept)
    }
    this.#ops.set(`entities\u0000${key}`, { table: 'entities', delete: key })
  }

  // Relationships

  /** Stores a relationship that no entity field implies (see graph-links.ts for those that are). */
  relate(workspace: string, from: string, rel: string, to: string): void {
    const edge = { workspace, from, rel, to }
    if (this.#edgeKeys.has(keyOf('edges', edge))) return
    this.#link(edge)
    this.#queue('edges', edge)
  }

  /** Every relationship, stored or implied by an entity's fields. */
  allEdges(): EdgeRecord[] {
    return [...this.#out.values()].flat()
  }

  /** Nodes `from` points at through `rel`, in the order they were linked. */
  related(workspace: string, from: string, rel: string): string[] {
    return (this.#out.get(`${workspace}\u0000${from}`) ?? []).filter((e) => e.rel === rel).map((e) => e.to)
  }

  // Webhook outbox

  delivery(id: string): DeliveryRecord | undefined {
    return this.#deliveries.get(id)
  }

  /** Deliveries in memory, oldest first: every pending one and the most recent finished ones. */
  deliveries(workspace?: string): DeliveryRecord[] {
    return this.#deliveries.list(workspace)
  }

  /** Every delivery the workspace ever had, including those no longer in memory. */
  deliveryTotal(workspace: string): number {
    return this.#workspaces.get(workspace)?.seq.delivery ?? 0
  }

  createDelivery(fields: Omit<DeliveryRecord, 'ordinal'>): DeliveryRecord {
    const delivery: DeliveryRecord = { ...fields, ordinal: ++this.#ordinal }
    this.#deliveries.created(delivery)
    this.#queue('deliveries', delivery)
    return delivery
  }

  putDelivery(delivery: DeliveryRecord): void {
    this.#deliveries.updated(delivery)
    this.#queue('deliveries', delivery)
  }

  /**
   * Forgets everything of a workspace (entities, links, lifecycles, deliveries, clock, persona)
   * and queues its removal from the store; what the unit of work had queued for it is dropped.
   */
  clearWorkspace(workspace: string): void {
    const prefix = `${workspace}\u0000`
    this.#workspaces.delete(workspace)
    for (const map of [this.#entities, this.#byType, this.#out]) {
      for (const key of map.keys()) if (key.startsWith(prefix)) map.delete(key)
    }
    this.#pages.clearWorkspace(prefix)
    for (const key of this.#edgeKeys) if (key.startsWith(prefix)) this.#edgeKeys.delete(key)
    this.#deliveries.forget(workspace)
    for (const [key, op] of this.#ops) if (belongsTo(op, workspace)) this.#ops.delete(key)
    this.#ops.set(`clear\u0000${workspace}`, { clearWorkspace: workspace })
  }

  // Unit of work

  /** The queued changes, at most one per record (its latest state); the queue is emptied. */
  takeOps(): StoreOp[] {
    for (const page of this.#pages.take((key) => this.#entities.get(key))) this.#queue('lifecycles', page)
    const ops = this.#deliveries.compact([...this.#ops.values()])
    this.#ops = new Map()
    return ops
  }

  #queue<T extends TableName>(table: T, record: Tables[T]): void {
    const key = `${table}\u0000${keyOf(table, record)}`
    this.#ops.set(key, { table, put: record } as StoreOp)
  }

  #index(entity: EntityRecord): void {
    const key = entityKey(entity.workspace, entity.type, entity.id)
    this.#entities.set(key, entity)
    if (entity.lifecycle) this.#pages.index(key, entity)
    for (const link of derivedLinks(entity, this.#rules.get(entity.type) ?? [])) if (!this.#edgeKeys.has(keyOf('edges', link))) this.#link(link)
    this.#observer?.(entity)
    const typeKey = `${entity.workspace}\u0000${entity.type}`
    let byId = this.#byType.get(typeKey)
    if (!byId) {
      byId = new Map()
      this.#byType.set(typeKey, byId)
    }
    byId.set(entity.id, entity)
  }

  #link(edge: EdgeRecord): void {
    this.#edgeKeys.add(keyOf('edges', edge))
    push(this.#out, `${edge.workspace}\u0000${edge.from}`, edge)
  }
}

function belongsTo(op: StoreOp, workspace: string): boolean {
  if ('clearWorkspace' in op) return op.clearWorkspace === workspace
  if ('delete' in op) return op.table === 'workspaces' ? op.delete === workspace : op.delete.startsWith(`${workspace}\u0000`)
  switch (op.table) {
    case 'workspaces':
      return op.put.id === workspace
    case 'lifecycles':
      return op.put.key.startsWith(`${workspace}\u0000`)
    default:
      return op.put.workspace === workspace
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
