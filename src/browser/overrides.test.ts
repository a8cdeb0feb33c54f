import { expect, it, vi } from 'vitest'
import { Overrides, type Decision, type RouteHandler } from './overrides.ts'

const context = { workspace: 'default', persona: null, virtualTime: '2025-01-27T00:00:00.000Z' }
const overrides = () => new Overrides({ mocked: (origin) => origin === 'http://localhost:3000', context: async () => context })
const get = (path: string) => new Request(`http://localhost:3000${path}`)

async function answered(decision: Decision): Promise<unknown> {
  if (decision.kind !== 'fulfill') return decision.kind
  return { status: decision.response.status, type: decision.response.headers.get('content-type'), body: await decision.response.text() }
}

it('the latest matching override decides; fulfill answers with its JSON, status and headers', async () => {
  const o = overrides()
  o.route('GET /api/products', (route) => route.fulfill({ json: ['first'] }))
  o.route('/api/products', (route) => route.fulfill({ status: 201, json: ['second'], headers: { 'X-Mine': '1' } }))
  const decision = await o.decide(get('/api/products'))
  expect(await answered(decision)).toEqual({ status: 201, type: 'application/json', body: '["second"]' })
  expect(decision.kind === 'fulfill' && decision.response.headers.get('x-mine')).toBe('1')
})

it('fallback goes to the override before, and after the first to the scenario', async () => {
  const o = overrides()
  const asked: string[] = []
  o.route('/api/*', async (route) => {
    asked.push('first')
    await route.fallback()
  })
  o.route('GET /api/products', async (route) => {
    asked.push('second')
    await route.fallback()
  })
  expect(await o.decide(get('/api/products'))).toEqual({ kind: 'fallback' })
  expect(asked).toEqual(['second', 'first'])
  o.route('/api/:anything', (route) => route.fulfill({ body: 'third', contentType: 'text/plain' }))
  expect(await answered(await o.decide(get('/api/products')))).toEqual({ status: 200, type: 'text/plain', body: 'third' })
})

it('abort is a decision of its own; a request no pattern matches is not asked about', async () => {
  const o = overrides()
  const handler = vi.fn<RouteHandler>((route) => route.abort())
  o.route('POST /api/orders', handler)
  expect(o.matches(get('/api/orders'))).toBe(false)
  expect(await o.decide(get('/api/orders'))).toEqual({ kind: 'fallback' })
  expect(handler).not.toHaveBeenCalled()
  expect(await o.decide(new Request('http://localhost:3000/api/orders', { method: 'POST', body: '{}' }))).toEqual({ kind: 'abort' })
})

it('unroute removes a pattern, or only one handler of it', async () => {
  const o = overrides()
  const a = (route: { fulfill(o: object): Promise<void> }) => route.fulfill({ body: 'a' })
  const b = (route: { fulfill(o: object): Promise<void> }) => route.fulfill({ body: 'b' })
  o.route('/api/products', a)
  o.route('/api/products', b)
  o.unroute('/api/products', b)
  expect(await answered(await o.decide(get('/api/products')))).toMatchObject({ body: 'a' })
  o.unroute('/api/products')
  expect(o.matches(get('/api/products'))).toBe(false)
})

it('the route shows the request as Playwright does: lower-cased headers, the body as text and as JSON, and its context', async () => {
  const o = overrides()
  let seen: unknown
  o.route('POST /api/orders', async (route) => {
    const request = route.request()
    seen = { method: request.method(), url: request.url(), type: request.headers()['content-type'], text: request.postData(), json: request.postDataJSON(), context: await route.context() }
    await route.fallback()
  })
  const request = new Request('http://localhost:3000/api/orders', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"quantity":2}' })
  await o.decide(request)
  expect(seen).toEqual({ method: 'POST', url: 'http://localhost:3000/api/orders', type: 'application/json', text: '{"quantity":2}', json: { quantity: 2 }, context })
  // The body is still there for whoever answers next.
  expect(await request.json()).toEqual({ quantity: 2 })
})

it('a handler that throws answers 500 saying which override failed; one that decides twice is told', async () => {
  const o = overrides()
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
  o.route('GET /api/products', () => {
    throw new Error('boom')
  })
  const failed = await answered(await o.decide(get('/api/products')))
  expect(failed).toMatchObject({ status: 500 })
  expect(JSON.parse((failed as { body: string }).body)).toEqual({
    error: 'override_failed',
    message: 'The override for GET /api/products failed: boom. Fix its handler, or call route.fallback() to leave the request to the scenario.',
  })
  o.route('GET /api/products', async (route) => {
    await route.fulfill({ body: 'once' })
    await route.fulfill({ body: 'twice' })
  })
  expect(await answered(await o.decide(get('/api/products')))).toMatchObject({ body: 'once' })
  expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('route.fulfill() for GET /api/products: the request was already handled (fulfill)'))
  warn.mockRestore()
})

it('a handler that returns without deciding leaves the request to what comes next', async () => {
  const o = overrides()
  o.route('/api/products', (route) => route.fulfill({ body: 'earlier' }))
  o.route('/api/products', () => undefined)
  expect(await answered(await o.decide(get('/api/products')))).toMatchObject({ body: 'earlier' })
})
