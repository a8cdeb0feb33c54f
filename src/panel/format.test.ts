import { describe, expect, it } from 'vitest'
import { formatIn, formatInstant, formatSpan, stateColour } from './format.ts'

const H = 3_600_000
const D = 24 * H

describe('formatSpan', () => {
  it('shows the two largest units', () => {
    expect(formatSpan(23 * H + 59 * 60_000 + 30_000)).toBe('23h 59m')
    expect(formatSpan(2 * D + 23 * H + 59 * 60_000)).toBe('2d 23h')
    expect(formatSpan(90_000)).toBe('1m 30s')
  })

  it('stops at a zero unit rather than skipping it', () => {
    expect(formatSpan(3 * D)).toBe('3d')
    expect(formatSpan(D + 5 * 60_000)).toBe('1d')
    expect(formatSpan(H + 1_000)).toBe('1h')
  })

  it('says <1s below a second, never a negative', () => {
    expect(formatSpan(999)).toBe('<1s')
    expect(formatSpan(-5_000)).toBe('<1s')
  })
})

it('formatIn says due now once the instant has passed', () => {
  expect(formatIn(23 * H)).toBe('in 23h')
  expect(formatIn(0)).toBe('due now')
  expect(formatIn(-H)).toBe('due now')
})

it('formatInstant shows UTC to the second', () => {
  expect(formatInstant(Date.parse('2025-01-28T00:00:05.250Z'))).toBe('2025-01-28 00:00:05')
  expect(formatInstant(Number.NaN)).toBe('—')
})

it('stateColour is fixed for known states and stable for invented ones', () => {
  expect(stateColour('shipped')).toBe('#58a6ff')
  expect(stateColour('processing')).not.toBe(stateColour('shipped'))
  expect(stateColour('on_hold')).toBe(stateColour('on_hold'))
  expect(stateColour('on_hold')).toMatch(/^hsl\(\d+ 60% 62%\)$/)
  expect(stateColour(null)).toBe('#3b4252')
})
