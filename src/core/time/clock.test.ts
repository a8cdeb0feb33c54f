import { describe, expect, it } from 'vitest'
import {
  advanceClock, calendarNow, disableClock, enableClock, initialClock, parseScale, parseTime,
  resetClock, sameClock, scaleClock, setClock, worldNow,
} from './clock.ts'
import { DAY_MS } from '../scenario/duration.ts'

const REAL = Date.parse('2026-03-01T12:00:00Z')
const JAN_27 = Date.parse('2025-01-27T00:00:00Z')

describe('virtual clock', () => {
  it('follows real time while disabled', () => {
    const clock = initialClock(REAL)
    expect(calendarNow(clock, REAL + 5000)).toBe(REAL + 5000)
    expect(clock.enabled).toBe(false)
  })

  it('ticks at scale 1 once enabled, unlike MockForge which freezes', () => {
    const clock = enableClock(initialClock(REAL), REAL, { time: JAN_27 })
    expect(calendarNow(clock, REAL)).toBe(JAN_27)
    expect(calendarNow(clock, REAL + 1000)).toBe(JAN_27 + 1000)
  })

  it('freezes at scale 0 and runs fast at scale 60', () => {
    const frozen = enableClock(initialClock(REAL), REAL, { time: JAN_27, scale: 0 })
    expect(calendarNow(frozen, REAL + 60_000)).toBe(JAN_27)
    const fast = scaleClock(frozen, REAL, 60)
    expect(calendarNow(fast, REAL + 1000)).toBe(JAN_27 + 60_000)
  })

  it('re-labels the calendar when set back, without moving world time back', () => {
    const clock = initialClock(REAL)
    const back = setClock(clock, REAL, JAN_27)
    expect(worldNow(back, REAL)).toBe(REAL)
    expect(calendarNow(back, REAL)).toBe(JAN_27)
  })

  it('elapses world time when advanced or set forward', () => {
    const enabled = enableClock(initialClock(REAL), REAL, { time: JAN_27, scale: 0 })
    const advanced = advanceClock(enabled, REAL, DAY_MS)
    expect(worldNow(advanced, REAL) - worldNow(enabled, REAL)).toBe(DAY_MS)
    const later = setClock(advanced, REAL, JAN_27 + 10 * DAY_MS)
    expect(worldNow(later, REAL) - worldNow(enabled, REAL)).toBe(10 * DAY_MS)
  })

  it('enables itself when advanced while disabled', () => {
    const clock = advanceClock(initialClock(REAL), REAL, DAY_MS)
    expect(clock.enabled).toBe(true)
    expect(calendarNow(clock, REAL)).toBe(REAL + DAY_MS)
  })

  it('returns to real time on reset: back by re-labelling, forward by elapsing', () => {
    const ahead = advanceClock(initialClock(REAL), REAL, 3 * DAY_MS)
    const reset = resetClock(ahead, REAL)
    expect(calendarNow(reset, REAL)).toBe(REAL)
    expect(worldNow(reset, REAL)).toBe(REAL + 3 * DAY_MS)
    expect(reset.enabled).toBe(false)

    const behind = setClock(initialClock(REAL), REAL, JAN_27)
    const disabled = disableClock(behind, REAL + 1000)
    expect(calendarNow(disabled, REAL + 1000)).toBe(REAL + 1000)
    // Jan 2025 -> real now is forward on the calendar, so those months elapse for the world.
    expect(worldNow(disabled, REAL + 1000)).toBe(REAL + 1000 + (REAL - JAN_27))
  })

  it('tells a changed clock from one that was only re-anchored', () => {
    const enabled = enableClock(initialClock(REAL), REAL, { time: JAN_27, scale: 2 })
    expect(sameClock(enabled, enableClock(enabled, REAL + 5000, {}), REAL + 5000)).toBe(true)
    expect(sameClock(initialClock(REAL), initialClock(REAL + 1000), REAL + 2000)).toBe(true)
    expect(sameClock(initialClock(REAL), disableClock(initialClock(REAL), REAL), REAL)).toBe(true)
    expect(sameClock(enabled, advanceClock(enabled, REAL, 1), REAL)).toBe(false)
    expect(sameClock(enabled, scaleClock(enabled, REAL, 3), REAL)).toBe(false)
    expect(sameClock(enabled, setClock(enabled, REAL, JAN_27 - DAY_MS), REAL)).toBe(false)
    // Reset shows real time again, but world time stays ahead: not the clock it was.
    expect(sameClock(initialClock(REAL), resetClock(advanceClock(initialClock(REAL), REAL, DAY_MS), REAL), REAL)).toBe(false)
  })

  it('rejects a bad time and a bad scale', () => {
    expect(() => parseTime('yesterday')).toThrow(/ISO 8601/)
    expect(() => parseScale(-1)).toThrow(/from 0/)
    expect(() => parseScale('2')).toThrow(/from 0/)
  })
})
