import { expect, test } from './support/fixtures.ts'
import { api, BACKEND, createOrder, decodeJwtPart, gotoReady, listOf, login, type ApiResponse } from './support/page.ts'

// The seed's steps 1–3 and its persona-graph queries, each made by the page as a front-end would.

const DEMO_USER = { id: 'user-123', email: 'user@example.com', name: 'Demo User', subscription_tier: 'premium' }
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

test.beforeEach(async ({ page }) => {
  await gotoReady(page)
})

test('login answers an HS256 JWT and the user, and activates the persona for the workspace', async ({ page }) => {
  const res = await login(page)
  expect(res.status).toBe(200)
  expect(res.contentType).toContain('application/json')
  expect(res.body.user).toEqual(DEMO_USER)

  const parts = String(res.body.token).split('.')
  expect(parts).toHaveLength(3)
  expect(decodeJwtPart(parts[0])).toMatchObject({ alg: 'HS256' })
  expect(decodeJwtPart(parts[1])).toMatchObject({ sub: 'user-123', email: 'user@example.com' })
  expect(parts[2]).toMatch(/^[A-Za-z0-9_-]{43}$/) // 32 bytes of HMAC-SHA256, base64url

  const next = await api(page, 'GET', '/api/products', undefined, { 'X-MockForge-Workspace': 'default' })
  expect(next.headers['x-mockforge-persona']).toBe('user-123')
  expect(next.headers['x-mockforge-workspace']).toBe('default')
  expect(next.headers['x-mockforge-request-id']).toMatch(UUID)
  expect((await api(page, 'GET', '/api/v1/consistency/persona')).body.persona).toMatchObject({ id: 'user-123', traits: DEMO_USER })

  // A persona is per workspace: another workspace is echoed and has nobody logged in.
  const other = await api(page, 'GET', '/api/products?workspace=team-b')
  expect(other.headers['x-mockforge-workspace']).toBe('team-b')
  expect(other.headers['x-mockforge-persona']).toBeUndefined()
  expect(listOf(other)).toHaveLength(6)
})

test('a wrong password is a 401 JSON error and activates nobody', async ({ page }) => {
  const res = await login(page, 'user@example.com', 'wrong-password')
  expect(res.status).toBe(401)
  expect(res.contentType).toContain('application/json')
  expect(res.body).toEqual({ error: 'invalid_credentials', message: expect.any(String) })
  expect(res.body.message.length).toBeGreaterThan(0)

  const persona = await api(page, 'GET', '/api/v1/consistency/persona')
  expect(persona.status).toBe(404)
  expect(persona.body.error).toBe('no_active_persona')
  expect((await api(page, 'GET', '/api/products')).headers['x-mockforge-persona']).toBeUndefined()
})

test("products are filtered by the logged-in persona's preferences (electronics, ≤ 1500, in stock)", async ({ page }) => {
  const ids = (res: ApiResponse) => listOf(res).map((p) => p.id)
  const anonymous = await api(page, 'GET', '/api/products?category=electronics', undefined, { 'X-MockForge-Workspace': 'default' })
  expect(ids(anonymous)).toEqual(['prod-123', 'prod-124', 'prod-125', 'prod-126'])
  expect(anonymous.headers['x-mockforge-persona']).toBeUndefined()

  await login(page)
  const res = await api(page, 'GET', '/api/products?category=electronics', undefined, { 'X-MockForge-Workspace': 'default' })
  expect(res.status).toBe(200)
  expect(ids(res)).toEqual(['prod-123', 'prod-124'])
  // A bare array, as the spec's `type: array, items: Product`; the header names whom it was filtered for.
  expect(res.headers['x-mockforge-persona']).toBe('user-123')
  expect(listOf(res)[0]).toMatchObject({ id: 'prod-123', category: 'electronics', price: 49.99, in_stock: true })
})

