import type { LifecyclePreset, Scenario, TransitionSpec } from '../core/scenario/scenario.ts'

// What the shop shows of a lifecycle comes from the scenario's presets, so a scenario with other
// steps gets a timeline with its own steps.

export interface Step {
  name: string
  /** Wait after entering the previous step (0 for the first); null when the scenario does not say. */
  after: number | null
  condition: string | null
}

const DEFAULT_ORDER_STEPS = ['pending', 'processing', 'shipped', 'delivered', 'completed']

export function presetOf(scenario: Scenario, entity: 'order' | 'user'): LifecyclePreset | undefined {
  const name = scenario.entityLifecycles[entity]
  return scenario.presets.find((preset) => preset.name === name)
}

/** The happy path: from the initial state along each state's first transition. */
export function mainPath(preset: LifecyclePreset): Step[] {
  const steps: Step[] = [{ name: preset.initial, after: 0, condition: null }]
  const seen = new Set([preset.initial])
  let state = preset.states.find((s) => s.name === preset.initial)
  while (state) {
    const next = state.transitions[0]
    if (!next || seen.has(next.to)) break
    steps.push({ name: next.to, after: next.afterMs, condition: next.condition?.source ?? null })
    seen.add(next.to)
    state = preset.states.find((s) => s.name === next.to)
  }
  return steps
}

/** An order's timeline; a scenario whose orders have no lifecycle keeps the usual steps. */
export function orderSteps(scenario: Scenario): Step[] {
  const preset = presetOf(scenario, 'order')
  return preset ? mainPath(preset) : DEFAULT_ORDER_STEPS.map((name) => ({ name, after: null, condition: null }))
}

/** Where a lifecycle in `state` may go next. */
export function exitsOf(preset: LifecyclePreset | undefined, state: string | null): TransitionSpec[] {
  return preset?.states.find((s) => s.name === state)?.transitions ?? []
}
