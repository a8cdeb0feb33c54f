import type { ErrorBody, ProductListBody } from 'verisim'
import { expect, test } from 'verisim/playwright'

// The seed scenario's openapi.yaml, compiled by verisim/vite in Node, holds the built-in routes to
// it: a request that breaks it is refused before any route runs, and changes nothing.

test("the seed's spec is enforced through the plugin: 400 naming the missing field, 415 for a text body, nothing created", async ({ page, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  expect((await verisim.request('POST', '/api/auth/login', { email: 'user@example.com', password: 'password123' })).status).toBe(200)

  const products = await verisim.request('GET', '/api/products')
  expect(products.status).toBe(200)
  const listed: ProductListBody = products.body
  expect(Array.isArray(listed)).toBe(true)
  expect(listed.length).toBeGreaterThan(0)

  const missing = await verisim.request('POST', '/api/orders', { quantity: 1 })
  expect(missing.status).toBe(400)
  const refused: ErrorBody = missing.body
  expect(refused).toMatchObject({ error: 'validation_failed', field: 'product_id', message: expect.any(String) })

  // As the app's backend is reached (API in src/api.ts), a string body without Content-Type: text/plain.
  const text = await page.evaluate(async () => {
    const response = await fetch('http://localhost:3000/api/orders', { method: 'POST', body: JSON.stringify({ product_id: 'prod-123', quantity: 1 }) })
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: (await response.json()) as Record<string, unknown> }
  })
  expect(text.status).toBe(415)
  expect(text.type).toContain('application/json')
  expect(text.body).toMatchObject({ error: 'unsupported_media_type' })

  // Neither request made an order, a fact or a delivery.
  expect((await verisim.request('GET', '/api/orders')).body).toMatchObject({ orders: [], count: 0 })
  expect(await verisim.webhooks.all()).toEqual([])
  expect(await verisim.sockets.all()).toEqual([])
})
