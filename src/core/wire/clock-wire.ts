/** Time travel's answers: a workspace's clock. */
import { calendarNow, isoOf, type ClockState } from '../time/clock.ts'
import type { ClockChangeBody, ClockStatus } from './wire-types.ts'

export function clockStatus(clock: ClockState, wallNow: number): ClockStatus {
  return {
    enabled: clock.enabled,
    current_time: isoOf(calendarNow(clock, wallNow)),
    scale_factor: clock.enabled ? clock.scale : 1,
    real_time: isoOf(wallNow),
  }
}

export function clockChangeBody(status: ClockStatus): ClockChangeBody {
  return { success: true, status }
}
