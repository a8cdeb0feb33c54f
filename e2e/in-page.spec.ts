import type { Page } from '@playwright/test'
import { expect, test } from './support/fixtures.ts'
import { api, BACKEND, consoleWarnings, createOrder, frameLine, framesOf, gotoReady, listOf, login, openSocket, sendSocket, timeTravel, waitReady } from './support/page.ts'

// No Service Worker for the page (blocked, none in this browser, a hard reload past it, one that
// never starts): the same engine answers the page's own fetch and XMLHttpRequest in the page,
// says so once, and the app's first request is still mocked. And a worker bypassed from DevTools
// is said, since the mock then silently stops answering.

const PAGE = '/e2e/fixtures/panel.html'
const IN_PAGE = '[verisim] HTTP is mocked in the page, without a Service Worker: '
const LOSES = "The page's own fetch and XMLHttpRequest are answered as before; requests not made by its JavaScript (images, iframes, forms, navigations) reach the network unmocked."

/** The console lines of Verisim's about how HTTP is intercepted or bypassed. */
function httpLines(page: Page): string[] {
  const lines: string[] = []
  page.on('console', (message) => {
    const text = message.text()
    if (/^\[verisim\] (HTTP is mocked|.* went to the network past the Service Worker)/.test(text)) lines.push(`${message.type()}: ${text}`)
  })
  return lines
}

const modeOf = (page: Page) => page.evaluate(() => (window as unknown as { verisim: { mode: string } }).verisim.mode)

/** An XMLHttpRequest made by the page: status and body. */
const xhr = (page: Page, url: string) =>
  page.evaluate(
    (target) =>
      new Promise<string>((resolve) => {
        const request = new XMLHttpRequest()
        request.open('GET', target)
        request.onload = () => resolve(`${request.status} ${request.responseText}`)
        request.onerror = () => resolve('network error')
        request.send()
      }),
    url,
  )

