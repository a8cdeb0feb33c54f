import type { Domain } from '../model/domain.ts'
import { worldNow } from '../time/clock.ts'
import type { Scheduler } from '../time/scheduler.ts'

/** Longest single timer; a later due time is reached by re-arming. */
const MAX_TIMER_MS = 60 * 60 * 1000

/**
 * Wakes the leading engine when the next lifecycle step of any workspace falls due, so steps
 * happen in time without a request. Without a scheduler, steps wait for the next request or tick.
 */
export class LifecycleTimer {
  #cancel: (() => void) | null = null

  constructor(
    private readonly scheduler: Scheduler | undefined,
    private readonly wake: () => void,
  ) {}

  /** Arms the timer for the earliest step due in `domain` (replacing the one armed before). */
  arm(domain: Domain, wallNow: number): void {
    this.cancel()
    if (!this.scheduler) return
    const delay = untilNextStep(domain, wallNow)
    if (delay !== null) this.#cancel = this.scheduler.schedule(Math.min(Math.ceil(delay), MAX_TIMER_MS), this.wake)
  }

  cancel(): void {
    this.#cancel?.()
    this.#cancel = null
  }
}

/** Real milliseconds until a lifecycle step falls due, each workspace at its clock's rate; null when none will. */
export function untilNextStep(domain: Domain, wallNow: number): number | null {
  let delay = Number.POSITIVE_INFINITY
  for (const workspace of domain.dueWorkspaces()) {
    const due = domain.nextDue(workspace)
    const { clock } = domain.workspace(workspace)
    const rate = clock.enabled ? clock.scale : 1
    if (due === null || rate === 0) continue
    delay = Math.min(delay, Math.max(0, (due - worldNow(clock, wallNow)) / rate))
  }
  return delay === Number.POSITIVE_INFINITY ? null : delay
}
