import { describe, expect, it } from 'vitest'
import { mergeBodies, type MergeStrategy } from './reality-merge.ts'

const STRATEGIES: MergeStrategy[] = ['field_level', 'weighted', 'body_blend']

const mockProducts = () => ({
  items: [
    { id: 'prod-123', name: 'Mock Widget', price: 10, stock: 5 },
    { id: 'P-2', name: 'Mock Gadget', price: 20, stock: 3, tags: ['new'] },
  ],
  total: 2,
  page: 1,
})

const realProducts = () => ({
  items: [
    { id: 'P-1', name: 'Desk Lamp', price: 30 },
    { id: 'P-2', name: 'Gadget', price: 25, currency: 'EUR' },
  ],
  total: 2,
  next: null,
})

/** A pick that answers from a table (0.99 elsewhere) and records the paths it was asked about. */
function tablePick(table: Record<string, number>) {
  const asked: string[] = []
  const pick = (path: string) => {
    asked.push(path)
    return table[path] ?? 0.99
  }
  return { pick, asked }
}

const never = () => 0.99

describe('field_level', () => {
  it('matches products by id: real items in order, each completed by the mock, then the mock-only items', () => {
    expect(mergeBodies('field_level', mockProducts(), realProducts(), 0.3, never)).toEqual({
      items: [
        { id: 'P-1', name: 'Desk Lamp', price: 30 },
        { id: 'P-2', name: 'Gadget', price: 25, currency: 'EUR', stock: 3, tags: ['new'] },
        { id: 'prod-123', name: 'Mock Widget', price: 10, stock: 5 },
      ],
      total: 2,
      page: 1,
      next: null,
    })
  })

  it('merges nested objects key by key, real values and type mismatches winning', () => {
    const mock = { user: { name: 'Ada', address: { city: 'Paris', zip: '75001' }, plan: { tier: 'pro' } } }
    const real = { user: { name: 'Grace', address: { city: 'Berlin' }, plan: 'free', verified: true } }
    expect(mergeBodies('field_level', mock, real, 0, never)).toEqual({
      user: { name: 'Grace', address: { city: 'Berlin', zip: '75001' }, plan: 'free', verified: true },
    })
  })

  it('takes arrays without ids from reality as they are', () => {
    const mock = { tags: ['a', 'b', 'c'], rows: [{ n: 1 }, { n: 2 }], mixed: [{ id: 1 }, { name: 'no id' }] }
    const real = { tags: ['x'], rows: [{ m: 9 }], mixed: [{ id: 2 }] }
    expect(mergeBodies('field_level', mock, real, 1, never)).toEqual({ tags: ['x'], rows: [{ m: 9 }], mixed: [{ id: 2 }] })
  })

  it('does not depend on the ratio', () => {
    const at = (ratio: number) => mergeBodies('field_level', mockProducts(), realProducts(), ratio, never)
    expect(at(0)).toEqual(at(1))
  })
})

describe('weighted', () => {
  it('draws each leaf of a matched item by its id path, whatever its position', () => {
    const { pick, asked } = tablePick({ 'items[id=P-2].name': 0.1, total: 0.2, 'items[id=P-2].price': 0.8 })
    expect(mergeBodies('weighted', mockProducts(), realProducts(), 0.5, pick)).toEqual({
      items: [
        { id: 'P-1', name: 'Desk Lamp', price: 30 },
        { id: 'P-2', name: 'Gadget', price: 20, stock: 3, tags: ['new'], currency: 'EUR' },
        { id: 'prod-123', name: 'Mock Widget', price: 10, stock: 5 },
      ],
      total: 2,
      page: 1,
      next: null,
    })
    expect(asked.sort()).toEqual(['items[id=P-2].id', 'items[id=P-2].name', 'items[id=P-2].price', 'total'])

    const reordered = realProducts()
    reordered.items.reverse()
    const again = tablePick({ 'items[id=P-2].name': 0.1, 'items[id=P-2].price': 0.8 })
    const merged = mergeBodies('weighted', mockProducts(), reordered, 0.5, again.pick) as ReturnType<typeof realProducts>
    expect(merged.items[0]).toEqual({ id: 'P-2', name: 'Gadget', price: 20, stock: 3, tags: ['new'], currency: 'EUR' })
    expect(again.asked.sort()).toEqual(asked)
  })

  it('walks nested objects and arrays without ids index by index, keeping the longer one’s extra items', () => {
    const mock = { user: { name: 'Ada', plan: { tier: 'pro' } }, scores: [1, 2, 3], flags: [{ on: false }] }
    const real = { user: { name: 'Grace', plan: 'free' }, scores: [7, 8], flags: [{ on: true }, { on: true }] }
    const { pick, asked } = tablePick({ 'user.plan': 0.3, 'scores[1]': 0.1, 'flags[0].on': 0.2 })
    expect(mergeBodies('weighted', mock, real, 0.4, pick)).toEqual({
      user: { name: 'Ada', plan: 'free' },
      scores: [1, 8, 3],
      flags: [{ on: true }, { on: true }],
    })
    expect(asked.sort()).toEqual(['flags[0].on', 'scores[0]', 'scores[1]', 'user.name', 'user.plan'])
  })

  it('names the path of a primitive body as the empty string', () => {
    const { pick, asked } = tablePick({ '': 0.2 })
    expect(mergeBodies('weighted', 'mock', 'real', 0.5, pick)).toBe('real')
    expect(asked).toEqual([''])
  })

  it('keeps every shared leaf of the mock at ratio 0 and of reality at ratio 1; one-sided keys stay', () => {
    expect(mergeBodies('weighted', mockProducts(), realProducts(), 0, () => 0)).toEqual({
      items: [
        { id: 'P-1', name: 'Desk Lamp', price: 30 },
        { id: 'P-2', name: 'Mock Gadget', price: 20, stock: 3, tags: ['new'], currency: 'EUR' },
        { id: 'prod-123', name: 'Mock Widget', price: 10, stock: 5 },
      ],
      total: 2,
      page: 1,
      next: null,
    })
    expect(mergeBodies('weighted', mockProducts(), realProducts(), 1, () => 0.999)).toEqual(
      mergeBodies('field_level', mockProducts(), realProducts(), 1, never),
    )
  })
})

