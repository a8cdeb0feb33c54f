import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from '@playwright/test'
import { build, createServer, preview, type ViteDevServer } from 'vite'
import { verisim } from '../src/vite/plugin.ts'
import { expect, test } from './support/fixtures.ts'

// The Vite plugin in an app of its own (e2e/fixtures/vite-app): no startVerisim() in the app, no worker copied by hand.

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const APP = join(ROOT, 'e2e/fixtures/vite-app')

const RUNTIME_DEPENDENCIES = [
  'msw', 'msw/browser', 'xstate', 'idb', 'mock-socket', 'ajv/dist/runtime/equal.js', 'ajv/dist/runtime/ucs2length.js',
  'ajv/dist/runtime/validation_error.js', 'ajv-formats/dist/formats.js',
]

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
    // The runtime here is the repository's source: its dependencies are found only once the page
    // imports them, and Vite reloads the page when it finds a late one. Named up front, they are
    // bundled before the page loads (an app on the package gets them bundled in verisim itself).
    optimizeDeps: { include: RUNTIME_DEPENDENCIES },
    plugins: [verisim({ scenario, runtime: join(ROOT, 'src/index.ts') })],
  })
  await server.listen()
  origin = (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, '')
})

test.afterAll(async () => {
  await server?.close()
  rmSync(scenario, { recursive: true, force: true })
})

/** Loads the app (reloaded: in a page its worker already controls) and says how its HTTP was mocked and whether its first request came before the engine had started. */
async function firstRequest(page: Page, reload: boolean) {
  const modes: string[] = []
  page.on('console', (message) => {
    const mode = /^\[verisim\] HTTP is mocked (by the Service Worker|in the page)/.exec(message.text())?.[1]
    if (mode) modes.push(mode === 'in the page' ? 'in-page' : 'service-worker')
  })
  // A world slow to read: IndexedDB answers its opening 1.5 s late.
  await page.addInitScript(() => {
    const open = IDBFactory.prototype.open
    IDBFactory.prototype.open = function (this: IDBFactory, ...args: Parameters<IDBFactory['open']>) {
      const request = open.apply(this, args)
      request.addEventListener('success', (event) => {
        event.stopImmediatePropagation()
        setTimeout(() => request.dispatchEvent(new Event('success')), 1500)
      }, { once: true })
      return request
    }
  })
  await page.goto(`${origin}/`)
  await expect(page.locator('html[data-app=ready]')).toHaveCount(1, { timeout: 20_000 })
  if (reload) {
    modes.length = 0
    await page.reload()
    await expect(page.locator('html[data-app=ready]')).toHaveCount(1, { timeout: 20_000 })
  }
  await expect.poll(() => modes.length).toBe(1)
  const html = page.locator('html')
  return {
    mode: modes[0],
    engine: await html.getAttribute('data-engine-at-first-request'),
    count: await page.locator('#count').textContent(),
    // status, workspace header, products, readyState changes: the mock's answer, as XMLHttpRequest tells it.
    xhr: await page.locator('#xhr').textContent(),
    // A fetch function kept by the app as its modules ran, called once the mock held the requests.
    kept: await page.locator('#kept').textContent(),
  }
}

test("the app runs before the engine has started, and its first request, made then, waits in the worker and is mocked", async ({ page }) => {
  // A reload: the worker controls the page from its first request on.
  expect(await firstRequest(page, true)).toEqual({ mode: 'service-worker', engine: 'starting', count: '6', xhr: '200 default 6 1234', kept: '200 default' })
})

