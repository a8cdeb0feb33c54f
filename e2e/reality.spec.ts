import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from '@playwright/test'
import { expect, test as base } from './support/fixtures.ts'
import { api, BACKEND, consoleWarnings, gotoReady, listOf, login, timeTravel, type ApiResponse, type Json } from './support/page.ts'

// The reality continuum against a real backend of the test's own: the demo scenario's continuum
// (a daily schedule, no upstream of its own) pointed at it with ?verisim-upstream=.

/** What the real backend sells: one product the mock has too (other name and price), one it does not. */
const REAL_PRODUCTS = [
  { id: 'prod-123', name: 'Real Headphones', price: 149.5 },
  { id: 'real-900', name: 'Only Real', price: 1, category: 'x' },
]

const NO_UPSTREAM = 'reality_continuum: no upstream is set, so every answer stays mocked'

/** A real backend on 127.0.0.1 that a page of another origin may call (CORS), and that records what it is sent. */
interface Upstream {
  origin: string
  /** Requests received, oldest first; CORS preflights are left out. */
  requests: Array<{ method: string; path: string; body: string }>
  /** From now on every answer (but preflights) has `status`; null: the usual answers again. */
  answerWith(status: number | null): void
  /** Closes it and its connections: from then on it cannot be reached. Idempotent. */
  stop(): Promise<void>
}

/** `GET /api/products`: the real products; `POST /api/orders`: an order of its own; anything else 404. */
function usualAnswer(method: string, path: string, body: string): { status: number; body: unknown } {
  if (method === 'GET' && path === '/api/products') return { status: 200, body: REAL_PRODUCTS }
  if (method === 'POST' && path === '/api/orders') return { status: 201, body: { id: 'REAL-ORD-1', served_by: 'upstream', received: JSON.parse(body || 'null') } }
  return { status: 404, body: { error: 'not_found', message: `The upstream has no ${method} ${path}.` } }
}

function corsHeaders(request: IncomingMessage): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': request.headers.origin ?? '*',
    'Access-Control-Allow-Methods': 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS',
    'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? 'Content-Type, Authorization',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  }
}

async function startUpstream(): Promise<Upstream> {
  const requests: Upstream['requests'] = []
  let forced: number | null = null
  const answer = (request: IncomingMessage, response: ServerResponse, body: string) => {
    const cors = corsHeaders(request)
    if (request.method === 'OPTIONS') return void response.writeHead(204, cors).end()
    const method = request.method ?? ''
    const path = new URL(request.url ?? '/', 'http://upstream').pathname
    requests.push({ method, path, body })
    const { status, body: json } = forced === null ? usualAnswer(method, path, body) : { status: forced, body: { error: 'forced', status: forced } }
    response.writeHead(status, { ...cors, 'Content-Type': 'application/json' }).end(JSON.stringify(json))
  }
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => answer(request, response, Buffer.concat(chunks).toString('utf8')))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  let stopping: Promise<void> | null = null
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    answerWith: (status) => void (forced = status),
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })),
  }
}

const test = base.extend<{ upstream: Upstream }>({
  // oxlint-disable-next-line no-empty-pattern
  upstream: async ({}, use) => {
    const upstream = await startUpstream()
    await use(upstream)
    await upstream.stop()
  },
})

/** The demo page, its continuum pointed at `upstream`. */
const openWith = (page: Page, upstream: Upstream) => gotoReady(page, `/?verisim-upstream=${encodeURIComponent(upstream.origin)}`)

/** Sets a ratio by hand: for `route`, or every other route when it is null. */
async function setRatio(page: Page, route: string | null, ratio: number | null): Promise<Json> {
  const res = await api(page, 'POST', '/__verisim/reality', route === null ? { ratio } : { route, ratio })
  expect(res.status, res.text).toBe(200)
  return res.body
}

const realityOf = (res: ApiResponse): string | undefined => res.headers['x-verisim-reality']
const products = (page: Page) => api(page, 'GET', `${BACKEND}/api/products`)
const seen = (upstream: Upstream, method: string, path: string) => upstream.requests.filter((r) => r.method === method && r.path === path).length

/** `X-Verisim-Reality` of `times` GETs of `url` made one after the other by the page. */
function marksOf(page: Page, times: number, url = `${BACKEND}/api/products`): Promise<string[]> {
  return page.evaluate(async ({ count, target }) => {
    const marks: string[] = []
    for (let i = 0; i < count; i++) {
      const response = await fetch(target, { cache: 'no-store' })
      await response.arrayBuffer()
      marks.push(response.headers.get('X-Verisim-Reality') ?? '(none)')
    }
    return marks
  }, { count: times, target: url })
}

