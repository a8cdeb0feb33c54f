import type { LinkRule } from '../scenario/scenario.ts'
import { initialClock, type ClockState, type WorldTime } from '../time/clock.ts'
import { DeliveryBook } from './delivery-book.ts'
import { EdgeIndex, push } from './edge-index.ts'
import { EntityTable } from './entity-table.ts'
import { NotLoaded } from './not-loaded.ts'
import {
  entityKey, keyOf, type DeliveryRecord, type EdgeRecord, type EntityRecord, type StoreHead, type StoreOp, type StoreSnapshot, type Tables,
  type TableName, type WorkspaceRecord,
} from './store.ts'
import { belongsTo, linkRule, Unread } from './world-parts.ts'

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
 *
 * A world made from the store's head (`World.fromHead`) holds only what decides the next answer
 * until it is built anew from everything: a read it cannot answer yet throws NotLoaded.
 */
export class World {
  /** The scenario's link rules, by the entity type they link. */
  readonly #rules = new Map<string, LinkRule[]>()
  readonly #workspaces = new Map<string, WorkspaceRecord>()
  readonly #edges = new EdgeIndex()
  readonly #table = new EntityTable(this.#edges, (type) => this.#rules.get(type) ?? [])
  readonly #pages = this.#table.pages
  readonly #deliveries = new DeliveryBook()
  readonly #dues = new Map<string, WorldTime | null>()
  /** What is not read yet; null once everything is. */
  #unread: Unread | null = null
  #ops = new Map<string, StoreOp>()
  #ordinal = 0

