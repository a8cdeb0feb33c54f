import { evaluateCondition } from '../core/scenario/condition.ts'
import type { LifecyclePreset } from '../core/scenario/scenario.ts'

/** An entity as `GET /api/v1/consistency/state` shows it (MockForge's `EntityState`). */
export interface EntityState {
  entity_type: string
  entity_id: string
  data: Record<string, unknown>
  created_at: string
  /** When it entered its current lifecycle state (else when it was created). */
  updated_at: string
}

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
 * The next lifecycle step of each entity, soonest first: from its preset, its state and when it
 * entered it. The first transition (by delay) whose condition holds is the one taken, as in the
 * engine; a condition that only becomes true later is not foreseen.
 */
export function upcomingTransitions(entities: Iterable<EntityState>, presetOf: (entity: EntityState) => LifecyclePreset | undefined): Upcoming[] {
  const found: Upcoming[] = []
  for (const entity of entities) {
    const preset = presetOf(entity)
    const state = entity.data.status
    if (!preset || typeof state !== 'string') continue
    const enteredAt = Date.parse(entity.updated_at)
    const transitions = [...(preset.states.find((s) => s.name === state)?.transitions ?? [])].sort((a, b) => a.afterMs - b.afterMs)
    const fields = { ...preset.defaults, ...entity.data }
    const next = transitions.find((t) => t.condition === null || evaluateCondition(t.condition, fields))
    if (!next || Number.isNaN(enteredAt)) continue
    found.push({
      node: `${entity.entity_type}:${entity.entity_id}`, type: entity.entity_type, id: entity.entity_id, from: state, to: next.to, dueAt: enteredAt + next.afterMs,
    })
  }
  return found.sort((a, b) => a.dueAt - b.dueAt || a.node.localeCompare(b.node))
}
