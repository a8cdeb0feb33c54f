/** Lifecycles on the wire: an entity's next step, a persona's lifecycle, the scenario's presets. */
import type { Domain } from '../model/domain.ts'
import type { EntityRecord } from '../model/store.ts'
import { DAY_MS } from '../scenario/duration.ts'
import type { LifecyclePreset, Persona, Scenario } from '../scenario/scenario.ts'
import type {
  LifecyclesUpdatedBody, NextTransition, PersonaLifecycleBody, PersonaLifecycleSetBody, PresetAppliedBody, PresetDetails, PresetListBody,
  PresetSummary,
} from './wire-types.ts'

/** The lifecycle's own next step for the entity (Domain.nextStep), in calendar time. */
export function nextTransition(domain: Domain, entity: EntityRecord): NextTransition | null {
  const step = domain.nextStep(entity)
  return step ? { to: step.to, at: domain.iso(entity.workspace, step.at) } : null
}

/** Where a persona's own lifecycle (its subscription) stands and what it does next. */
export function personaLifecycleBody(domain: Domain, workspace: string, persona: Persona, user: EntityRecord): PersonaLifecycleBody {
  const record = user.lifecycle
  return {
    workspace,
    persona_id: persona.id,
    preset: record?.preset ?? null,
    lifecycle_state: record?.state ?? null,
    entered_at: record ? domain.iso(workspace, record.entered_at) : null,
    next_transition: nextTransition(domain, user),
    history: (record?.history ?? []).map((entry) => ({ state: entry.state, at: domain.iso(workspace, entry.at) })),
  }
}

export function personaLifecycleSetBody(workspace: string, persona: Persona, user: EntityRecord, requested: string): PersonaLifecycleSetBody {
  return { success: true, workspace, persona_id: persona.id, lifecycle_state: user.lifecycle?.state ?? requested }
}

export function lifecyclesUpdatedBody(domain: Domain, workspace: string, updated: boolean): LifecyclesUpdatedBody {
  return { success: true, workspace, updated, current_time: domain.iso(workspace, domain.worldNow(workspace)) }
}

/** Which requests a preset's states show in (MockForge's `affected_endpoints`). */
const AFFECTED: Record<string, string[]> = {
  subscription: ['billing', 'support', 'subscription'],
  order_fulfillment: ['order', 'orders', 'fulfillment', 'shipment', 'delivery'],
}

export function presetSummary(preset: LifecyclePreset): PresetSummary {
  const path = preset.states.filter((s) => s.transitions.length > 0 || preset.states.some((o) => o.transitions.some((t) => t.to === s.name)))
  return { name: preset.name, id: preset.name, type: preset.type, description: `${preset.type} lifecycle: ${path.map((s) => s.name).join(' → ')}` }
}

export function presetDetails(scenario: Scenario, preset: LifecyclePreset): PresetDetails {
  return {
    preset: presetSummary(preset),
    initial_state: preset.initial,
    entity_type: Object.entries(scenario.entityLifecycles).find(([, name]) => name === preset.name)?.[0] ?? null,
    states: preset.states.flatMap((state) => state.transitions.map((t) => ({
      from: state.name, to: t.to, after_days: t.afterMs / DAY_MS, after_ms: t.afterMs, condition: t.condition?.source ?? null,
    }))),
    state_names: preset.states.map((state) => state.name),
    defaults: preset.defaults,
    affected_endpoints: AFFECTED[preset.type] ?? [],
  }
}

export function presetListBody(presets: readonly LifecyclePreset[]): PresetListBody {
  return { presets: presets.map(presetSummary) }
}

export function presetAppliedBody(workspace: string, persona: Persona, preset: LifecyclePreset, user: EntityRecord): PresetAppliedBody {
  return { success: true, workspace, persona_id: persona.id, preset: preset.name, lifecycle_state: user.lifecycle?.state ?? null }
}
