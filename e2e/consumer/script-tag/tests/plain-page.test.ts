import { expect, test } from 'verisim/playwright'

// A page without a bundler: one script tag, files copied by `npx verisim init public`.

test('sign in, order, a day later the order.shipped webhook and the socket frame, and the page shows it', async ({ page, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  await expect(page.locator('html[data-app=ready]')).toHaveCount(1)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('account')).toHaveText('Signed in as Demo User')
  await page.getByRole('button', { name: 'Order Wireless Noise-Cancelling Headphones' }).click()
  const order = page.locator('[data-order-id]')
  await expect(order).toHaveAttribute('data-order-id', 'ORD-1001')

  await verisim.time.enable({ time: '2025-01-27T00:00:00Z', scale: 0 })
  await verisim.time.advance('1d')
  const shipped = await verisim.webhooks.waitFor('order.shipped', (w) => w.payload.order_id === 'ORD-1001')
  expect(shipped.payload).toMatchObject({ order_id: 'ORD-1001', tracking_number: 'TRACK001001' })
  const frame = await verisim.sockets.waitFor('order_status_update', (f) => f.status === 'shipped')
  expect(frame).toMatchObject({ order_id: 'ORD-1001', tracking_number: 'TRACK001001' })
  await expect(page.getByTestId('latest')).toHaveText('ORD-1001 is shipped')
  await expect(order).toHaveAttribute('data-status', 'shipped')
})

/** The app asks for the catalogue and opens its socket as it loads, without waiting for the mock. */
async function firstRequestsMocked(page: import('@playwright/test').Page): Promise<void> {
  await expect(page.getByTestId('catalogue')).toHaveText('6 products')
  await expect(page.getByTestId('by-xhr')).toHaveText('200: 6 products')
  // A fetch the app kept as the page loaded, called once the catalogue came: mocked too.
  await expect(page.getByTestId('kept')).toHaveText('200 default')
  await expect(page.locator('html')).toHaveAttribute('data-first-frame', 'init_ack')
  await expect(page.locator('html')).toHaveAttribute('data-mock-at-first-request', 'starting')
}

test("the app's first request and socket, made before the mock has started, are mocked: on a first visit and after a reload", async ({ page }) => {
  await page.goto('/')
  await firstRequestsMocked(page)
  await page.reload()
  await firstRequestsMocked(page)
})

test.describe('without a Service Worker', () => {
  test.use({ serviceWorkers: 'block' })

  test("the app's first request and socket, made before the mock has started, are mocked in the page", async ({ page }) => {
    await page.goto('/')
    await firstRequestsMocked(page)
  })

  test('the page still signs in and orders, mocked in the page; ready resolves with mode in-page', async ({ page, verisim }) => {
    await page.goto('/')
    await verisim.ready()
    const mode = await page.evaluate(async () => (await (window as unknown as { verisim: { ready: Promise<{ mode: string }> } }).verisim.ready).mode)
    expect(mode).toBe('in-page')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByTestId('account')).toHaveText('Signed in as Demo User')
    await page.getByRole('button', { name: 'Order Wireless Noise-Cancelling Headphones' }).click()
    await expect(page.locator('[data-order-id]')).toHaveAttribute('data-order-id', 'ORD-1001')
    // Sockets are mocked as before.
    await verisim.sockets.waitFor('order_status_update', (f) => f.order_id === 'ORD-1001' && f.status === 'processing')
  })
})

test("the app server's own endpoint is not mocked, the devtools button and the inspector page are there", async ({ page, context, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  await expect(page.getByTestId('ping')).toHaveText('pong from the app server')
  await page.getByRole('button', { name: 'Open Verisim devtools' }).click()
  await page.getByRole('tab', { name: 'Webhooks' }).click()
  const [inspector] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Open the webhook inspector ↗' }).click()])
  await expect(inspector.locator('html[data-inspector=listening]')).toHaveCount(1)
  expect(new URL(inspector.url()).pathname).toBe('/verisim-inspector.html')
})

test('stop() restores the globals it patched; the mocked origin is then the network again', async ({ page, verisim }) => {
  await page.addInitScript(() => {
    ;(window as unknown as { nativeWebSocket: unknown }).nativeWebSocket = window.WebSocket
  })
  await page.goto('/')
  await verisim.ready()
  const products = await page.evaluate(async () => (await fetch('/api/products')).json())
  expect(products).toHaveLength(6)
  expect(await page.evaluate(() => window.WebSocket === (window as unknown as { nativeWebSocket: unknown }).nativeWebSocket)).toBe(false)
  await page.evaluate(async () => (await (window as unknown as { verisim: { ready: Promise<{ stop(): Promise<void> }> } }).verisim.ready).stop())
  expect(await page.evaluate(() => window.WebSocket === (window as unknown as { nativeWebSocket: unknown }).nativeWebSocket)).toBe(true)
  // The app's server has no /api: without the mock its own 404 answers.
  const after = await page.evaluate(async () => {
    const response = await fetch('/api/products')
    return `${response.status} ${await response.text()}`
  })
  expect(after).toBe('404 not found')
})

test('a scenario URL that does not exist: a clear message, and ready rejects with it', async ({ page }) => {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  await page.route('**/scenarios/e2e-persona-flow/scenario.json', (route) => route.fulfill({ status: 404, body: 'no' }))
  await page.goto('/')
  const reason = await page.evaluate(() => (window as unknown as { verisim: { ready: Promise<unknown> } }).verisim.ready.then(() => 'started', (e: Error) => e.message))
  expect(reason).toMatch(/^verisim\.js could not fetch its scenario http:\/\/127\.0\.0\.1:\d+\/scenarios\/e2e-persona-flow\/scenario\.json: 404/)
  await expect.poll(() => errors.join('\n')).toContain('[verisim] the mock did not start: verisim.js could not fetch its scenario')
})
