import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'verisim/playwright'

// The mock answers only for the shop's backend: the app's own server and Vite's HMR socket are untouched.

const BANNER = fileURLToPath(new URL('../src/banner.ts', import.meta.url))

/**
 * Overwrites a file in place with text of the same length. A plain save truncates the file
 * first, and the dev server, told of the change, can read it empty in between.
 */
function overwrite(path: string, text: string): void {
  expect(text.length, `${path}: the new text must be as long as the old one`).toBe(readFileSync(path, 'utf8').length)
  writeFileSync(path, text, { flag: 'r+' })
}

test("a request the mock does not serve reaches the app's own server", async ({ page, verisim, request }) => {
  await page.goto('/')
  await verisim.ready()
  const direct = (await (await request.get('/real/ping')).json()) as { pong: boolean; server: string; hits: number }
  expect(direct.pong).toBe(true)
  await expect(page.getByTestId('ping')).toHaveText(`pong from ${direct.server}`)

  const fromPage = await page.evaluate(async () => {
    const response = await fetch('/real/ping')
    return { type: response.headers.get('content-type'), body: (await response.json()) as { server: string; hits: number } }
  })
  expect(fromPage.type).toBe('application/json')
  expect(fromPage.body.server).toBe(direct.server)
  expect(fromPage.body.hits).toBeGreaterThan(direct.hits)
})

test("an edit to src/banner.ts is hot-swapped over Vite's socket, without a reload", async ({ page, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  const banner = page.getByTestId('banner')
  await expect(banner).toHaveText('Free shipping on every order')
  await page.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true))

  const original = readFileSync(BANNER, 'utf8')
  const editedAt = Date.now()
  try {
    overwrite(BANNER, original.replace("'Free shipping on every order'", "'Summer sale: 25% off all day'"))
    await expect(banner).toHaveText('Summer sale: 25% off all day', { timeout: 15_000 })
  } finally {
    // Vite's watcher (chokidar) drops a second change to a file within 50 ms of the first.
    await new Promise((resolve) => setTimeout(resolve, editedAt + 200 - Date.now()))
    overwrite(BANNER, original)
  }
  await expect(banner).toHaveText('Free shipping on every order', { timeout: 15_000 })
  expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true)
  // The mock still serves after the update.
  expect((await verisim.request('GET', '/api/products')).body).toHaveLength(6)
})

test('the devtools button opens the panel, whose link opens the webhook inspector the plugin serves', async ({ page, context, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  await page.getByRole('button', { name: 'Open Verisim devtools' }).click()
  await page.getByRole('tab', { name: 'Webhooks' }).click()
  const [inspector] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Open the webhook inspector ↗' }).click()])
  await expect(inspector.locator('html[data-inspector=listening]')).toHaveCount(1)
  expect(new URL(inspector.url()).pathname).toBe('/verisim-inspector.html')
})
