import { expect, it } from 'vitest'
import { DueIndex } from './due-index.ts'

const drain = (index: DueIndex) => {
  const keys: string[] = []
  for (let entry = index.pop(); entry; entry = index.pop()) keys.push(`${entry.key}@${entry.at}`)
  return keys
}

it('pops by instant, then by creation order', () => {
  const index = new DueIndex()
  index.set('c', 5, 3)
  index.set('a', 5, 1)
  index.set('b', 1, 2)
  index.set('d', 9, 0)
  expect(drain(index)).toEqual(['b@1', 'a@5', 'c@5', 'd@9'])
})

it('keeps only the latest instant of a key, and forgets a cleared one', () => {
  const index = new DueIndex()
  index.set('a', 10, 1)
  index.set('b', 20, 2)
  index.set('a', 30, 1)
  index.set('b', null, 2)
  expect(index.size).toBe(1)
  expect(drain(index)).toEqual(['a@30'])
})

it('orders many random entries exactly as a sort would', () => {
  const index = new DueIndex()
  const expected: Array<[number, number]> = []
  let seed = 7
  const random = () => (seed = (seed * 16807) % 2147483647) % 1000
  for (let i = 0; i < 2000; i++) {
    const at = random()
    index.set(`k${i}`, at, i)
    expected.push([at, i])
  }
  expected.sort((x, y) => x[0] - y[0] || x[1] - y[1])
  expect(drain(index)).toEqual(expected.map(([at, i]) => `k${i}@${at}`))
})
