import { transition, type AnyStateMachine } from 'xstate'
import { byDelay, compileLifecycleMachine, isDue, type ElapsedEvent } from './lifecycle.machine.ts'
import type { LifecyclePreset, TransitionSpec } from '../scenario/scenario.ts'
import type { WorldTime } from '../time/clock.ts'

/** Where an entity's lifecycle stands: its preset, its state, and every state it entered. */
export interface LifecycleRecord {
  preset: string
  state: string
  entered_at: WorldTime
  history: Array<{ state: string; at: WorldTime }>
}

export interface LifecycleStep {
  from: string
  to: string
  at: WorldTime
}

/** Hosts one preset's machine: the engine asks it what happens next, and when. */
export class Lifecycle {
  readonly #machine: AnyStateMachine
  readonly #preset: LifecyclePreset
  readonly #byState: Map<string, TransitionSpec[]>
  readonly #decided = new Map<string, string>()

  constructor(preset: LifecyclePreset) {
    this.#preset = preset
    this.#machine = compileLifecycleMachine(preset)
    this.#byState = new Map(preset.states.map((state) => [state.name, byDelay(state.transitions)]))
  }

  get name(): string {
    return this.#preset.name
  }

  /** A new record in the preset's first state, or in `state` (a persona configured to start `active`). */
  start(at: WorldTime, state: string = this.#preset.initial): LifecycleRecord {
    return { preset: this.#preset.name, state, entered_at: at, history: [{ state, at }] }
  }

  get states(): readonly string[] {
    return this.#preset.states.map((state) => state.name)
  }

  fields(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
    return { ...this.#preset.defaults, ...data }
  }

  /**
   * When the record's next step comes due, if one will (read from the preset: cheap, no machine).
   * `changedAt` is when the entity's fields last changed: a condition that became true then
   * cannot have fired before, so its step is due no earlier.
   */
  nextDue(record: LifecycleRecord, data: Readonly<Record<string, unknown>>, changedAt = Number.NEGATIVE_INFINITY): WorldTime | null {
    const due = this.#dueTransition(record, this.fields(data))
    return due ? Math.max(record.entered_at + due.afterMs, changedAt) : null
  }

  /** The transition the record takes next if time runs on, stamped with the instant it comes due. */
  nextStep(record: LifecycleRecord, data: Readonly<Record<string, unknown>>, changedAt = Number.NEGATIVE_INFINITY): LifecycleStep | null {
    const fields = this.fields(data)
    const due = this.#dueTransition(record, fields)
    if (!due) return null
    // The machine's choice depends only on the state and which transition is due (the earlier ones
    // in delay order are not, or they would be due): ask it once per pair, then remember.
    const key = `${record.state}\u0000${due.to}\u0000${due.afterMs}`
    let to = this.#decided.get(key)
    if (to === undefined) {
      const event: ElapsedEvent = { type: 'elapsed', elapsedMs: due.afterMs, fields }
      const [next] = transition(this.#machine, this.#machine.resolveState({ value: record.state, context: {} }), event)
      to = String(next.value)
      this.#decided.set(key, to)
    }
    return to === record.state ? null : { from: record.state, to, at: Math.max(record.entered_at + due.afterMs, changedAt) }
  }

  #dueTransition(record: LifecycleRecord, fields: Readonly<Record<string, unknown>>) {
    const transitions = this.#byState.get(record.state) ?? []
    return transitions.find((t) => isDue(t, t.afterMs, fields))
  }

  /** Every step from the record's state up to `until`, in order; the record is not changed. */
  stepsUntil(record: LifecycleRecord, data: Readonly<Record<string, unknown>>, until: WorldTime): LifecycleStep[] {
    const steps: LifecycleStep[] = []
    let current = record
    // A preset cannot loop forever at one instant: a cycle of zero-delay steps is cut at the state count.
    const limit = this.#preset.states.length * 64
    for (let step = this.nextStep(current, data); step && step.at <= until && steps.length < limit; step = this.nextStep(current, data)) {
      steps.push(step)
      current = apply(current, step)
    }
    return steps
  }
}

export function apply(record: LifecycleRecord, step: LifecycleStep): LifecycleRecord {
  return { ...record, state: step.to, entered_at: step.at, history: [...record.history, { state: step.to, at: step.at }] }
}

/** When the record entered `state` last, if it ever did. */
export function enteredAt(record: LifecycleRecord | undefined, state: string): WorldTime | undefined {
  if (!record) return undefined
  for (let i = record.history.length - 1; i >= 0; i--) {
    const entry = record.history[i]
    if (entry?.state === state) return entry.at
  }
  return undefined
}