test('orders on the same origin: 201 pending for the persona, then processing; 400 names the field; 404 for an unknown product', async ({ page }) => {
  const anonymous = await createOrder(page)
  expect(anonymous.status).toBe(401)
  expect(anonymous.body.error).toBe('unauthorized')

  await login(page)
  const created = await createOrder(page, 'prod-123', 2, '', { 'X-MockForge-Workspace': 'default' })
  expect(created.status).toBe(201)
  expect(created.body).toMatchObject({
    id: 'ORD-1001', user_id: 'user-123', product_id: 'prod-123', quantity: 2, status: 'pending', total: 99.98, payment_ids: ['PAY-5001'],
  })
  expect(Date.parse(created.body.created_at)).not.toBeNaN()
  expect(created.headers.location).toBe('/api/orders/ORD-1001')

  const fetched = await api(page, 'GET', '/api/orders/ORD-1001', undefined, { 'X-MockForge-Workspace': 'default' })
  expect(fetched.status).toBe(200)
  expect(fetched.body).toMatchObject({ id: 'ORD-1001', status: 'processing', created_at: created.body.created_at, processing_at: created.body.created_at })

  const bad = await createOrder(page, 'prod-123', 0)
  expect(bad.status).toBe(400)
  expect(bad.body).toMatchObject({ error: 'validation_error', field: 'quantity', message: expect.stringContaining('quantity') })
  const unknown = await createOrder(page, 'prod-999', 1)
  expect(unknown.status).toBe(404)
  expect(unknown.body).toMatchObject({ error: 'product_not_found', message: expect.any(String) })
  const missing = await api(page, 'GET', '/api/orders/ORD-9999')
  expect(missing.status).toBe(404)
  expect(missing.body.error).toBe('order_not_found')
  // Refused orders took no number.
  expect((await createOrder(page, 'prod-124', 1)).body.id).toBe('ORD-1002')
})

test('the configured backend http://localhost:3000 answers the same flow cross-origin, with readable headers', async ({ page }) => {
  const loggedIn = await login(page, 'user@example.com', 'password123', BACKEND)
  expect(loggedIn.status).toBe(200)
  expect(loggedIn.body.user).toEqual(DEMO_USER)
  expect(loggedIn.headers['x-mockforge-persona']).toBe('user-123')

  const products = await api(page, 'GET', `${BACKEND}/api/products?category=electronics`, undefined, { 'X-MockForge-Workspace': 'default' })
  expect(listOf(products).map((p) => p.id)).toEqual(['prod-123', 'prod-124'])
  expect(products.headers['x-mockforge-persona']).toBe('user-123')

  const created = await createOrder(page, 'prod-123', 2, BACKEND, { 'X-MockForge-Workspace': 'default' })
  expect(created.status).toBe(201)
  expect(created.contentType).toContain('application/json')
  expect(created.body).toMatchObject({ id: 'ORD-1001', user_id: 'user-123', product_id: 'prod-123', quantity: 2, status: 'pending' })
  expect(created.headers['x-mockforge-workspace']).toBe('default')
  expect(created.headers['x-mockforge-persona']).toBe('user-123')
  expect(created.headers['x-mockforge-request-id']).toMatch(UUID)
  expect(created.headers.location).toBe('/api/orders/ORD-1001')

  const bad = await createOrder(page, 'prod-123', 0, BACKEND)
  expect(bad.status).toBe(400)
  expect(bad.body).toMatchObject({ error: 'validation_error', field: 'quantity' })
  const unknown = await createOrder(page, 'prod-999', 1, BACKEND)
  expect(unknown.status).toBe(404)
  expect(unknown.body.error).toBe('product_not_found')

  // One state behind both origins.
  const sameOrigin = await api(page, 'GET', '/api/orders/ORD-1001')
  expect(sameOrigin.body).toMatchObject({ id: 'ORD-1001', status: 'processing', user_id: 'user-123' })
  expect((await api(page, 'GET', `${BACKEND}/api/orders/ORD-1001`)).body.status).toBe('processing')
})

test('the consistency API links user → order → payment', async ({ page }) => {
  await login(page)
  await createOrder(page)

  const user = await api(page, 'GET', '/api/v1/consistency/users/user-123?workspace=default')
  expect(user.status).toBe(200)
  expect(user.body).toMatchObject({ id: 'user-123', name: 'Demo User', email: 'user@example.com', order_ids: ['ORD-1001'], order_count: 1 })

  const orders = await api(page, 'GET', '/api/v1/consistency/users/user-123/orders?workspace=default')
  expect(orders.body).toMatchObject({ user_id: 'user-123', count: 1 })
  expect(orders.body.orders).toHaveLength(1)
  expect(orders.body.orders[0]).toMatchObject({ id: 'ORD-1001', product_id: 'prod-123', quantity: 2 })

  const order = await api(page, 'GET', '/api/v1/consistency/orders/ORD-1001?workspace=default')
  expect(order.body).toMatchObject({
    id: 'ORD-1001', payment_ids: ['PAY-5001'], user_id: 'user-123', user_name: 'Demo User', user_email: 'user@example.com', status: 'processing',
  })

  // Another workspace has its own graph.
  expect((await api(page, 'GET', '/api/v1/consistency/users/user-123?workspace=team-b')).status).toBe(404)
})