/** Moves the virtual clock (frozen) to `time` and checks the schedule's ratio there. */
async function clockAt(page: Page, time: string, ratio: number): Promise<void> {
  const moved = await timeTravel(page, 'set', { time })
  expect(moved.status, moved.text).toBe(200)
  const status = (await api(page, 'GET', '/__verisim/reality')).body
  expect(status).toMatchObject({ ratio, source: 'schedule', transition_mode: 'time_based', virtual_time: new Date(time).toISOString() })
}

test('ratio 1 merges the upstream’s products into the mock’s field by field; ratio 0 leaves the upstream alone', async ({ page, upstream }) => {
  await openWith(page, upstream)
  expect((await setRatio(page, '/api/products', 0)).manual).toEqual({ '/api/products': 0 })
  const before = seen(upstream, 'GET', '/api/products')
  const mocked = await products(page)
  expect(mocked.status).toBe(200)
  expect(realityOf(mocked)).toBe('mock; ratio=0')
  const mock = listOf(mocked)
  const twin = mock.find((p) => p.id === 'prod-123')
  expect(twin).toMatchObject({ id: 'prod-123', name: 'Wireless Noise-Cancelling Headphones', price: 49.99 })
  expect(mock.some((p) => p.id === 'real-900')).toBe(false)
  expect(seen(upstream, 'GET', '/api/products'), 'the upstream is not asked at ratio 0').toBe(before)

  const status = await setRatio(page, '/api/products', 1)
  expect(status.routes).toEqual([{ pattern: '/api/products', group: null, ratio: 1, source: 'manual' }])
  const real = await products(page)
  expect(real.status).toBe(200)
  expect(realityOf(real)).toBe('real; ratio=1')
  expect(listOf(real)).toEqual([{ ...twin, name: 'Real Headphones', price: 149.5 }, REAL_PRODUCTS[1], ...mock.filter((p) => p.id !== 'prod-123')])
  expect(seen(upstream, 'GET', '/api/products')).toBe(before + 1)

  await setRatio(page, '/api/products', 0)
  const again = await products(page)
  expect(realityOf(again)).toBe('mock; ratio=0')
  expect(listOf(again)).toEqual(mock)
  expect(seen(upstream, 'GET', '/api/products')).toBe(before + 1)
})

test('the daily schedule turns the dial with the virtual clock: 0.5 at 19:00, 0.7 at 13:00, 0.3 at 03:00', async ({ page, upstream }) => {
  test.setTimeout(120_000)
  await openWith(page, upstream)
  const enabled = await timeTravel(page, 'enable', { time: '2025-01-27T19:00:00Z', scale: 0 })
  expect(enabled.status, enabled.text).toBe(200)
  await clockAt(page, '2025-01-27T19:00:00Z', 0.5)

  const share = async (ratio: number) => {
    const before = seen(upstream, 'GET', '/api/products')
    const marks = await marksOf(page, 200)
    expect(marks.filter((m) => !new RegExp(`^(mock|blended); ratio=${ratio}$`).test(m)), 'every answer is marked with the ratio').toEqual([])
    const blended = marks.filter((m) => m.startsWith('blended')).length
    expect(seen(upstream, 'GET', '/api/products') - before, 'one upstream request per blended answer').toBe(blended)
    return blended
  }
  const evening = await share(0.5)
  expect(evening).toBeGreaterThanOrEqual(70)
  expect(evening).toBeLessThanOrEqual(130)

  await clockAt(page, '2025-01-28T13:00:00Z', 0.7)
  const afternoon = await share(0.7)
  expect(afternoon).toBeGreaterThanOrEqual(110)
  expect(afternoon).toBeLessThanOrEqual(170)

  await clockAt(page, '2025-01-29T03:00:00Z', 0.3)
  const night = await share(0.3)
  expect(night).toBeGreaterThanOrEqual(30)
  expect(night).toBeLessThanOrEqual(90)
})

test('a failing upstream leaves the answer to the mock and says so once per kind; its 404 is reality’s answer', async ({ page, upstream }) => {
  const warnings = consoleWarnings(page, '[verisim] reality:')
  await openWith(page, upstream)
  await setRatio(page, '/api/products', 0)
  const mock = listOf(await products(page))
  await setRatio(page, '/api/products', 1)

  upstream.answerWith(503)
  for (let i = 0; i < 3; i++) {
    const res = await products(page)
    expect(res.status).toBe(200)
    expect(realityOf(res)).toBe('mock; ratio=1; upstream-error=http-503')
    expect(listOf(res)).toEqual(mock)
  }
  await expect.poll(() => warnings.length).toBe(1)
  expect(warnings[0]).toContain('503')

  upstream.answerWith(404)
  const missing = await products(page)
  expect(missing.status).toBe(404)
  expect(realityOf(missing)).toBe('real; ratio=1')
  expect(missing.body).toEqual({ error: 'forced', status: 404 })

  upstream.answerWith(null)
  await upstream.stop()
  for (let i = 0; i < 3; i++) {
    const res = await products(page)
    expect(res.status).toBe(200)
    expect(realityOf(res)).toBe('mock; ratio=1; upstream-error=unreachable')
    expect(listOf(res)).toEqual(mock)
  }
  await expect.poll(() => warnings.length).toBe(2)
  await page.waitForTimeout(200)
  expect(warnings).toHaveLength(2)
  expect(warnings[1]).toMatch(/^\[verisim\] reality: .*could not be reached/)
})

