import { expect, test } from 'verisim/playwright'

const GLOBALS = ['WebSocket', 'fetch', 'XMLHttpRequest', 'EventSource'] as const

type Saved = Partial<Record<(typeof GLOBALS)[number], unknown>>

test('stop() puts back every global it patched, and the backend paths are no longer mocked', async ({ page, verisim }) => {
  // Before any script of the page: the browser's own globals.
  await page.addInitScript((names) => {
    const saved: Record<string, unknown> = {}
    for (const name of names) if (name in window) saved[name] = (window as unknown as Record<string, unknown>)[name]
    ;(window as unknown as { savedGlobals: Saved }).savedGlobals = saved
  }, [...GLOBALS])
  await page.goto('/')
  await verisim.ready()

  const changed = () =>
    page.evaluate(() => {
      const saved = (window as unknown as { savedGlobals: Record<string, unknown> }).savedGlobals
      return Object.keys(saved).filter((name) => (window as unknown as Record<string, unknown>)[name] !== saved[name])
    })
  const products = () =>
    page.evaluate(async () => {
      const response = await fetch('/api/products')
      return { type: response.headers.get('content-type') ?? '', text: await response.text() }
    })
  expect(await page.evaluate(() => Object.keys((window as unknown as { savedGlobals: object }).savedGlobals))).toEqual([...GLOBALS])
  expect(await changed()).toContain('WebSocket')
  const mocked = await products()
  expect(mocked.type).toContain('application/json')
  expect(JSON.parse(mocked.text)).toHaveLength(6)

  await page.evaluate(() => window.verisimInstance?.stop())

  expect(await changed()).toEqual([])
  // Nothing serves /api on the dev server: it answers with the app's HTML, as without the mock.
  const after = await products()
  expect(after.type).toContain('text/html')
  expect(after.text).toContain('<title>Tiny Shop</title>')
  expect(await page.evaluate(() => String(WebSocket))).toContain('[native code]')
})
