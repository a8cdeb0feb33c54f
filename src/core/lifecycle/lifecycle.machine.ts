import { setup, type AnyStateMachine } from 'xstate'
import { evaluateCondition } from '../scenario/condition.ts'
import type { LifecyclePreset, TransitionSpec } from '../scenario/scenario.ts'

/**
 * The event the engine sends when virtual time has passed: `elapsedMs` in the current state,
 * and the fields that conditions read. XState timers are not used: the engine owns time.
 */
export interface ElapsedEvent {
  type: 'elapsed'
  elapsedMs: number
  fields: Readonly<Record<string, unknown>>
}

/**
 * Compiles a lifecycle preset to an XState v5 machine. Each state's transitions are guarded by
 * `due`: enough time in the state, and the condition holds. They are ordered by delay, so when
 * several are due the earliest one wins.
 */
export function compileLifecycleMachine(preset: LifecyclePreset): AnyStateMachine {
  const states = Object.fromEntries(
    preset.states.map((state) => [
      state.name,
      {
        on: {
          elapsed: byDelay(state.transitions).map((transition) => ({
            target: transition.to,
            guard: { type: 'due' as const, params: { transition } },
          })),
        },
      },
    ]),
  )
  return setup({
    types: { events: {} as ElapsedEvent },
    guards: {
      due: ({ event }, params: { transition: TransitionSpec }) => isDue(params.transition, event.elapsedMs, event.fields),
    },
  }).createMachine({ id: preset.name, initial: preset.initial, states })
}

export function isDue(transition: TransitionSpec, elapsedMs: number, fields: Readonly<Record<string, unknown>>): boolean {
  return elapsedMs >= transition.afterMs && (transition.condition === null || evaluateCondition(transition.condition, fields))
}

export function byDelay(transitions: readonly TransitionSpec[]): TransitionSpec[] {
  return [...transitions].sort((a, b) => a.afterMs - b.afterMs)
}
