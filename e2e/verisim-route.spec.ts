import type { Page } from '@playwright/test'
import { expect, test } from '../src/playwright/fixture.ts'

// Overrides from a test (`verisim.route`, in the shape of page.route) on the demo shop, and the
// request context a handler of the app's own answers with.

const BACKEND = 'http://localhost:3000'

/** A `fetch` of the page: its status and JSON body, or the error it rejected with. */
function pageFetch(page: Page, target: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  return page.evaluate(
    async ({ url, method, body, token }) => {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' }
      if (token) headers.Authorization = `Bearer ${token}`
      try {
        const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' })
        const text = await response.text()
        return { status: response.status, body: text ? JSON.parse(text) : null }
      } catch (error) {
        return { rejected: `${(error as Error).name}: ${(error as Error).message}` }
      }
    },
    { url: target, ...init },
  )
}

/** Keeps the mock's request log (what the panel's timeline shows) on the page, from now on: the requests whose query names `probe`. */
async function recordRequests(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { logged: string[]; verisimInstance: { engine: { events: { on(e: string, f: (entry: { method: string; url: string; status: number; overridden?: boolean }) => void): void } } } }
    w.logged = []
    w.verisimInstance.engine.events.on('request', (e) => {
      const url = new URL(e.url)
      if (url.searchParams.has('probe')) w.logged.push(`${e.method} ${url.pathname} ${e.status}${e.overridden ? ' overridden' : ''}`)
    })
  })
  return () => page.evaluate(() => (window as unknown as { logged: string[] }).logged)
}

async function login(page: Page, email = 'user@example.com', password = 'password123'): Promise<string> {
  const answer = await pageFetch(page, `${BACKEND}/api/auth/login`, { method: 'POST', body: { email, password } })
  return (answer as { body: { token: string } }).body.token
}

