import { badRequest } from '../errors.ts'

/**
 * A workspace's virtual clock, as plain data so it can be persisted.
 *
 * Two time lines are kept apart. *World time* is what lifecycles run on: it never goes back.
 * The *calendar* is what the outside sees (`current_time`, every timestamp on the wire): it is
 * world time plus `labelOffset`. Moving the calendar forward elapses world time; moving it back
 * only re-labels it, so nothing that happened un-happens.
 */
/** World-time milliseconds. Every stored instant is one. */
export type WorldTime = number

export interface ClockState {
  readonly enabled: boolean
  /** Virtual milliseconds per wallNow millisecond while enabled (0 = frozen). */
  readonly scale: number
  readonly worldAnchor: number
  /** Wall time (ms) at which worldAnchor held; stored under this name. */
  readonly realAnchor: number
  readonly labelOffset: number
}

/** The last instant a JavaScript Date can hold (+275760-09-13); the first is its negative. */
export const LAST_INSTANT = 8.64e15

/**
 * The latest time a clock may be set or advanced to: 20,000 years before the last instant, room
 * for any delay still to run after it (a scenario's durations are at most 10,000 years, see
 * scenario/duration.ts). World time stops there rather than run past what a Date can hold.
 */
export const LATEST_TIME = LAST_INSTANT - 20_000 * 365 * 86_400_000

/** An instant as ISO 8601, clamped to what a Date can hold: a timestamp never fails to print. */
export function isoOf(ms: number): string {
  return new Date(Math.min(LAST_INSTANT, Math.max(-LAST_INSTANT, ms))).toISOString()
}

export function initialClock(wallNow: number): ClockState {
  return { enabled: false, scale: 1, worldAnchor: wallNow, realAnchor: wallNow, labelOffset: 0 }
}

export function worldNow(clock: ClockState, wallNow: number): number {
  // A fast clock left running stops at the latest time instead of running out of dates.
  return Math.min(LATEST_TIME, clock.worldAnchor + Math.max(0, wallNow - clock.realAnchor) * rateOf(clock))
}

/** World milliseconds per wall millisecond. */
function rateOf(clock: ClockState): number {
  return clock.enabled ? clock.scale : 1
}

/**
 * Whether two clocks tell the same time from `wallNow` on: same mode, rate, world time and
 * calendar. Their anchors may differ (enabling an enabled clock re-anchors it, changing nothing).
 */
export function sameClock(a: ClockState, b: ClockState, wallNow: number): boolean {
  return a.enabled === b.enabled && rateOf(a) === rateOf(b) && a.labelOffset === b.labelOffset && worldNow(a, wallNow) === worldNow(b, wallNow)
}

export function calendarNow(clock: ClockState, wallNow: number): number {
  return worldNow(clock, wallNow) + clock.labelOffset
}

export function toCalendar(clock: ClockState, world: number): number {
  return world + clock.labelOffset
}

/** Points the calendar at `target`: forward elapses world time, backward re-labels it. */
function moveCalendarTo(clock: ClockState, wallNow: number, target: number, changes: Partial<ClockState>): ClockState {
  const world = worldNow(clock, wallNow)
  const calendar = world + clock.labelOffset
  const elapsed = Math.max(0, target - calendar)
  const nextWorld = world + elapsed
  if (nextWorld > LATEST_TIME) {
    throw badRequest('time_out_of_range', `That would run the clock past ${isoOf(LATEST_TIME + clock.labelOffset)}, the latest time it can run from with room for what is still to come (reset it, or go less far).`)
  }
  return {
    ...clock,
    ...changes,
    worldAnchor: nextWorld,
    realAnchor: wallNow,
    labelOffset: target - nextWorld,
  }
}

export function enableClock(clock: ClockState, wallNow: number, options: { time?: number; scale?: number }): ClockState {
  const target = options.time ?? calendarNow(clock, wallNow)
  const scale = options.scale ?? (clock.enabled ? clock.scale : 1)
  return moveCalendarTo(clock, wallNow, target, { enabled: true, scale })
}

export function advanceClock(clock: ClockState, wallNow: number, durationMs: number): ClockState {
  return enableClock(clock, wallNow, { time: calendarNow(clock, wallNow) + durationMs })
}

export function setClock(clock: ClockState, wallNow: number, time: number): ClockState {
  return enableClock(clock, wallNow, { time })
}

export function scaleClock(clock: ClockState, wallNow: number, scale: number): ClockState {
  return enableClock(clock, wallNow, { scale })
}

/** Back to wallNow time; the calendar moves to `wallNow` the same way `set` would. */
export function disableClock(clock: ClockState, wallNow: number): ClockState {
  return moveCalendarTo(clock, wallNow, wallNow, { enabled: false })
}

export function resetClock(clock: ClockState, wallNow: number): ClockState {
  return moveCalendarTo(clock, wallNow, wallNow, { enabled: false, scale: 1 })
}

export function parseTime(input: unknown, field = 'time'): number {
  const time = typeof input === 'string' ? Date.parse(input) : Number.NaN
  if (!Number.isFinite(time)) {
    throw badRequest('invalid_time', `'${field}' must be an ISO 8601 date-time such as "2025-01-27T00:00:00Z"; got ${JSON.stringify(input)}.`, field)
  }
  if (Math.abs(time) > LATEST_TIME) {
    throw badRequest('time_out_of_range', `'${field}' must be between ${isoOf(-LATEST_TIME)} and ${isoOf(LATEST_TIME)}, leaving the clock room to run; got ${JSON.stringify(input)}.`, field)
  }
  return time
}

export function parseScale(input: unknown, field = 'scale'): number {
  if (typeof input !== 'number' || !Number.isFinite(input) || input < 0 || input > 1_000_000) {
    throw badRequest('invalid_scale', `'${field}' must be a number from 0 (frozen) to 1000000; got ${JSON.stringify(input)}.`, field)
  }
  return input
}