test('another method goes to the upstream only at ratio 1, and the mock’s state stays as it was', async ({ page, upstream }) => {
  await openWith(page, upstream)
  await login(page)
  await setRatio(page, '/api/orders', 0)
  const before = await api(page, 'GET', `${BACKEND}/api/orders`)
  expect(before.status).toBe(200)
  expect(realityOf(before)).toBe('mock; ratio=0')

  await setRatio(page, '/api/orders', 1)
  const order = { product_id: 'prod-123', quantity: 2 }
  const real = await api(page, 'POST', `${BACKEND}/api/orders`, order)
  expect(real.status, real.text).toBe(201)
  expect(realityOf(real)).toBe('real; ratio=1')
  expect(real.body).toEqual({ id: 'REAL-ORD-1', served_by: 'upstream', received: order })
  const posted = upstream.requests.filter((r) => r.method === 'POST')
  expect(posted.map((r) => [r.path, JSON.parse(r.body)])).toEqual([['/api/orders', order]])

  await setRatio(page, '/api/orders', 0)
  expect((await api(page, 'GET', `${BACKEND}/api/orders`)).body).toEqual(before.body)

  await setRatio(page, '/api/orders', 0.5)
  const mocked = await api(page, 'POST', `${BACKEND}/api/orders`, order)
  expect(mocked.status, mocked.text).toBe(201)
  expect(realityOf(mocked)).toBe('mock; ratio=0.5')
  expect(mocked.body).toMatchObject({ id: expect.stringMatching(/^ORD-/), product_id: 'prod-123' })
  expect(upstream.requests.filter((r) => r.method === 'POST')).toHaveLength(1)
  await setRatio(page, '/api/orders', 0)
  const after = (await api(page, 'GET', `${BACKEND}/api/orders`)).body
  expect(after.count).toBe(before.body.count + 1)
  expect(after.orders.map((o: Json) => o.id)).toContain(mocked.body.id)
})

test('without ?verisim-upstream= every answer is the mock’s, the upstream hears nothing, and the config says why once', async ({ page, upstream }) => {
  const printed = consoleWarnings(page, '[verisim]')
  await gotoReady(page)
  const status = (await api(page, 'GET', '/__verisim/reality')).body
  expect(status).toMatchObject({ enabled: true, upstream: null })
  await setRatio(page, '/api/products', 1)
  const res = await products(page)
  expect(res.status).toBe(200)
  expect(realityOf(res)).toBe('mock; ratio=1')
  expect(listOf(res).some((p) => p.id === 'real-900')).toBe(false)
  const scheduled = await marksOf(page, 20, `${BACKEND}/api/products/prod-124`)
  expect(scheduled.filter((m) => !/^mock; ratio=0\.[357]$/.test(m))).toEqual([])
  expect(upstream.requests).toEqual([])

  // Printed once by the dev server when it compiled the scenario (not again by the page), and listed in the panel.
  await page.getByRole('button', { name: 'Open Verisim devtools' }).click()
  await page.getByRole('tab', { name: 'Scenario' }).click()
  await expect(page.getByTestId('warnings').locator('li', { hasText: NO_UPSTREAM })).toHaveCount(1)
  await expect(page.getByTestId('reality-upstream')).toHaveText('Upstream none: every answer is mocked')
  expect(printed.filter((w) => w.includes('reality'))).toEqual([])
})

test('the seed’s own config.yaml loads as it is: a time-based continuum following the daily schedule', async ({ page }) => {
  await gotoReady(page)
  const status = (await api(page, 'GET', '/__verisim/reality')).body
  const hour = new Date(status.virtual_time).getUTCHours()
  expect(status).toEqual({
    enabled: true, upstream: null, merge_strategy: 'field_level', transition_mode: 'time_based', virtual_time: status.virtual_time,
    ratio: hour < 12 ? 0.3 : hour < 18 ? 0.7 : 0.5, source: 'schedule', routes: [], manual: {},
  })
})

