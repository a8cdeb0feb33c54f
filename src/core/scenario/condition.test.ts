import { expect, it } from 'vitest'
import { evaluateCondition, parseCondition } from './condition.ts'

it('parses numbers, booleans and strings', () => {
  expect(parseCondition('payment_failed_count > 0', 'c')).toMatchObject({ field: 'payment_failed_count', op: '>', value: 0 })
  expect(parseCondition('inventory_available == true', 'c')).toMatchObject({ op: '==', value: true })
  expect(parseCondition("tier != 'free'", 'c')).toMatchObject({ op: '!=', value: 'free' })
  expect(parseCondition('score <= -1.5', 'c')).toMatchObject({ op: '<=', value: -1.5 })
})

it('evaluates each operator', () => {
  const fields = { n: 2, ok: true, tier: 'premium' }
  expect(evaluateCondition(parseCondition('n > 1', 'c'), fields)).toBe(true)
  expect(evaluateCondition(parseCondition('n >= 3', 'c'), fields)).toBe(false)
  expect(evaluateCondition(parseCondition('n < 3', 'c'), fields)).toBe(true)
  expect(evaluateCondition(parseCondition('n <= 1', 'c'), fields)).toBe(false)
  expect(evaluateCondition(parseCondition('ok == true', 'c'), fields)).toBe(true)
  expect(evaluateCondition(parseCondition('tier != premium', 'c'), fields)).toBe(false)
})

it('treats a comparison against a missing or differently typed field as false', () => {
  expect(evaluateCondition(parseCondition('n > 0', 'c'), {})).toBe(false)
  expect(evaluateCondition(parseCondition('n > 0', 'c'), { n: '5' })).toBe(false)
})

it('names the path of a malformed condition', () => {
  expect(() => parseCondition('is shipped', 'lifecycle.presets[0].states[1].transitions[0].condition')).toThrow(
    /lifecycle\.presets\[0\]\.states\[1\]\.transitions\[0\]\.condition: expected a condition/,
  )
})
