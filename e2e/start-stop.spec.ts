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
