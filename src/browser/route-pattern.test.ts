import { expect, it } from 'vitest'
import { compilePattern, deserializePattern, samePattern, serializePattern } from './route-pattern.ts'

const MOCKED = new Set(['http://localhost:5173', 'http://localhost:3000'])
const mocked = (origin: string) => MOCKED.has(origin)
const matches = (pattern: string | RegExp, method: string, url: string) => compilePattern(pattern).matches(method, new URL(url), mocked)

it('a method and a path match that method on every mocked origin, the query aside', () => {
  expect(matches('GET /api/products', 'GET', 'http://localhost:3000/api/products?category=books')).toBe(true)
  expect(matches('GET /api/products', 'GET', 'http://localhost:5173/api/products')).toBe(true)
  expect(matches('get /api/products', 'GET', 'http://localhost:5173/api/products/')).toBe(true)
  expect(matches('GET /api/products', 'POST', 'http://localhost:3000/api/products')).toBe(false)
  expect(matches('GET /api/products', 'GET', 'http://localhost:3000/api/products/prod-1')).toBe(false)
  expect(matches('GET /api/products', 'GET', 'https://elsewhere.test/api/products')).toBe(false)
})

it('a bare path matches any method; :param is one segment, * anything', () => {
  expect(matches('/api/orders', 'POST', 'http://localhost:3000/api/orders')).toBe(true)
  expect(matches('/api/orders/:id', 'GET', 'http://localhost:3000/api/orders/ORD-1')).toBe(true)
  expect(matches('/api/orders/:id', 'GET', 'http://localhost:3000/api/orders/ORD-1/items')).toBe(false)
  expect(matches('/api/*', 'DELETE', 'http://localhost:3000/api/orders/ORD-1/items')).toBe(true)
  expect(matches('/api/orders.json', 'GET', 'http://localhost:3000/api/ordersXjson')).toBe(false)
})

it('a full URL matches only its origin, with or without a method', () => {
  expect(matches('https://elsewhere.test/v1/:thing', 'GET', 'https://elsewhere.test/v1/a?x=1')).toBe(true)
  expect(matches('https://elsewhere.test/v1/:thing', 'GET', 'http://localhost:3000/v1/a')).toBe(false)
  expect(matches('POST http://localhost:3000/api/*', 'POST', 'http://localhost:3000/api/orders')).toBe(true)
  expect(matches('POST http://localhost:3000/api/*', 'GET', 'http://localhost:3000/api/orders')).toBe(false)
})

it('a RegExp is tested against the full URL, query included, on any origin', () => {
  expect(matches(/\/api\/orders\/ORD-\d+$/, 'GET', 'https://elsewhere.test/api/orders/ORD-7')).toBe(true)
  expect(matches(/category=books/, 'GET', 'http://localhost:3000/api/products?category=books')).toBe(true)
  // A global RegExp keeps no state between requests.
  const global = /products/g
  expect([1, 2, 3].map(() => matches(global, 'GET', 'http://localhost:3000/api/products'))).toEqual([true, true, true])
})

it('a string that is neither a path nor a URL is refused with what to write', () => {
  expect(() => compilePattern('api/products')).toThrow("write a path ('/api/products/:id')")
})

it('patterns survive serialization; the same pattern is the same by value', () => {
  expect(deserializePattern(serializePattern(/a\/b/i))).toEqual(/a\/b/i)
  expect(deserializePattern(serializePattern('GET /x'))).toBe('GET /x')
  expect(samePattern(/a/i, /a/i)).toBe(true)
  expect(samePattern(/a/i, /a/)).toBe(false)
  expect(samePattern('/a', /\/a/)).toBe(false)
})