test('fulfill answers with JSON; the hit is logged as overridden; unroute gives the scenario back', async ({ page, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  const logged = await recordRequests(page)
  const mine = [{ id: 'mine-1', name: 'Mine' }]
  await verisim.route('GET /api/products', (route) => route.fulfill({ status: 203, json: mine, headers: { 'X-Mine': 'yes' } }))

  expect(await pageFetch(page, `${BACKEND}/api/products?probe`)).toEqual({ status: 203, body: mine })
  expect(await pageFetch(page, '/api/products?category=books&probe')).toEqual({ status: 203, body: mine })
  // Another method of the same path is not the override's.
  expect(await pageFetch(page, `${BACKEND}/api/products?probe`, { method: 'POST', body: {} })).toMatchObject({ status: 405 })

  await verisim.unroute('GET /api/products')
  const scenario = await pageFetch(page, `${BACKEND}/api/products?probe`)
  expect((scenario as { body: Array<{ id: string }> }).body.map((p) => p.id)).toContain('prod-123')
  await expect.poll(logged).toEqual(['GET /api/products 203 overridden', 'GET /api/products 203 overridden', 'POST /api/products 405', 'GET /api/products 200'])
})

test('fallback goes to the override added before, then to the scenario; the handler sees the request as sent', async ({ page, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  const token = await login(page)
  const seen: unknown[] = []
  await verisim.route('/api/orders', async (route) => {
    seen.push(['first', route.request().method()])
    await route.fallback()
  })
  await verisim.route('POST /api/orders', async (route) => {
    const request = route.request()
    seen.push(['second', request.method(), request.url(), request.headers()['content-type'], request.postDataJSON()])
    await route.fallback()
  })
  const created = await pageFetch(page, `${BACKEND}/api/orders`, { method: 'POST', body: { product_id: 'prod-123', quantity: 2 }, token })
  expect(created).toMatchObject({ status: 201, body: { id: 'ORD-1001', quantity: 2, status: 'pending' } })
  expect(seen).toEqual([['second', 'POST', `${BACKEND}/api/orders`, 'application/json', { product_id: 'prod-123', quantity: 2 }], ['first', 'POST']])
})

test('abort makes the page\'s fetch reject; a RegExp and a full URL with :params match what they say', async ({ page, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  const logged = await recordRequests(page)
  await verisim.route('GET /api/products/:id', (route) => route.abort())
  expect(await pageFetch(page, `${BACKEND}/api/products/prod-123?probe`)).toEqual({ rejected: 'TypeError: Failed to fetch' })
  // In the request log (the panel's timeline) as an overridden request that got no answer.
  await expect.poll(logged).toEqual(['GET /api/products/prod-123 0 overridden'])
  // Not one segment: the scenario's.
  expect(await pageFetch(page, `${BACKEND}/api/products`)).toMatchObject({ status: 200 })

  await verisim.route(/\/api\/orders\/ORD-\d+\?view=short$/, (route) => route.fulfill({ json: { short: route.request().url() } }))
  expect(await pageFetch(page, `${BACKEND}/api/orders/ORD-42?view=short`)).toEqual({ status: 200, body: { short: `${BACKEND}/api/orders/ORD-42?view=short` } })
  expect(await pageFetch(page, `${BACKEND}/api/orders/ORD-42`)).toMatchObject({ status: 401 })

  await verisim.route(`${BACKEND}/api/support`, (route) => route.fulfill({ json: { tier: 'override' } }))
  expect(await pageFetch(page, `${BACKEND}/api/support`)).toEqual({ status: 200, body: { tier: 'override' } })
  // The same path on the page's own origin is another URL.
  expect(await pageFetch(page, '/api/support')).toMatchObject({ status: 401 })
})

test('an override lasts across a reload: the new document has it before the app\'s first request', async ({ page, verisim }) => {
  let asked = 0
  await verisim.route('GET /api/products', (route) => {
    asked++
    return route.fulfill({ json: [{ id: 'prod-1', name: 'Only This One', category: 'electronics', price: 1, stock: 1, description: '', in_stock: true }] })
  })
  await page.goto('/')
  await verisim.ready()
  // The shop lists what the override answered, from its first render.
  await expect(page.getByRole('heading', { name: 'Only This One' })).toBeVisible()
  await page.reload()
  await verisim.ready()
  await expect(page.getByRole('heading', { name: 'Only This One' })).toBeVisible()
  expect(asked).toBeGreaterThanOrEqual(2)
})

test('route.context() tells the workspace, the logged-in persona and the virtual time; verisim.request inside a handler asks the scenario', async ({ page, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  const token = await login(page, 'casey@example.com', 'password456')
  await verisim.time.enable({ time: '2025-01-27T00:00:00Z', scale: 0 })
  let context: unknown
  await verisim.route('GET /api/products', async (route) => {
    context = await route.context()
    // The same URL its own pattern matches: the scenario answers, not this handler again.
    const scenario = await verisim.request('GET', '/api/products')
    await route.fulfill({ json: scenario.body.slice(0, 1) })
  })
  const answer = await pageFetch(page, `${BACKEND}/api/products`, { token })
  expect(answer).toMatchObject({ status: 200, body: [expect.objectContaining({ id: expect.any(String) })] })
  expect((answer as { body: unknown[] }).body).toHaveLength(1)
  expect(context).toEqual({
    workspace: 'default',
    persona: { id: 'user-456', email: 'casey@example.com', name: 'Casey Reader', subscription_tier: expect.any(String) },
    virtualTime: '2025-01-27T00:00:00.000Z',
  })
})

test("a handler of the app's own answers with the persona's orders through verisimContext", async ({ page, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  const token = await login(page)
  await verisim.seed('user-123', [{ product_id: 'prod-123', quantity: 1 }, { product_id: 'prod-124', quantity: 3 }])
  await page.evaluate(async () => {
    const { http, HttpResponse, verisimContext } = await import('/src/index.ts' as string)
    const mine = http.get('/api/my/summary', async ({ request }: { request: Request }) => {
      const ctx = verisimContext(request)
      const persona = await ctx.persona()
      const answer = await ctx.scenario('/api/orders')
      const orders: Array<{ id: string; quantity: number }> = answer.ok ? (await answer.json()).orders : []
      return HttpResponse.json({ workspace: ctx.workspace, name: persona?.name, orders: orders.map((o) => `${o.id} × ${o.quantity}`) })
    })
    ;(window as unknown as { verisimInstance: { use(...handlers: unknown[]): void } }).verisimInstance.use(mine)
  })
  expect(await pageFetch(page, '/api/my/summary', { token })).toEqual({
    status: 200,
    body: { workspace: 'default', name: 'Demo User', orders: ['ORD-1001 × 1', 'ORD-1002 × 3'] },
  })
  // Without a token nor an active persona of its own workspace, the context has no persona.
  const other = await page.evaluate(async () => (await fetch('/api/my/summary', { headers: { 'X-MockForge-Workspace': 'elsewhere' } })).json())
  expect(other).toEqual({ workspace: 'elsewhere', orders: [] })
})
