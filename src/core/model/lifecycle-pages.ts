import { lifecyclePageKey, type EntityRecord, type LifecyclePageRecord, type LifecycleRecord } from './store.ts'

/**
 * Where the store keeps each lifecycle, and which pages a commit rewrites. A new entity's
 * lifecycle is written in its own record, so creating one writes one record. A lifecycle step on
 * its own rewrites the entity's page, which from then on holds that lifecycle (it is "paged"): a
 * catch-up writes a few pages, not one record per entity. A page's copy is the newer one.
 */
export class LifecyclePages {
  /** Entity keys with a lifecycle, by page. */
  readonly #members = new Map<string, Set<string>>()
  /** Entity keys whose lifecycle the store holds in their page. */
  readonly #paged = new Set<string>()
  #dirty = new Set<string>()

  /** A lifecycle read from a stored page. */
  loaded(key: string): void {
    this.#paged.add(key)
  }

  isPaged(key: string): boolean {
    return this.#paged.has(key)
  }

  /** Counts `entity` (with a lifecycle) as a member of its page. */
  index(key: string, entity: EntityRecord): void {
    const page = lifecyclePageKey(entity.workspace, entity.ordinal)
    let members = this.#members.get(page)
    if (!members) {
      members = new Set()
      this.#members.set(page, members)
    }
    members.add(key)
  }

  /**
   * Whether the entity's record is written, and with its lifecycle, after `entity` replaced
   * `before` (`queued`: the record is written by this commit already). A step alone, or any change
   * of a paged lifecycle, rewrites the page instead: an order created and moved on at once is
   * still one record.
   */
  changed(key: string, entity: EntityRecord, before: EntityRecord | undefined, queued: boolean): { record: boolean; inline: boolean } {
    const paged = this.#paged.has(key)
    const record = !before || before.data !== entity.data || (queued && !paged)
    if (entity.lifecycle && entity.lifecycle !== before?.lifecycle && (paged || !record)) this.#dirty.add(lifecyclePageKey(entity.workspace, entity.ordinal))
    return { record, inline: !paged }
  }

  removed(key: string, entity: EntityRecord): void {
    const page = lifecyclePageKey(entity.workspace, entity.ordinal)
    this.#members.get(page)?.delete(key)
    if (this.#paged.delete(key)) this.#dirty.add(page)
  }

  clearWorkspace(prefix: string): void {
    for (const key of this.#members.keys()) if (key.startsWith(prefix)) this.#members.delete(key)
    for (const set of [this.#dirty, this.#paged]) for (const key of set) if (key.startsWith(prefix)) set.delete(key)
  }

  /** The pages the next take rewrites. */
  dirtyPages(): string[] {
    return [...this.#dirty]
  }

  /**
   * The pages to rewrite, each with every member's lifecycle now; their members are paged from
   * then on. `stored`: a page as stored, while members not read yet keep their stored lifecycles
   * (a member whose lifecycle is in its own record and not read stays there).
   */
  take(entityAt: (key: string) => EntityRecord | undefined, stored?: (page: string) => Record<string, LifecycleRecord> | undefined): LifecyclePageRecord[] {
    const pages: LifecyclePageRecord[] = []
    for (const page of this.#dirty) {
      const lifecycles: Record<string, LifecycleRecord> = { ...stored?.(page) }
      for (const key of this.#members.get(page) ?? []) {
        const lifecycle = entityAt(key)?.lifecycle
        if (!lifecycle) continue
        lifecycles[key] = lifecycle
        this.#paged.add(key)
      }
      pages.push({ key: page, lifecycles })
    }
    this.#dirty = new Set()
    return pages
  }
}