  /**
   * `links`: the scenario's rules for the relationships entities' fields imply (graph-links.ts).
   * `createdAfter`: entities above this ordinal were created after the rest was stored, and are
   * linked after the stored relationships, as in the world that created them.
   */
  constructor(links: readonly LinkRule[], snapshot?: StoreSnapshot, createdAfter = Infinity) {
    for (const rule of links) push(this.#rules, rule.type, linkRule(rule))
    if (!snapshot) return
    for (const ws of snapshot.workspaces) this.#workspaces.set(ws.id, ws)
    for (const due of snapshot.dues) this.#dues.set(due.workspace, due.at)
    this.#table.load(snapshot, createdAfter)
    this.#deliveries.load(snapshot.deliveries, snapshot.delivery_log)
    // A loop, not Math.max(...): a spread of 100,000 arguments overflows the stack.
    for (const entity of snapshot.entities) this.#ordinal = Math.max(this.#ordinal, entity.ordinal)
    for (const delivery of snapshot.deliveries) this.#ordinal = Math.max(this.#ordinal, delivery.ordinal)
    for (const log of snapshot.delivery_log) for (const delivery of log.deliveries) this.#ordinal = Math.max(this.#ordinal, delivery.ordinal)
  }

  /** A world of the head that reads entities as asked (NotLoaded); `storedUpTo`: the head's first ordinal. */
  static fromHead(links: readonly LinkRule[], head: StoreHead, storedUpTo = head.ordinal): World {
    const world = new World(links, { ...head, entities: [], lifecycles: [], edges: [] })
    world.#unread = new Unread(storedUpTo, world.#table, world.#edges)
    world.#ordinal = Math.max(world.#ordinal, head.ordinal)
    return world
  }

  /** Whether everything stored has been read. */
  get complete(): boolean {
    return this.#unread === null
  }

  /** Calls `observer` for every entity read so far, and for each one stored or read from now on. */
  observe(observer: (entity: EntityRecord) => void): void {
    this.#table.observer = observer
    for (const entity of this.#table.values()) observer(entity)
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

  /** When the workspace's next lifecycle step comes due at the earliest, as stored (undefined: no record, see DueRecord). */
  due(workspace: string): WorldTime | null | undefined {
    return this.#dues.get(workspace)
  }

  putDue(workspace: string, at: WorldTime | null): void {
    this.#dues.set(workspace, at)
    this.#queue('dues', { workspace, at })
  }

  /** Every workspace with a due record. */
  dueRecords(): ReadonlyMap<string, WorldTime | null> {
    return this.#dues
  }

  // Reading while loading

  /** What is not read yet, to add what is read (see PartialReads); null once the world is complete. */
  get loading(): Unread | null {
    return this.#unread
  }

  /** Pages a commit rewrites that were not read yet: takeOps needs them (see LifecyclePages.take). */
  unreadPages(): string[] {
    const unread = this.#unread
    return unread ? this.#pages.dirtyPages().filter((key) => !unread.pages.has(key)) : []
  }

  /** Whether changes are queued that takeOps has not taken. */
  get changed(): boolean {
    return this.#ops.size > 0 || this.#pages.dirtyPages().length > 0
  }

  // Entities

  entity(workspace: string, type: string, id: string): EntityRecord | undefined {
    return this.entityAt(entityKey(workspace, type, id))
  }

  /** The entity stored under a key made by `entityKey`. */
  entityAt(key: string): EntityRecord | undefined {
    const entity = this.#table.get(key)
    if (entity || !this.#unread || this.#unread.absent.has(key)) return entity
    throw new NotLoaded({ keys: [key] })
  }

  /** Every entity of every workspace. */
  allEntities(): IterableIterator<EntityRecord> {
    this.whole()
    return this.#table.values()
  }

  /** The entities read so far (all of them once the world is complete). */
  readEntities(): IterableIterator<EntityRecord> {
    return this.#table.values()
  }

  entities(workspace: string, type?: string): EntityRecord[] {
    this.whole()
    if (type) return this.#table.ofType(workspace, type)
    return [...this.#table.values()].filter((e) => e.workspace === workspace)
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
    const before = this.#table.get(key)
    this.#unread?.changing(before, entity)
    this.#table.index(entity)
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
    this.whole()
    const key = entityKey(entity.workspace, entity.type, entity.id)
    if (!this.#table.delete(key, entity)) return
    for (const edgeKey of this.#edges.dropNode(entity.workspace, nodeId(entity.type, entity.id))) {
      this.#ops.set(`edges\u0000${edgeKey}`, { table: 'edges', delete: edgeKey })
    }
    this.#ops.set(`entities\u0000${key}`, { table: 'entities', delete: key })
  }

  // Relationships

  /** Stores a relationship that no entity field implies (see graph-links.ts for those that are). */
  relate(workspace: string, from: string, rel: string, to: string): void {
    this.whole()
    const edge = { workspace, from, rel, to }
    if (this.#edges.link(edge)) this.#queue('edges', edge)
  }

  /** Every relationship, stored or implied by an entity's fields; `read`: those read so far, while loading. */
  allEdges(read = false): EdgeRecord[] {
    if (!read) this.whole()
    return this.#edges.all()
  }

  /** Nodes `from` points at through `rel`, in the order they were linked. */
  related(workspace: string, from: string, rel: string): string[] {
    const unread = this.#unread
    if (unread && (unread.diverged || !unread.linked.has(`${workspace}\u0000${from}`))) throw new NotLoaded(unread.diverged ? 'all' : { links: [workspace, from] })
    return this.#edges.from(workspace, from).filter((e) => e.rel === rel).map((e) => e.to)
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

  /** Forgets all of a workspace (entities, links, lifecycles, deliveries unless kept, clock, persona) and queues its removal. */
  clearWorkspace(workspace: string, keepDeliveries = false): void {
    this.whole()
    const prefix = `${workspace}\u0000`
    this.#workspaces.delete(workspace)
    this.#dues.delete(workspace)
    this.#edges.clearWorkspace(prefix)
    this.#table.clearWorkspace(prefix)
    if (!keepDeliveries) this.#deliveries.forget(workspace)
    // An op's key starts with its table's name: `deliver…` are the deliveries' and their logs'.
    for (const [key, op] of this.#ops) if (belongsTo(op, workspace) && !(keepDeliveries && key.startsWith('deliver'))) this.#ops.delete(key)
    this.#ops.set(`clear\u0000${workspace}`, keepDeliveries ? { clearWorkspace: workspace, keepDeliveries: true } : { clearWorkspace: workspace })
  }

  // Unit of work

  /** The queued changes, at most one per record (its latest state); the queue is emptied. */
  takeOps(): StoreOp[] {
    const stored = this.#unread?.pages
    for (const page of this.#pages.take((key) => this.#table.get(key), stored && ((key) => stored.get(key)?.lifecycles))) {
      stored?.set(page.key, page)
      this.#queue('lifecycles', page)
    }
    const ops = this.#deliveries.compact([...this.#ops.values()])
    this.#ops = new Map()
    return ops
  }

  /** Throws NotLoaded until everything stored is read (a change with effects outside the world checks first). */
  whole(): void {
    if (this.#unread) throw new NotLoaded('all')
  }

  #queue<T extends TableName>(table: T, record: Tables[T]): void {
    const key = `${table}\u0000${keyOf(table, record)}`
    this.#ops.set(key, { table, put: record } as StoreOp)
  }
}
