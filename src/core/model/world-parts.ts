import type { LinkRule } from '../scenario/scenario.ts'
import type { EdgeIndex } from './edge-index.ts'
import type { EntityTable } from './entity-table.ts'
import { derivedLinks } from './graph-links.ts'
import { entityKey, isLinkField, lifecyclePageKey, type EdgeRecord, type EntityRecord, type LifecyclePageRecord, type LifecycleRecord, type StoreOp } from './store.ts'

/**
 * What a world started from the store's head (StoreHead) knows it has not read yet, until the rest
 * is read: it answers by-key reads of what it has read or knows to be absent, and links from nodes
 * whose links it has read. The world it becomes is built anew from everything (World's constructor).
 */
export class Unread {
  /** Entity keys the store was asked for and does not hold. */
  readonly absent = new Set<string>()
  /** `workspace\0node`: nodes whose links the store was asked for (World.related). */
  readonly linked = new Set<string>()
  /** Lifecycle pages as stored (null: none), for a commit that rewrites one with members not read. */
  readonly pages = new Map<string, LifecyclePageRecord | null>()
  /**
   * A relationship was stored or an entity read from the store changed what it links to: the
   * order of links read later would no longer be the one a full load gives, so links wait for it.
   */
  diverged = false

  /** `ordinal`: the highest one stored at the head; entities above it were created since. */
  constructor(
    readonly ordinal: number,
    private readonly table: EntityTable,
    private readonly edges: EdgeIndex,
  ) {}

  /** Before `entity` replaces `before`: an entity whose fields now imply other links diverges. */
  changing(before: EntityRecord | undefined, entity: EntityRecord): void {
    if (!before || before.data === entity.data) return
    const rules = this.table.rules(entity.type)
    if (!sameLinks(derivedLinks(before, rules), derivedLinks(entity, rules))) this.diverged = true
  }

  read(keys: readonly string[], entities: ReadonlyArray<EntityRecord | undefined>, pages: ReadonlyArray<LifecyclePageRecord | undefined>): void {
    this.#pagesRead(pages)
    keys.forEach((key, i) => {
      if (!entities[i]) this.absent.add(key)
    })
    for (const entity of entities) if (entity) this.#adopt(entity)
  }

  readLinks(workspace: string, node: string, entities: readonly EntityRecord[], edges: readonly EdgeRecord[], pages: ReadonlyArray<LifecyclePageRecord | undefined>): void {
    if (this.linked.has(`${workspace}\u0000${node}`)) return
    this.#pagesRead(pages)
    for (const entity of entities) this.#adopt(entity)
    // As a full load orders them: links of entities stored before the head by ordinal, stored
    // edges, then those of entities made since (in the order made, as ordinals go).
    const linksOf = (list: readonly EntityRecord[]) =>
      [...list].sort((a, b) => a.ordinal - b.ordinal).flatMap((e) => derivedLinks(e, this.table.rules(e.type)).filter((link) => link.from === node))
    const before = linksOf(entities.filter((e) => e.ordinal <= this.ordinal))
    const since = linksOf(entities.filter((e) => e.ordinal > this.ordinal))
    this.edges.prepend(workspace, node, [...before, ...edges, ...since])
    this.linked.add(`${workspace}\u0000${node}`)
  }

  /** Pages read by key (undefined: none stored). */
  readPages(keys: readonly string[], pages: ReadonlyArray<LifecyclePageRecord | undefined>): void {
    keys.forEach((key, i) => this.pages.set(key, pages[i] ?? null))
  }

  #pagesRead(pages: ReadonlyArray<LifecyclePageRecord | undefined>): void {
    for (const page of pages) if (page) this.pages.set(page.key, page)
  }

  /** An entity read from the store, unless the world has it already. */
  #adopt(stored: EntityRecord): void {
    const key = entityKey(stored.workspace, stored.type, stored.id)
    if (this.table.get(key)) return
    this.absent.delete(key)
    const page = this.pages.get(lifecyclePageKey(stored.workspace, stored.ordinal))?.lifecycles
    this.table.adopt(stored, new Map(page && Object.hasOwn(page, key) ? [[key, page[key] as LifecycleRecord]] : []), true)
  }
}

/** Whether `op` writes or removes a record of `workspace`. */
export function belongsTo(op: StoreOp, workspace: string): boolean {
  if ('clearWorkspace' in op) return op.clearWorkspace === workspace
  if ('delete' in op) return op.table === 'workspaces' || op.table === 'dues' ? op.delete === workspace : op.delete.startsWith(`${workspace}\u0000`)
  switch (op.table) {
    case 'workspaces':
      return op.put.id === workspace
    case 'lifecycles':
      return op.put.key.startsWith(`${workspace}\u0000`)
    default:
      return op.put.workspace === workspace
  }
}

/** The same links, compared by value. */
export function sameLinks(a: readonly EdgeRecord[], b: readonly EdgeRecord[]): boolean {
  return a.length === b.length && a.every((edge, i) => edge.from === b[i]?.from && edge.rel === b[i]?.rel && edge.to === b[i]?.to)
}

/**
 * A link rule as the world keeps it: on a link field (isLinkField). A store finds the entities
 * linked from a node by those fields alone, so a rule on another field would go unseen there.
 */
export function linkRule(rule: LinkRule): LinkRule {
  if (!isLinkField(rule.field)) throw new Error(`A link rule on '${rule.type}.${rule.field}': only <type>_id fields may link entities`)
  return rule
}