describe('body_blend', () => {
  it('averages numbers by the ratio, rounding when both are integers', () => {
    const mock = { count: 10, price: 9.5, rate: 0.25 }
    const real = { count: 15, price: 12.5, rate: 0.75 }
    const merged = mergeBodies('body_blend', mock, real, 0.5, never) as typeof mock
    expect(merged.count).toBe(13)
    expect(merged.price).toBeCloseTo(11)
    expect(merged.rate).toBeCloseTo(0.5)
    expect(mergeBodies('body_blend', 10, 20, 0.3, never)).toBe(13)
    expect(mergeBodies('body_blend', 10, 20.5, 0.3, never)).toBeCloseTo(13.15)
  })

  it('takes other leaves and type mismatches from reality from ratio 0.5 on', () => {
    const mock = { name: 'Mock', active: false, meta: { a: 1 }, note: null }
    const real = { name: 'Real', active: true, meta: 'none', note: 'set' }
    expect(mergeBodies('body_blend', mock, real, 0.49, never)).toEqual(mock)
    expect(mergeBodies('body_blend', mock, real, 0.5, never)).toEqual(real)
  })

  it('blends nested objects and arrays index by index, keeping one-sided keys and the longer array’s extras', () => {
    const merged = mergeBodies('body_blend', mockProducts(), realProducts(), 0.5, never)
    expect(merged).toEqual({
      items: [
        { id: 'P-1', name: 'Desk Lamp', price: 20, stock: 5 },
        { id: 'P-2', name: 'Gadget', price: 23, stock: 3, tags: ['new'], currency: 'EUR' },
      ],
      total: 2,
      page: 1,
      next: null,
    })
    expect(mergeBodies('body_blend', { xs: [1, 2, 3] }, { xs: [3] }, 0.5, never)).toEqual({ xs: [2, 2, 3] })
  })

  it('is the mock at ratio 0 and reality at ratio 1 wherever both sides have a value', () => {
    const mock = { a: 1, b: 'm', c: [1.5, 2], d: { e: 4 } }
    const real = { a: 3, b: 'r', c: [2.5, 7, 9], f: true }
    expect(mergeBodies('body_blend', mock, real, 0, never)).toEqual({ a: 1, b: 'm', c: [1.5, 2, 9], d: { e: 4 }, f: true })
    expect(mergeBodies('body_blend', mock, real, 1, never)).toEqual({ a: 3, b: 'r', c: [2.5, 7, 9], d: { e: 4 }, f: true })
  })
})

describe('every strategy', () => {
  /** Freezes a value deeply, so that any write to it throws. */
  function frozen<T>(value: T): T {
    if (typeof value === 'object' && value !== null) {
      for (const inner of Object.values(value)) frozen(inner)
      Object.freeze(value)
    }
    return value
  }

  it.each(STRATEGIES)('%s leaves its inputs unchanged and shares nothing with them', (strategy) => {
    const mock = frozen(mockProducts())
    const real = frozen(realProducts())
    const merged = mergeBodies(strategy, mock, real, 0.5, () => 0.4) as ReturnType<typeof mockProducts>
    expect(mock).toEqual(mockProducts())
    expect(real).toEqual(realProducts())
    expect(Object.isFrozen(merged)).toBe(false)
    for (const item of merged.items) {
      expect(Object.isFrozen(item)).toBe(false)
      expect([...mock.items, ...real.items]).not.toContain(item)
    }
  })

  it.each(STRATEGIES)('%s keeps a `__proto__` key as data, never as the result’s prototype', (strategy) => {
    const real = JSON.parse('{"__proto__": {"admin": true}, "name": "x", "items": [{"id": 1, "__proto__": {"admin": true}}]}')
    const mock = JSON.parse('{"name": "y", "items": [{"id": 1, "__proto__": {"role": "guest"}}]}')
    const merged = mergeBodies(strategy, mock, real, 1, () => 0) as Record<string, unknown> & { items: object[] }
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(merged.items[0])).toBe(Object.prototype)
    expect(merged.admin).toBeUndefined()
    expect(Object.hasOwn(merged, '__proto__')).toBe(true)
    expect(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value).toEqual({ admin: true })
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
  })

  it.each(STRATEGIES)('%s merges bodies 100 levels deep', (strategy) => {
    const nest = (leaf: number) => {
      let body: unknown = leaf
      for (let level = 0; level < 100; level++) body = { next: body }
      return body
    }
    expect(mergeBodies(strategy, nest(1), nest(3), 1, () => 0)).toEqual(nest(3))
  })
})
