import type { EntityState } from '../core/wire/wire.ts'

export interface Upcoming {
  node: string
  type: string
  id: string
  from: string
  to: string
  /** Virtual instant (ms) the step comes due. */
  dueAt: number
}

/**
 * The next lifecycle step of each entity, soonest first, as the mock announces it
 * (`next_transition`): the panel lists what the engine will do, it does not work it out.
 */
export function upcomingTransitions(entities: Iterable<EntityState>): Upcoming[] {
  const found: Upcoming[] = []
  for (const entity of entities) {
    const next = entity.next_transition
    const dueAt = next ? Date.parse(next.at) : Number.NaN
    if (!next || Number.isNaN(dueAt)) continue
    found.push({
      node: `${entity.entity_type}:${entity.entity_id}`, type: entity.entity_type, id: entity.entity_id, from: entity.data.status ?? '', to: next.to, dueAt,
    })
  }
  return found.sort((a, b) => a.dueAt - b.dueAt || a.node.localeCompare(b.node))
}