test.describe('without a Service Worker', () => {
  test.use({ serviceWorkers: 'block' })

  test("the app runs before the engine has started, and its first request, made then, waits in the page and is mocked", async ({ page }) => {
    expect(await firstRequest(page, true)).toEqual({ mode: 'in-page', engine: 'starting', count: '6', xhr: '200 default 6 1234', kept: '200 default' })
  })
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

/** The mock's modules the dev server could not make (its scenario, when the scenario is wrong): the page's module scripts that import them do not run. */
function failedModules(page: Page): string[] {
  const failed: string[] = []
  page.on('response', (response) => {
    if (response.status() >= 500 && response.url().includes('virtual:verisim')) failed.push(`${response.status()} ${decodeURIComponent(new URL(response.url()).pathname)}`)
  })
  return failed
}

test('a scenario with a mistake stops with its path and reason in the overlay, and the app does not run', async ({ page }) => {
  const config = join(scenario, 'config.yaml')
  writeFileSync(config, readFileSync(config, 'utf8').replace('after_days: 1', 'after_days: "soon"'))
  const failed = failedModules(page)
  await page.goto(`${origin}/`)
  await expect(page.locator('vite-error-overlay')).toHaveCount(1, { timeout: 15_000 })
  const message = await page.locator('vite-error-overlay').evaluate((el) => el.shadowRoot?.textContent ?? '')
  expect(message).toContain('after_days: expected a non-negative number, got "soon"')
  // The scenario module failed (the overlay above says why): neither the mock nor the app ran.
  expect(failed).toContain('500 /@id/__x00__virtual:verisim/scenario')
  await expect(page.locator('html[data-app=ready]')).toHaveCount(0)
  expect(await page.locator('#count').textContent()).toBe('…')
})

test('a broken OpenAPI document stops the same way, naming the file and the place in it', async ({ page }) => {
  const config = join(scenario, 'config.yaml')
  writeFileSync(config, readFileSync(join(ROOT, 'scenarios/e2e-persona-flow/config.yaml'), 'utf8'))
  const spec = join(scenario, 'openapi.yaml')
  const original = readFileSync(spec, 'utf8')
  writeFileSync(spec, original.replace("$ref: '#/components/schemas/Product'", "$ref: '#/components/schemas/Produce'"))
  const failed = failedModules(page)
  try {
    await page.goto(`${origin}/`)
    await expect(page.locator('vite-error-overlay')).toHaveCount(1, { timeout: 15_000 })
    const message = await page.locator('vite-error-overlay').evaluate((el) => el.shadowRoot?.textContent ?? '')
    expect(message).toContain(`${spec}: at #/paths/~1api~1products/get/responses/200/content/application~1json/schema/items/$ref`)
    expect(message).toContain("$ref '#/components/schemas/Produce' points at nothing in the file")
    expect(failed).toContain('500 /@id/__x00__virtual:verisim/scenario')
    await expect(page.locator('html[data-app=ready]')).toHaveCount(0)
  } finally {
    // Away from the dev server first: restoring the file reloads the pages it serves.
    await page.goto('about:blank')
    writeFileSync(spec, original)
  }
})

test("a handlers module of the app's own is asked before the scenario, which serves the rest", async ({ page }) => {
  const own = await createServer({
    root: APP,
    configFile: false,
    logLevel: 'silent',
    server: { port: 0, strictPort: false, fs: { allow: [ROOT, scenario] } },
    optimizeDeps: { include: RUNTIME_DEPENDENCIES },
    plugins: [verisim({ scenario, runtime: join(ROOT, 'src/index.ts'), handlers: 'handlers.ts' })],
  })
  await own.listen()
  try {
    await page.goto(own.resolvedUrls?.local[0] ?? '')
    await expect(page.locator('html[data-app=ready]')).toHaveCount(1, { timeout: 20_000 })
    // The app's first request was answered by its own handler (two products), not the scenario's six.
    await expect(page.locator('#count')).toHaveText('2')
    // The rest of the scenario is still served.
    expect(await page.evaluate(async () => (await fetch('http://localhost:3000/api/orders')).status)).toBe(401)
  } finally {
    await own.close()
  }
})

test('a production build leaves the mock out; with build: true the built app is mocked under its base, served by vite preview', async ({ page }) => {
  const plain = mkdtempSync(join(tmpdir(), 'verisim-build-'))
  const demo = mkdtempSync(join(tmpdir(), 'verisim-build-'))
  // A scenario of its own: the test before this one broke the shared copy on purpose.
  const ownScenario = mkdtempSync(join(tmpdir(), 'verisim-scenario-'))
  cpSync(join(ROOT, 'scenarios/e2e-persona-flow'), ownScenario, { recursive: true })
  let served: Awaited<ReturnType<typeof preview>> | undefined
  try {
    const shared = { root: APP, configFile: false as const, logLevel: 'silent' as const }
    await build({ ...shared, build: { outDir: plain, emptyOutDir: true }, plugins: [verisim({ scenario: ownScenario, runtime: join(ROOT, 'src/index.ts') })] })
    expect(readdirSync(plain).sort()).toEqual(['assets', 'index.html'])
    const code = readdirSync(join(plain, 'assets')).map((file) => readFileSync(join(plain, 'assets', file), 'utf8')).join('\n')
    expect(code).not.toContain('mockServiceWorker')

    await build({ ...shared, base: '/shop/', build: { outDir: demo, emptyOutDir: true }, plugins: [verisim({ scenario: ownScenario, build: true, runtime: join(ROOT, 'src/index.ts') })] })
    for (const file of ['verisim-sw.js', 'mockServiceWorker.js']) expect(existsSync(join(demo, file)), file).toBe(true)
    served = await preview({ ...shared, base: '/shop/', build: { outDir: demo }, preview: { port: 0, strictPort: false } })
    const url = served.resolvedUrls?.local[0] ?? ''
    expect(url).toMatch(/\/shop\/$/)
    await page.goto(url)
    await expect(page.locator('html[data-app=ready]')).toHaveCount(1, { timeout: 20_000 })
    await expect(page.locator('#count')).toHaveText('6')
    // The worker registered from the app's base, and controls the page there.
    const worker = await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.active?.scriptURL ?? '')
    expect(new URL(worker).pathname).toBe('/shop/verisim-sw.js')
  } finally {
    await served?.close()
    rmSync(plain, { recursive: true, force: true })
    rmSync(demo, { recursive: true, force: true })
    rmSync(ownScenario, { recursive: true, force: true })
  }
})