test('the panel sets a route’s ratio, the answer follows, and the timeline marks where answers came from', async ({ page, upstream }, testInfo) => {
  await openWith(page, upstream)
  await timeTravel(page, 'enable', { time: '2025-01-27T19:00:00Z', scale: 0 })
  await page.getByRole('button', { name: 'Open Verisim devtools' }).click()
  await page.getByRole('tab', { name: 'Scenario' }).click()
  const card = page.getByTestId('reality-card')
  await expect(card).toBeVisible()
  await expect(page.getByTestId('reality-upstream')).toHaveText(`Upstream ${upstream.origin}`)
  await expect(page.getByTestId('reality-mode')).toContainText('Strategy field_level · mode time_based · at 2025-01-27 19:00:00')
  const route = (pattern: string) => card.locator(`[data-testid=reality-route][data-pattern="${pattern}"]`)
  await expect(route('*')).toHaveAttribute('data-source', 'schedule')
  await expect(route('*').getByTestId('reality-ratio')).toHaveText('0.5')

  await card.getByRole('textbox', { name: 'Route pattern' }).fill('/api/products')
  await card.getByRole('spinbutton', { name: 'Ratio for the route pattern' }).fill('1')
  await card.getByRole('button', { name: 'Set', exact: true }).click()
  await expect(page.getByTestId('reality-message')).toHaveText('Ratio of /api/products set to 1.')
  await expect(route('/api/products')).toHaveAttribute('data-source', 'manual')
  await expect(route('/api/products').getByTestId('reality-ratio')).toHaveText('1')
  expect(realityOf(await products(page))).toBe('real; ratio=1')
  await page.screenshot({ path: testInfo.outputPath('reality-card.png') })

  // A refusal shows the server's message; the ratio stays.
  await route('/api/products').getByRole('spinbutton').fill('2')
  await route('/api/products').getByRole('button', { name: 'Set the ratio' }).click()
  await expect(page.getByTestId('reality-message')).toHaveClass(/error/)
  await expect(page.getByTestId('reality-message')).toContainText("'ratio' must be a number from 0 (all mock) to 1 (all real)")
  await route('/api/products').getByRole('spinbutton').fill('0')
  await route('/api/products').getByRole('button', { name: 'Set the ratio' }).click()
  await expect(route('/api/products').getByTestId('reality-ratio')).toHaveText('0')
  expect(realityOf(await products(page))).toBe('mock; ratio=0')

  // The clock moves: the schedule's ratio follows.
  await timeTravel(page, 'set', { time: '2025-01-28T13:00:00Z' })
  await expect(route('*').getByTestId('reality-ratio')).toHaveText('0.7')
  await route('*').getByRole('spinbutton').fill('0.25')
  await route('*').getByRole('button', { name: 'Set the ratio' }).click()
  await expect(route('*')).toHaveAttribute('data-source', 'manual')
  await expect(route('*').getByTestId('reality-ratio')).toHaveText('0.25')
  await route('*').getByRole('button', { name: 'Clear the ratio' }).click()
  await expect(route('*')).toHaveAttribute('data-source', 'schedule')
  await route('/api/products').getByRole('button', { name: 'Clear the ratio' }).click()
  await expect(route('/api/products')).toHaveCount(0)
  expect((await api(page, 'GET', '/__verisim/reality')).body.manual).toEqual({})

  await route('*').getByRole('spinbutton').fill('1')
  await route('*').getByRole('button', { name: 'Set the ratio' }).click()
  expect(realityOf(await products(page))).toBe('real; ratio=1')
  await page.getByRole('tab', { name: 'Timeline' }).click()
  const rows = page.locator('.timeline li[data-channel=http]').filter({ hasText: 'GET /api/products → 200' })
  await expect(rows.first()).toHaveAttribute('data-reality', 'real')
  await expect(rows.first().locator('.rl')).toHaveText('real')
  await page.screenshot({ path: testInfo.outputPath('timeline-reality.png') })
  // The filter finds rows by where their answer came from.
  await page.getByRole('searchbox', { name: 'Filter by entity' }).fill('real')
  await expect(rows.first()).toHaveAttribute('data-reality', 'real')
  await expect(rows.and(page.locator(':not([data-reality=real])'))).toHaveCount(0)
})

test.describe('without a Service Worker', () => {
  test.use({ serviceWorkers: 'block' })

  test('the page mocks in-page and still merges reality: the upstream is reached past the in-page interception', async ({ page, upstream }) => {
    await openWith(page, upstream)
    await setRatio(page, '/api/products', 1)
    const real = await products(page)
    expect(realityOf(real)).toBe('real; ratio=1')
    expect(listOf(real).slice(0, 2)).toMatchObject([{ id: 'prod-123', name: 'Real Headphones', price: 149.5 }, REAL_PRODUCTS[1]])
    expect(seen(upstream, 'GET', '/api/products')).toBe(1)
  })
})
