import { badRequest } from '../errors.ts'

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const UNITS: Record<string, number> = {
  ms: 1,
  s: SECOND, sec: SECOND, secs: SECOND, second: SECOND, seconds: SECOND,
  m: MINUTE, min: MINUTE, mins: MINUTE, minute: MINUTE, minutes: MINUTE,
  h: HOUR, hr: HOUR, hrs: HOUR, hour: HOUR, hours: HOUR,
  d: DAY, day: DAY, days: DAY,
  w: 7 * DAY, week: 7 * DAY, weeks: 7 * DAY,
  month: 30 * DAY, months: 30 * DAY,
  year: 365 * DAY, years: 365 * DAY,
}

const GRAMMAR = /^\+?\s*(\d+)\s*([a-z]+)$/

/**
 * Parses durations such as `1d`, `30m`, `2 weeks`, `+90s` into milliseconds.
 * Negative or fractional amounts are refused: time only moves forward (a leading `-` is a 400,
 * where MockForge silently reads `-30m` as `+30m`).
 */
export function parseDuration(input: unknown, field = 'duration'): number {
  if (typeof input !== 'string' || input.trim() === '') {
    throw badRequest('invalid_duration', `'${field}' must be a duration such as "1d", "12h" or "30m".`, field)
  }
  const text = input.trim().toLowerCase()
  if (text.startsWith('-')) {
    throw badRequest(
      'invalid_duration',
      `'${field}' is "${input}": time only moves forward, so a duration cannot be negative. Use 'set' to pick an earlier calendar time.`,
      field,
    )
  }
  const match = GRAMMAR.exec(text)
  const unit = match && Object.hasOwn(UNITS, match[2] ?? '') ? UNITS[match[2] ?? ''] : undefined
  if (!match || unit === undefined) {
    throw badRequest(
      'invalid_duration',
      `'${field}' is "${input}", which is not a duration: use a whole number and a unit (ms, s, m, h, d, w, or words such as "2 days", "1 month").`,
      field,
    )
  }
  const ms = Number(match[1]) * unit
  if (!(ms <= LONGEST_DURATION_MS)) {
    throw badRequest('invalid_duration', `'${field}' is "${input}", longer than the 10,000 years a duration may be.`, field)
  }
  return ms
}

/** The longest duration anything waits or advances by: 10,000 years (the clock keeps twice that as room to run). */
export const LONGEST_DURATION_MS = 10_000 * 365 * DAY

export const DAY_MS = DAY
