import { api, gotoReady, listOf } from './support/page.ts'
import { expect, test } from './support/fixtures.ts'

const PAGE = '/e2e/fixtures/start-stop.html'

test('a second start refuses to patch WebSocket twice and leaves the first one serving', async ({ page }) => {
  await gotoReady(page, PAGE)
  const message = await page.evaluate(async () => {
    const { startVerisim } = await import('/src/browser/start.ts' as string)
    try {
      await startVerisim({ scenario: (window as any).scenarioFiles, database: 'verisim:start-stop-2' })
      return 'started twice'
    } catch (error) {
      return (error as Error).message
    }
  })
  expect(message).toMatch(/already patched WebSocket.*call stop\(\)/)
  const products = await api(page, 'GET', '/api/products')
  expect(listOf(products)).toHaveLength(6)
  const ack = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket('ws://localhost:3001')
        ws.onopen = () => ws.send(JSON.stringify({ type: 'init', workspace: 'default' }))
        ws.onmessage = (event) => resolve(JSON.parse(String(event.data)).type)
      }),
  )
  expect(ack).toBe('init_ack')
})

test('stop() restores the native WebSocket and lets requests reach the network again', async ({ page }) => {
  await gotoReady(page, PAGE)
  expect(await page.evaluate(() => WebSocket === (window as any).nativeWebSocket)).toBe(false)
  expect((await api(page, 'GET', '/api/products')).contentType).toContain('application/json')

  await page.evaluate(() => (window as any).verisim.stop())

  expect(await page.evaluate(() => WebSocket === (window as any).nativeWebSocket)).toBe(true)
  expect(await page.evaluate(() => String(WebSocket))).toContain('[native code]')
  // Nothing answers /api here once the mock is gone: Vite's dev server falls back to HTML.
  const after = await api(page, 'GET', '/api/products')
  expect(after.contentType).toContain('text/html')
})

test("Vite's HMR socket keeps working beside the mock", async ({ page }) => {
  const logs: string[] = []
  page.on('console', (message) => logs.push(message.text()))
  await gotoReady(page, '/')
  await expect.poll(() => logs.some((line) => line.includes('[vite] connected'))).toBe(true)
})

test('a scenario compiled beforehand has its sockets routed as start is called, and stop() still restores the native WebSocket', async ({ page }) => {
  await gotoReady(page, PAGE)
  await page.evaluate(() => (window as any).verisim.stop())
  const seen = await page.evaluate(async () => {
    const { startVerisim } = await import('/src/browser/start.ts' as string)
    const { loadScenario } = await import('/src/core/scenario/load-scenario.ts' as string)
    const scenario = loadScenario((window as any).scenarioFiles)
    const starting = startVerisim({ scenario, database: 'verisim:start-stop-compiled' })
    // Opened before the engine exists: connected, and answered, once it has started.
    const routed = WebSocket !== (window as any).nativeWebSocket
    const ack = new Promise<string>((resolve) => {
      const ws = new WebSocket('ws://localhost:3001')
      ws.onopen = () => ws.send(JSON.stringify({ type: 'init', workspace: 'default' }))
      ws.onmessage = (event) => resolve(JSON.parse(String(event.data)).type)
    })
    const verisim = await starting
    const answer = await ack
    const products = await (await fetch('/api/products')).json()
    await verisim.stop()
    return { routed, answer, products: products.length, restored: WebSocket === (window as any).nativeWebSocket }
  })
  expect(seen).toEqual({ routed: true, answer: 'init_ack', products: 6, restored: true })
})

test("a page whose mock never starts has its mocked requests answered 503 by the worker after its wait, saying why", async ({ page }) => {
  test.slow()
  // The first page registers Verisim's worker; this one, in its scope, is controlled and never starts a mock.
  await gotoReady(page, PAGE)
  await page.goto('/e2e/fixtures/no-mock.html')
  const answer = await page.evaluate(async () => {
    const controller = navigator.serviceWorker.controller?.scriptURL ?? null
    const started = performance.now()
    const response = await fetch('/api/products')
    return { controller, status: response.status, body: await response.json(), waitedMs: performance.now() - started }
  })
  expect(answer.controller).toContain('/verisim-sw.js?')
  expect(answer.status).toBe(503)
  expect(answer.body.error).toMatch(/^Verisim's mock in this page did not start within 10 s, so GET http:\/\/localhost:\d+\/api\/products was not answered: see the page's console for why\.$/)
  expect(answer.waitedMs).toBeGreaterThan(9_000)
  // Everything else of the page still reaches the network at once.
  expect(await page.evaluate(async () => (await fetch('/e2e/fixtures/no-mock.html')).status)).toBe(200)
})

test("the rest of the runtime failing to load: start rejects saying so, and the socket router it put in place is gone", async ({ page }) => {
  await page.route('**/src/browser/start-engine.ts*', (route) => route.abort())
  await page.goto('/e2e/fixtures/no-mock.html')
  const seen = await page.evaluate(async () => {
    const native = window.WebSocket
    const { startVerisim } = await import('/src/browser/start.ts' as string)
    const { loadScenario } = await import('/src/core/scenario/load-scenario.ts' as string)
    const { loadScenarioFiles } = await import('/src/demo/scenario-files.ts' as string)
    const scenario = loadScenario(await loadScenarioFiles('e2e-persona-flow'))
    const starting = startVerisim({ scenario, database: 'verisim:start-stop-unloaded' })
    const routed = window.WebSocket !== native
    const message = await starting.then(() => 'started', (error: Error) => error.message)
    const held = await starting.held.then(() => 'held', (error: Error) => error.message)
    return { routed, message, same: held === message, restored: window.WebSocket === native }
  })
  expect(seen).toMatchObject({ routed: true, same: true, restored: true })
  expect(seen.message).toMatch(/^Verisim could not load the rest of its runtime \(.+\): the package's files are incomplete or were not served$/)
})
