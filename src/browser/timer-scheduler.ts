import type { Scheduler } from '../core/engine/engine.ts'

export const timerScheduler: Scheduler = {
  schedule(delayMs, task) {
    const handle = setTimeout(task, delayMs)
    return () => clearTimeout(handle)
  },
}
