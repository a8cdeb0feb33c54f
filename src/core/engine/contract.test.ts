import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { DEMO_FOLDER, testEngine } from '../../testing/test-engine.ts'
import type { ContractViolation } from './events.ts'

const BILLING_FOLDER = fileURLToPath(new URL('../../../scenarios/subscription-billing', import.meta.url))

/** Every built-in route the spec describes, as a client of the seed's API calls it. */
async function seedFlow(folder: string, email: string, password: string, product: string) {
  const t = await testEngine({ folder })
  const violations: ContractViolation[] = []
  t.engine.events.on('violation', (v) => violations.push(v))
  expect((await t.login(email, password)).status).toBe(200)
  expect((await t.call('GET', '/api/products')).status).toBe(200)
  expect((await t.call('GET', '/api/products?category=electronics')).status).toBe(200)
  const order = await t.call('POST', '/api/orders', { product_id: product, quantity: 1 })
  expect(order.status).toBe(201)
  await t.call('POST', '/__mockforge/time-travel/enable', { time: '2025-01-27T00:00:00Z', scale: 0 })
  for (const step of ['0d', '1d', '3d', '7d']) {
    await t.call('POST', '/__mockforge/time-travel/advance', { duration: step })
    expect((await t.call('GET', `/api/orders/${order.body.id}`)).status).toBe(200)
  }
  return { ...t, violations }
}

it("every built-in route the seed's spec describes answers as the spec says, in both scenarios", async () => {
  const seed = await seedFlow(DEMO_FOLDER, 'user@example.com', 'password123', 'prod-123')
  expect(seed.violations).toEqual([])
  const billing = await seedFlow(BILLING_FOLDER, 'owner@acme.test', 'acme-owner', 'plan-team')
  expect(billing.violations).toEqual([])
  // The spec's four operations are all the engine's own.
  expect(seed.engine.contract?.operations.map((op) => `${op.id} ${op.servedBy}`)).toEqual([
    'login engine', 'browseProducts engine', 'createOrder engine', 'getOrder engine',
  ])
})

it('refuses a request that breaks the spec before any route runs, naming the field, and changes nothing', async () => {
  const t = await testEngine()
  await t.login()
  const missing = await t.call('POST', '/api/orders', { quantity: 1 })
  expect(missing).toMatchObject({ status: 400, body: { error: 'validation_failed', field: 'product_id' } })
  expect(missing.body.message).toBe("'product_id' is required.")
  const wrongType = await t.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 'two' })
  expect(wrongType.body).toMatchObject({ error: 'validation_failed', field: 'quantity', message: "'quantity' must be integer." })
  const login = await t.call('POST', '/api/auth/login', { email: 'not-an-email', password: 'x' })
  expect(login.body).toMatchObject({ error: 'validation_failed', field: 'email', message: "'email' must be a valid email." })
  const text = await t.engine.handle(new Request('http://localhost:3000/api/orders', { method: 'POST', body: 'product_id=prod-123' }))
  expect(text.status).toBe(415)
  expect(await text.json()).toEqual({
    error: 'unsupported_media_type', message: 'POST /api/orders accepts application/json, not text/plain: send Content-Type: application/json.',
  })
  // Nothing was created by any of them.
  expect((await t.call('GET', '/api/orders')).body.orders).toEqual([])
  expect(t.facts.filter((f) => f.event === 'order.created')).toEqual([])
})

it('with contract.requests: warn, a request that breaks the spec is served and reported; off checks nothing', async () => {
  const warn = await testEngine({ configure: (config) => (config.contract = { requests: 'warn' }) })
  const violations: ContractViolation[] = []
  warn.engine.events.on('violation', (v) => violations.push(v))
  await warn.login()
  const served = await warn.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1, gift: 'yes', note: 3 })
  expect(served.status).toBe(201)
  const badQuantity = await warn.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1.5 })
  expect(badQuantity.body).toMatchObject({ error: 'validation_error', field: 'quantity' }) // the route's own check
  expect(violations).toMatchObject([{ operation: 'createOrder', direction: 'request', status: 400, field: 'quantity' }])
  const off = await testEngine({ configure: (config) => (config.contract = { requests: 'off' }) })
  const offViolations: ContractViolation[] = []
  off.engine.events.on('violation', (v) => offViolations.push(v))
  await off.login()
  await off.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1.5 })
  expect(offViolations).toEqual([])
})

it('an answer that breaks the spec is a violation naming the operation, the status and the first mismatch, and one warning', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'verisim-contract-'))
  cpSync(DEMO_FOLDER, folder, { recursive: true })
  const spec = readFileSync(join(folder, 'openapi.yaml'), 'utf8')
  // The spec now says a price is a string: the engine's numbers break it.
  writeFileSync(join(folder, 'openapi.yaml'), spec.replace(/price:\n(\s+)type: number/, 'price:\n$1type: string'))
  const t = await testEngine({ folder })
  const violations: ContractViolation[] = []
  t.engine.events.on('violation', (v) => violations.push(v))
  expect((await t.call('GET', '/api/products')).status).toBe(200)
  await t.call('GET', '/api/products')
  expect(violations).toHaveLength(2)
  expect(violations[0]).toMatchObject({ operation: 'browseProducts', status: 200, direction: 'response' })
  expect(violations[0]!.message).toBe("GET /api/products (browseProducts) answered 200, which breaks the spec: '[0].price' must be string")
  expect(t.engine.warnings.filter((w) => w.source === 'contract')).toHaveLength(1)
  expect(t.engine.contract?.operations.find((op) => op.id === 'browseProducts')?.violations).toHaveLength(2)
})

it('a path the spec does not have is a 404 JSON naming it', async () => {
  const t = await testEngine()
  const missing = await t.call('GET', '/api/loans')
  expect(missing).toMatchObject({ status: 404, body: { error: 'route_not_found' } })
  expect(missing.body.message).toBe("Verisim has no route for GET /api/loans, and the scenario's spec has no such path.")
})

it('an operation whose schema cannot be generated whole (a cycle too deep) loads with a warning naming it, and still answers', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'verisim-cycle-'))
  writeFileSync(join(folder, 'config.yaml'), 'server:\n  http:\n    port: 4020\n')
  writeFileSync(join(folder, 'openapi.yaml'), [
    'openapi: 3.0.3', 'info: {title: Trees, version: "1"}', 'paths:', '  /api/tree:', '    get:', '      operationId: getTree',
    '      responses:', "        '200':", '          description: A tree', '          content:', '            application/json:',
    "              schema: {$ref: '#/components/schemas/Node'}", 'components:', '  schemas:', '    Node:', '      type: object',
    '      required: [name, parent]', '      properties:', '        name: {type: string}', "        parent: {$ref: '#/components/schemas/Node'}",
  ].join('\n'))
  const t = await testEngine({ folder })
  expect(t.engine.warnings.map((w) => w.message).join('\n')).toMatch(/GET \/api\/tree \(getTree\): schema cycle too deep to generate at .*parent.* \(Node\)/)
  const tree = await t.call('GET', '/api/tree')
  expect(tree.status).toBe(200)
  expect(tree.body.name).toEqual(expect.any(String))
})
