import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createServer, type ViteDevServer } from 'vite'
import { verisim } from '../src/vite/plugin.ts'
import { expect, test } from './support/fixtures.ts'

// The Vite plugin in an app of its own (e2e/fixtures/vite-app): no startVerisim() in the app, no worker copied by hand.

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const APP = join(ROOT, 'e2e/fixtures/vite-app')

let server: ViteDevServer
let scenario: string
let origin: string

test.beforeAll(async () => {
  scenario = mkdtempSync(join(tmpdir(), 'verisim-scenario-'))
  cpSync(join(ROOT, 'scenarios/e2e-persona-flow'), scenario, { recursive: true })
  server = await createServer({
    root: APP,
    configFile: false,
    logLevel: 'silent',
    server: { port: 0, strictPort: false, fs: { allow: [ROOT, scenario] } },
    plugins: [verisim({ scenario, runtime: join(ROOT, 'src/index.ts') })],
  })
  await server.listen()
  origin = (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, '')
})

test.afterAll(async () => {
  await server?.close()
  rmSync(scenario, { recursive: true, force: true })
})

test("the app's first request is mocked, the worker is served by the plugin, and a scenario edit reloads the page", async ({ page }) => {
  await page.goto(`${origin}/`)
  await expect(page.locator('html[data-app=ready]')).toHaveCount(1, { timeout: 20_000 })
  await expect(page.locator('#count')).toHaveText('6')
  const worker = await page.evaluate(async () => (await fetch('/verisim-sw.js')).text())
  expect(worker).toContain("importScripts('./mockServiceWorker.js')")

  // A product added to the scenario reaches the page through Vite's own (unmocked) HMR socket.
  const products = join(scenario, 'products.yaml')
  writeFileSync(products, `${readFileSync(products, 'utf8')}\n  - { id: prod-999, name: Added, category: electronics, price: 1, stock: 1 }\n`)
  await expect(page.locator('#count')).toHaveText('7', { timeout: 15_000 })
})

test('a scenario with a mistake stops with its path and reason in the overlay, and the app does not run', async ({ page, pageErrors }) => {
  const config = join(scenario, 'config.yaml')
  writeFileSync(config, readFileSync(config, 'utf8').replace('after_days: 1', 'after_days: "soon"'))
  await page.goto(`${origin}/`)
  await expect(page.locator('vite-error-overlay')).toHaveCount(1, { timeout: 15_000 })
  const message = await page.locator('vite-error-overlay').evaluate((el) => el.shadowRoot?.textContent ?? '')
  expect(message).toContain('after_days: expected a non-negative number, got "soon"')
  await expect(page.locator('html[data-app=ready]')).toHaveCount(0)
  // The failed start surfaces as the page's uncaught error (the overlay above says why).
  await expect.poll(() => pageErrors.length).toBeGreaterThan(0)
  pageErrors.length = 0
})
