/** Lifecycle presets from `lifecycle.presets`, and which preset drives which entity type. */
import { VerisimError } from '../errors.ts'
import { parseCondition } from './condition.ts'
import { DAY_MS, LONGEST_DURATION_MS, parseDuration } from './duration.ts'
import { fail, list, optionalRecord, optionalString, record, string, unique } from './read-config.ts'
import type { LifecyclePreset } from './scenario.ts'

/** Defaults a preset's conditions fall back to, by preset type (SPEC §4). */
const PRESET_DEFAULTS: Record<string, Record<string, unknown>> = {
  order_fulfillment: { inventory_available: true },
  subscription: { payment_failed_count: 0 },
}

/** The entity a preset type drives: a subscription runs on the persona (its `user` entity). */
const ENTITY_OF_PRESET_TYPE: Record<string, string> = { order_fulfillment: 'order', subscription: 'user' }

/**
 * The presets of `lifecycle` (the config's section) and the entity type each drives: the one its
 * `entity:` names, else the one MockForge's preset types imply. A preset that drives nothing, or a
 * type a preset already drives, is a warning.
 */
export function compilePresets(lifecycle: unknown, warnings: string[]): { presets: LifecyclePreset[]; entityLifecycles: Record<string, string> } {
  const presets = list(optionalRecord(lifecycle, 'lifecycle')?.presets ?? [], 'lifecycle.presets').map((raw, i) =>
    compilePreset(raw, `lifecycle.presets[${i}]`),
  )
  unique(presets, (p) => p.name, (i) => `lifecycle.presets[${i}].name`)
  const entityLifecycles: Record<string, string> = {}
  presets.forEach((preset, i) => {
    // `entity:` names the type outright; without it, the preset types MockForge knows drive theirs.
    const entity = preset.entity ?? ENTITY_OF_PRESET_TYPE[preset.type]
    if (!entity) {
      warnings.push(
        `lifecycle.presets[${i}].type: '${preset.type}' drives no entity in Verisim yet (${Object.keys(ENTITY_OF_PRESET_TYPE).join(', ')} do); ` +
          `the preset is listed, nothing runs on it: add \`entity: <type>\` to name the entity type it drives`,
      )
    } else if (entityLifecycles[entity]) {
      const what = preset.entity ? `preset for ${entity}` : `'${preset.type}' preset`
      warnings.push(`lifecycle.presets[${i}]: a second ${what}; '${entityLifecycles[entity]}' already drives ${entity} entities, so this one only runs where applied`)
    } else {
      entityLifecycles[entity] = preset.name
    }
  })
  return { presets, entityLifecycles }
}

function compilePreset(raw: unknown, path: string): LifecyclePreset {
  const preset = record(raw, path)
  const name = string(preset.name, `${path}.name`)
  const type = optionalString(preset.type, `${path}.type`) ?? name
  const states = list(preset.states, `${path}.states`).map((rawState, i) => {
    const statePath = `${path}.states[${i}]`
    const state = record(rawState, statePath)
    const transitions = list(state.transitions ?? [], `${statePath}.transitions`).map((rawT, j) => {
      const tPath = `${statePath}.transitions[${j}]`
      const t = record(rawT, tPath)
      return {
        to: string(t.to, `${tPath}.to`),
        afterMs: transitionDelay(t, tPath),
        condition: t.condition === undefined ? null : parseCondition(string(t.condition, `${tPath}.condition`), `${tPath}.condition`),
      }
    })
    return { name: string(state.name, `${statePath}.name`), transitions }
  })
  unique(states, (state) => state.name, (i) => `${path}.states[${i}].name`)
  // A state named only as a transition target is terminal (MockForge's presets list no
  // `completed` or `canceled` state of their own).
  const names = new Set(states.map((s) => s.name))
  for (const t of states.flatMap((s) => s.transitions)) {
    if (!names.has(t.to)) {
      names.add(t.to)
      states.push({ name: t.to, transitions: [] })
    }
  }
  const initial = states[0]?.name
  if (!initial) throw new VerisimError('invalid_config', `${path}.states: a preset needs at least one state`)
  return {
    name, type, initial, states, defaults: { ...PRESET_DEFAULTS[type], ...optionalRecord(preset.defaults, `${path}.defaults`) },
    entity: typeName(preset.entity, `${path}.entity`) ?? null,
    statusField: statusField(preset.status_field, `${path}.status_field`),
  }
}

/** An entity type as node ids and fact names spell it (`loan` in `loan:L1`, `loan.active`, `loan_id`). */
function typeName(value: unknown, path: string): string | undefined {
  const name = optionalString(value, path)
  if (name !== undefined && !/^[A-Za-z0-9_]+$/.test(name)) fail(path, 'an entity type: a name of letters, digits or _ (such as "loan")', name)
  return name
}

function statusField(value: unknown, path: string): string {
  const field = optionalString(value, path) ?? 'status'
  // The entity's id is its own: a lifecycle state written over it would rename the entity on the wire.
  if (field === 'id') fail(path, 'a field other than id', field)
  return field
}

function transitionDelay(t: Record<string, unknown>, path: string): number {
  if (t.after !== undefined && t.after_days !== undefined) {
    throw new VerisimError('invalid_config', `${path}: give either after (a duration such as "12h") or after_days, not both`)
  }
  if (t.after !== undefined) {
    try {
      return parseDuration(t.after, `${path}.after`)
    } catch {
      fail(`${path}.after`, 'a duration such as "12h", "1d" or "2 weeks" (a whole number and a unit)', t.after)
    }
  }
  const days = t.after_days
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) {
    throw new VerisimError('invalid_config', `${path}.after_days: expected a non-negative number, got ${JSON.stringify(days) ?? 'nothing'}`)
  }
  if (days * DAY_MS > LONGEST_DURATION_MS) {
    throw new VerisimError('invalid_config', `${path}.after_days: expected at most 3650000 days (10,000 years), got ${days}`)
  }
  return Math.round(days * DAY_MS)
}

/**
 * Where a preset stands once its unconditional zero-delay steps are taken (`new` → `active`): the
 * state of something already running when the mock meets it (a persona's subscription, a resource's
 * initial item).
 */
export function settledState(preset: LifecyclePreset): string {
  let state = preset.initial
  for (const seen = new Set<string>(); !seen.has(state); ) {
    seen.add(state)
    const next = preset.states.find((s) => s.name === state)?.transitions.find((t) => t.afterMs === 0 && t.condition === null)
    if (!next) break
    state = next.to
  }
  return state
}