test.describe("with Playwright's serviceWorkers: 'block'", () => {
  test.use({ serviceWorkers: 'block' })

  test('the seed flow runs in the page over HTTP and the socket, the mode is in-page and said once', async ({ page }) => {
    const lines = httpLines(page)
    await gotoReady(page, PAGE)
    expect(await modeOf(page)).toBe('in-page')
    expect(lines).toEqual([expect.stringMatching(/^warning: /)])
    expect(lines[0]).toContain(`${IN_PAGE}Failed to register the Service Worker: `)
    expect(lines[0]).toContain("as Playwright's serviceWorkers: 'block' does")
    expect(lines[0]).toContain(LOSES)

    await openSocket(page, 'feed')
    await sendSocket(page, 'feed', { type: 'init', workspace: 'default' })
    expect((await login(page)).status).toBe(200)
    const products = await api(page, 'GET', '/api/products')
    expect(listOf(products).map((p) => p.id)).toEqual(['prod-123', 'prod-124'])
    expect(products.headers['x-mockforge-persona']).toBe('user-123')
    // XMLHttpRequest too, to the configured backend origin.
    expect(await xhr(page, `${BACKEND}/api/v1/consistency/persona?workspace=default`)).toMatch(/^200 \{"workspace":"default","persona":\{"id":"user-123"/)
    const created = await createOrder(page)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ id: 'ORD-1001', status: 'pending' })
    await expect.poll(async () => (await framesOf(page, 'feed')).map(frameLine)).toEqual([
      'init_ack default', 'order_created pending', 'payment_received 99.98', 'order_status_update processing',
    ])
    await timeTravel(page, 'advance', { duration: '1d' })
    expect((await api(page, 'GET', '/api/orders/ORD-1001')).body.status).toBe('shipped')
    await expect.poll(async () => (await framesOf(page, 'feed')).map(frameLine)).toContain('order_status_update shipped')

    await page.getByRole('button', { name: 'Open Verisim devtools' }).click()
    await page.getByRole('tab', { name: 'Scenario' }).click()
    await expect(page.getByTestId('interception')).toHaveText(
      "HTTP: in the page, without a Service Worker (the console says why) — only the page's fetch and XMLHttpRequest; images, iframes, forms and navigations are not mocked",
    )

    // A reload starts in the page again, on the state the first load left.
    await page.reload()
    await waitReady(page)
    expect((await api(page, 'GET', '/api/orders/ORD-1001')).body.status).toBe('shipped')
    expect(lines).toHaveLength(2)
  })

  test("the demo shop: its first request is mocked, an order placed in it ships a day later", async ({ page }) => {
    await gotoReady(page, '/#/login')
    await page.getByRole('button', { name: /^Sign in as Demo User/ }).click()
    await expect(page.getByTestId('who')).toHaveText('Demo User')
    await page.getByRole('button', { name: 'Order Wireless Noise-Cancelling Headphones' }).click()
    await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'processing')
    await page.getByRole('button', { name: 'Travel to 27 Jan 2025' }).click()
    await page.getByRole('button', { name: '+1 day' }).click()
    // Shown from the socket's frame, and the same answer over HTTP.
    await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'shipped')
    await expect(page.getByTestId('tracking-number')).toHaveText('TRACK001001')
    expect((await api(page, 'GET', '/api/orders/ORD-1001')).body).toMatchObject({ status: 'shipped', tracking_number: 'TRACK001001' })
    await page.getByRole('button', { name: 'Open Verisim devtools' }).click()
    await page.getByRole('tab', { name: 'Scenario' }).click()
    await expect(page.getByTestId('interception')).toContainText('HTTP: in the page, without a Service Worker')
  })

  test('use() overrides a route in the page, resetHandlers() drops it, and the override is logged; no worker, so no handler is unreachable', async ({ page }) => {
    const warnings = consoleWarnings(page)
    await gotoReady(page, '/e2e/fixtures/start-stop.html')
    const seen = await page.evaluate(async () => {
      const w = window as any
      const { productsOverride, elsewhere } = await import('/e2e/fixtures/own-handlers.ts' as string)
      const logged: string[] = []
      w.verisim.engine.events.on('request', (entry: { url: string; overridden?: boolean }) => logged.push(`${new URL(entry.url).pathname} ${entry.overridden ?? false}`))
      w.verisim.use(productsOverride, elsewhere)
      const overridden = await (await fetch('/api/products')).json()
      const other = await (await fetch('https://elsewhere.test/api/thing')).json()
      await new Promise((resolve) => setTimeout(resolve, 200))
      w.verisim.resetHandlers()
      const scenario = await (await fetch('/api/products')).json()
      return { mode: w.verisim.mode, overridden, other, scenario: scenario.map((p: { id: string }) => p.id), logged }
    })
    expect(seen.mode).toBe('in-page')
    expect(seen.overridden).toEqual([expect.objectContaining({ id: 'override-1' })])
    expect(seen.other).toEqual({ ok: true })
    expect(seen.scenario).toEqual(expect.arrayContaining(['prod-123', 'prod-124']))
    // In the page every request of its JavaScript is seen: the handler for another origin runs too.
    expect(seen.logged).toEqual(['/api/products true', '/api/thing true', '/api/products false'])
    expect(warnings.filter((w) => w.includes('will not run'))).toEqual([])
  })

  test('stop() puts fetch and XMLHttpRequest back', async ({ page }) => {
    await gotoReady(page, '/e2e/fixtures/start-stop.html')
    const restored = await page.evaluate(async () => {
      const w = window as any
      const patched = w.fetch !== w.nativeFetch
      await w.verisim.stop()
      return { patched, fetch: w.fetch === w.nativeFetch, socket: w.WebSocket === w.nativeWebSocket }
    })
    expect(restored).toEqual({ patched: true, fetch: true, socket: true })
    expect((await api(page, 'GET', '/api/products')).contentType).toContain('text/html')
  })

  test('a page that also froze its fetch (as a lockdown script does): ready rejects with both reasons and the fix', async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'fetch', { value: window.fetch, writable: false, configurable: false })
    })
    const warnings: string[] = []
    page.on('console', (message) => message.type() === 'warning' && warnings.push(message.text()))
    await page.goto(PAGE)
    await expect(page.locator('html[data-verisim="error"]')).toHaveCount(1, { timeout: 20_000 })
    const message = await page.evaluate(() => document.documentElement.dataset.verisimError)
    expect(message).toMatch(/^Verisim cannot mock HTTP in this page: no Service Worker \(Failed to register the Service Worker: .*\), and fetch cannot be replaced in this page \(not a configurable property of window\)\. /)
    expect(message).toContain('Open the page over https or http://localhost in a browser that allows Service Workers, or leave window.fetch and XMLHttpRequest replaceable.')
    // Nothing is left patched by the failed start.
    expect(await page.evaluate(() => typeof (window as any).WebSocket.prototype.send)).toBe('function')
    // And the requests the page sent before it failed were not held: said as start began.
    expect(warnings).toContain('[verisim] this page does not let fetch be replaced: what it sends before the mock holds its requests is not held, and may reach the network.')
  })
})

