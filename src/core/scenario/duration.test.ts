import { describe, expect, it } from 'vitest'
import { DAY_MS, parseDuration } from './duration.ts'
import { VerisimError } from '../errors.ts'

describe('parseDuration', () => {
  it('reads the short units', () => {
    expect(parseDuration('250ms')).toBe(250)
    expect(parseDuration('30s')).toBe(30_000)
    expect(parseDuration('30m')).toBe(1_800_000)
    expect(parseDuration('2h')).toBe(7_200_000)
    expect(parseDuration('1d')).toBe(DAY_MS)
    expect(parseDuration('1w')).toBe(7 * DAY_MS)
  })

  it('reads words, abbreviations, spaces and a leading plus', () => {
    expect(parseDuration('2 days')).toBe(2 * DAY_MS)
    expect(parseDuration('1 month')).toBe(30 * DAY_MS)
    expect(parseDuration('1 year')).toBe(365 * DAY_MS)
    expect(parseDuration('5 mins')).toBe(300_000)
    expect(parseDuration('3hrs')).toBe(3 * 3_600_000)
    expect(parseDuration('+90sec')).toBe(90_000)
    expect(parseDuration(' 1 Week ')).toBe(7 * DAY_MS)
  })

  it('refuses a negative duration instead of reading it as positive', () => {
    expect(() => parseDuration('-30m')).toThrow(/cannot be negative/)
  })

  it.each(['', 'soon', '1.5d', '1 fortnight', 'd', '1d2h', '--1d'])('refuses %j with invalid_duration', (text) => {
    expect(() => parseDuration(text)).toThrow(expect.objectContaining({ code: 'invalid_duration', status: 400 }))
    expect(() => parseDuration(text)).toThrow(VerisimError)
  })

  it('refuses a non-string', () => {
    expect(() => parseDuration(86_400_000)).toThrow(/must be a duration/)
  })
})
