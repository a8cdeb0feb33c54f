import { it, expect } from 'vitest'
import { hashString, seededRandom } from './seeded-random.ts'

const draws = (seed: string, n = 20) => {
  const random = seededRandom(seed)
  return Array.from({ length: n }, () => random.next())
}

it('draws the same numbers for the same seed, and other numbers for another', () => {
  expect(draws('loan-1')).toEqual(draws('loan-1'))
  expect(draws('loan-1')).not.toEqual(draws('loan-2'))
})

it('draws numbers in [0, 1)', () => {
  const values = draws('range', 10_000)
  expect(Math.min(...values)).toBeGreaterThanOrEqual(0)
  expect(Math.max(...values)).toBeLessThan(1)
})

it('int stays within both bounds and reaches each of them', () => {
  const random = seededRandom('int')
  const seen = new Set<number>()
  for (let i = 0; i < 2000; i++) seen.add(random.int(-2, 3))
  expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3])
  expect(seededRandom('one').int(7, 7)).toBe(7)
})

it('pick returns items of the list, and refuses an empty one', () => {
  const random = seededRandom('pick')
  const list = ['a', 'b', 'c'] as const
  const picked = new Set(Array.from({ length: 200 }, () => random.pick(list)))
  expect([...picked].sort()).toEqual(['a', 'b', 'c'])
  expect(() => random.pick([])).toThrow(RangeError)
})

it('hashString is short, hex and stable, and tells nearby strings apart', () => {
  expect(hashString('customer')).toMatch(/^[0-9a-f]{14}$/)
  expect(hashString('customer')).toBe(hashString('customer'))
  expect(hashString('customer-1')).not.toBe(hashString('customer-2'))
  expect(hashString('')).toMatch(/^[0-9a-f]{14}$/)
})