test('a browser without navigator.serviceWorker mocks in the page and says why', async ({ page }) => {
  await page.addInitScript(() => {
    delete (Navigator.prototype as { serviceWorker?: unknown }).serviceWorker
  })
  const lines = httpLines(page)
  await gotoReady(page, PAGE)
  expect(await modeOf(page)).toBe('in-page')
  expect(lines).toEqual([`warning: ${IN_PAGE}this browser gives the page no navigator.serviceWorker (Service Workers are turned off, or unavailable in this private mode). ${LOSES} Sockets are mocked as before, and other tabs of this origin still share the state.`])
  await login(page)
  expect((await createOrder(page)).status).toBe(201)
})

test('a worker that never starts: startVerisim still resolves, in the page, after a bounded wait', async ({ page }) => {
  await page.addInitScript(() => {
    navigator.serviceWorker.register = () => new Promise(() => undefined)
  })
  const lines = httpLines(page)
  await gotoReady(page, PAGE)
  expect(await modeOf(page)).toBe('in-page')
  expect(lines).toEqual([expect.stringContaining(`${IN_PAGE}the Service Worker http://localhost:`)])
  expect(lines[0]).toContain('did not start within 5 s')
  expect((await login(page)).status).toBe(200)
})

test.describe('a hard reload', () => {
  /** Chromium's reload that bypasses the cache, as Shift+Reload does: the page is loaded past its worker. */
  const hardReload = async (page: Page) => {
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Page.reload', { ignoreCache: true })
    await cdp.detach()
  }

  test('with another tab open, the reloaded page mocks in the page at once, without a second reload, on the shared state', async ({ page, context }) => {
    const other = await context.newPage()
    await gotoReady(other, PAGE)
    await gotoReady(page, PAGE)
    expect(await modeOf(page)).toBe('service-worker')
    await login(page)
    expect((await createOrder(page)).body.id).toBe('ORD-1001')

    const lines = httpLines(page)
    let navigations = 0
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++
    })
    await hardReload(page)
    await waitReady(page)
    expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull()
    expect(await modeOf(page)).toBe('in-page')
    expect(lines).toEqual([expect.stringContaining(`${IN_PAGE}the page was loaded past its active Service Worker, as a hard reload (Shift+Reload) does; a normal reload brings the worker back.`)])
    expect((await api(page, 'GET', '/api/orders/ORD-1001')).body.status).toBe('processing')
    // The other tab, still served by the worker, sees what this one does.
    expect((await createOrder(page)).body.id).toBe('ORD-1002')
    expect((await api(other, 'GET', '/api/orders/ORD-1002')).status).toBe(200)
    expect(navigations).toBe(1)

    // A normal reload is controlled again.
    await page.reload()
    await waitReady(page)
    expect(await modeOf(page)).toBe('service-worker')
  })

  test("alone, the demo's first request after it is mocked", async ({ page }) => {
    await gotoReady(page)
    await expect(page.getByTestId('products').locator('.product-card')).toHaveCount(6)
    let navigations = 0
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++
    })
    await hardReload(page)
    await waitReady(page)
    await expect(page.getByTestId('products').locator('.product-card')).toHaveCount(6)
    expect(navigations).toBe(1)
  })
})

test("DevTools' Bypass for network: one warning that HTTP mocking is bypassed and what to untick", async ({ page }) => {
  const lines = httpLines(page)
  await gotoReady(page, PAGE)
  expect(await modeOf(page)).toBe('service-worker')
  expect((await api(page, 'GET', '/api/products')).status).toBe(200)
  expect(lines).toEqual(['info: [verisim] HTTP is mocked by the Service Worker /verisim-sw.js'])

  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.setBypassServiceWorker', { bypass: true })
  // Past the worker, Vite's dev server answers its HTML.
  expect((await api(page, 'GET', '/api/products')).contentType).toContain('text/html')
  await api(page, 'GET', '/api/orders')
  await expect.poll(() => lines.length).toBe(2)
  expect(lines[1]).toBe(
    `warning: [verisim] ${new URL('/api/products', page.url()).href} went to the network past the Service Worker: HTTP mocking is bypassed in this page (its mocked sockets still work). ` +
      'Untick "Bypass for network" in DevTools › Application › Service Workers.',
  )
  await page.waitForTimeout(300)
  expect(lines).toHaveLength(2)
})
