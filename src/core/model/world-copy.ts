import { entityKey, lifecyclePageKey, type LifecyclePageRecord, type StoreOp } from './store.ts'
import type { World } from './world.ts'

/**
 * The writes that put everything `world` holds into an empty store, for a memory store that takes
 * over from one lost while running: the world already holds every change, the one whose write
 * failed included. Relationships implied by fields are written too (a reload derives them again
 * and keeps one of each); finished deliveries older than what memory keeps are history and gone.
 * A world still loading copies what it has read: what it has not is lost with the store.
 */
export function copyOf(world: World): StoreOp[] {
  const ops: StoreOp[] = world.workspaces().map((ws) => ({ table: 'workspaces', put: ws }))
  for (const [workspace, at] of world.dueRecords()) ops.push({ table: 'dues', put: { workspace, at } })
  const pages = new Map<string, LifecyclePageRecord>()
  for (const entity of world.readEntities()) {
    const { lifecycle, ...fields } = entity
    // Each lifecycle where the world will write it next: in its page, or in its entity's record.
    const paged = lifecycle && world.lifecyclePaged(entity)
    ops.push({ table: 'entities', put: paged ? fields : entity })
    if (!paged) continue
    const key = lifecyclePageKey(entity.workspace, entity.ordinal)
    let page = pages.get(key)
    if (!page) {
      page = { key, lifecycles: {} }
      pages.set(key, page)
    }
    page.lifecycles[entityKey(entity.workspace, entity.type, entity.id)] = lifecycle
  }
  for (const page of pages.values()) ops.push({ table: 'lifecycles', put: page })
  for (const edge of world.allEdges(true)) ops.push({ table: 'edges', put: edge })
  for (const delivery of world.deliveries()) ops.push({ table: 'deliveries', put: delivery })
  return ops
}
