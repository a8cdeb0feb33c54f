import type { LinkRule } from '../scenario/scenario.ts'
import type { EdgeIndex } from './edge-index.ts'
import { derivedLinks } from './graph-links.ts'
import { LifecyclePages } from './lifecycle-pages.ts'
import { entityKey, type EntityRecord, type LifecycleRecord, type StoreSnapshot } from './store.ts'

/**
 * A world's entities by key and by type, where the store keeps their lifecycles (pages), and the
 * relationships their fields imply, kept in the world's edge index.
 */
export class EntityTable {
  readonly #entities = new Map<string, EntityRecord>()
  readonly #byType = new Map<string, Map<string, EntityRecord>>()
  readonly pages = new LifecyclePages()
  observer: ((entity: EntityRecord) => void) | null = null

  constructor(
    private readonly edges: EdgeIndex,
    readonly rules: (type: string) => readonly LinkRule[],
  ) {}

  /**
   * Indexes a snapshot's entities, ordinal by ordinal, and its stored edges after those up to
   * `createdAfter` (entities above it were created after the rest was stored, as a world that
   * created them linked them).
   */
  load(snapshot: StoreSnapshot, createdAfter: number): void {
    const lifecycles = new Map<string, LifecycleRecord>()
    for (const page of snapshot.lifecycles) for (const key in page.lifecycles) lifecycles.set(key, page.lifecycles[key]!)
    const entities = [...snapshot.entities].sort((a, b) => a.ordinal - b.ordinal)
    let i = 0
    for (; i < entities.length && entities[i]!.ordinal <= createdAfter; i++) this.adopt(entities[i]!, lifecycles)
    for (const edge of snapshot.edges) this.edges.link(edge)
    for (; i < entities.length; i++) this.adopt(entities[i]!, lifecycles)
  }

  /** An entity as stored, with its lifecycle from its page when the page holds it; `read` as for index. */
  adopt(stored: EntityRecord, paged: ReadonlyMap<string, LifecycleRecord>, read = false): void {
    const key = entityKey(stored.workspace, stored.type, stored.id)
    const lifecycle = paged.get(key)
    if (lifecycle) this.pages.loaded(key)
    this.index(lifecycle ? { ...stored, lifecycle } : stored, read)
  }

  get(key: string): EntityRecord | undefined {
    return this.#entities.get(key)
  }

  values(): IterableIterator<EntityRecord> {
    return this.#entities.values()
  }

  ofType(workspace: string, type: string): EntityRecord[] {
    return [...(this.#byType.get(`${workspace}\u0000${type}`)?.values() ?? [])]
  }

  /** `read`: read from the store while the world is loading; its links are read with its nodes' (World.related). */
  index(entity: EntityRecord, read = false): void {
    const key = entityKey(entity.workspace, entity.type, entity.id)
    this.#entities.set(key, entity)
    if (entity.lifecycle) this.pages.index(key, entity)
    if (!read) for (const link of derivedLinks(entity, this.rules(entity.type))) this.edges.link(link)
    this.observer?.(entity)
    const typeKey = `${entity.workspace}\u0000${entity.type}`
    let byId = this.#byType.get(typeKey)
    if (!byId) {
      byId = new Map()
      this.#byType.set(typeKey, byId)
    }
    byId.set(entity.id, entity)
  }

  /** Forgets an entity; whether it was there. */
  delete(key: string, entity: EntityRecord): boolean {
    if (!this.#entities.delete(key)) return false
    this.#byType.get(`${entity.workspace}\u0000${entity.type}`)?.delete(entity.id)
    this.pages.removed(key, entity)
    return true
  }

  clearWorkspace(prefix: string): void {
    for (const map of [this.#entities, this.#byType]) {
      for (const key of map.keys()) if (key.startsWith(prefix)) map.delete(key)
    }
    this.pages.clearWorkspace(prefix)
  }
}
