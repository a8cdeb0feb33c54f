import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { expect, test } from '@playwright/test'
import { cleanUp, describeRun, expectAllPassed, expectTypeChecks, freePort, packVerisim, prepareApp, ROOT, runPlaywright, testNames } from './support/consumer.ts'

// The package as a user gets it: `npm pack`ed, installed into a separate Vite app
// (e2e/consumer/vite-app) that runs its own Playwright tests with verisim/vite and verisim/playwright.
// The app is installed in pnpm's strict layout (npm's linked strategy): it reaches only what it
// depends on, so the package's code and declarations may not lean on anything hoisted beside it
// (the script-tag app keeps npm's default layout). (What the tarball contains is checked by
// `npm run test:package`.)

const APP = join(ROOT, 'e2e/consumer/vite-app')
const SCENARIO = join(ROOT, 'scenarios/e2e-persona-flow')

/** Every test of the consumer app, as `file › title` (`[project] file › title` in a named project). */
const EXPECTED = [
  "[in-page] first-request.test.ts › the app's first XMLHttpRequest, made as its modules run, is answered by the mock",
  '[in-page] orders.test.ts › a persona only sees the products of its preferences and its own orders',
  '[in-page] orders.test.ts › an order placed in the shop ships a day later: webhook, socket frame and page agree',
  "contract.test.ts › the seed's spec is enforced through the plugin: 400 naming the missing field, 415 for a text body, nothing created",
  "dev-server.test.ts › a request the mock does not serve reaches the app's own server",
  "dev-server.test.ts › an edit to src/banner.ts is hot-swapped over Vite's socket, without a reload",
  'dev-server.test.ts › the devtools button opens the panel, whose link opens the webhook inspector the plugin serves',
  'fresh-state.test.ts › Casey starts in an empty shop: no orders from other tests, numbering from the first',
  'fresh-state.test.ts › Demo User starts in an empty shop: no orders from other tests, numbering from the first',
  "first-request.test.ts › the app's first XMLHttpRequest, made as its modules run, is answered by the mock",
  'orders.test.ts › a persona only sees the products of its preferences and its own orders',
  'orders.test.ts › an order placed in the shop ships a day later: webhook, socket frame and page agree',
  "reality.test.ts › a route turned to reality shows the staging server's fields, filled in by the mock's",
  "snapshots.test.ts › a world exported in beforeAll is imported into the test's fresh context: the shop shows its order",
  'snapshots.test.ts › a snapshot taken before shipping brings the order back, and the socket says so',
  "overrides.test.ts › the app's handlers module answers its own route with the signed-in persona and its orders",
  'overrides.test.ts › an aborted sign-in is a network error for the shop; unroute restores it',
  'overrides.test.ts › an override that falls back leaves the answer to the scenario, and sees who asks',
  'overrides.test.ts › verisim.route answers the products for the shop, from its first request',
  'stop.test.ts › stop() puts back every global it patched, and the backend paths are no longer mocked',
]

let app: string | undefined
const installedApp = () => (app ??= prepareApp(APP, packVerisim(), { copy: [[SCENARIO, 'scenarios/e2e-persona-flow']], linked: true }))

test.describe.configure({ mode: 'serial', timeout: 10 * 60_000 })
test.afterAll(cleanUp)

test('an app installs the packed package and its own Playwright tests pass with verisim/playwright', async () => {
  const run = await runPlaywright(installedApp(), [])
  expectAllPassed(run, EXPECTED)
})

test("the app's sources, config and tests type-check against the installed package's declarations", () => {
  expectTypeChecks(installedApp(), { linked: true })
})

test('its tests split over --shard', async () => {
  const first = await runPlaywright(installedApp(), ['--shard=1/2'])
  expect(first.status, describeRun(first)).toBe(0)
  const second = await runPlaywright(installedApp(), ['--shard=2/2'])
  expect(second.status, describeRun(second)).toBe(0)

  for (const shard of [first, second]) {
    expect(shard.report.length, 'each shard runs some of the tests').toBeGreaterThan(0)
    expect(shard.report.filter((t) => t.status !== 'passed'), describeRun(shard)).toEqual([])
  }
  // Together, every test exactly once.
  expect([...testNames(first.report), ...testNames(second.report)].sort()).toEqual([...EXPECTED].sort())
})

test("the dev server's first start knows verisim up front: no late dependency optimization, no reload", async ({ page }) => {
  const dir = installedApp()
  // A first start: nothing optimized yet.
  rmSync(join(dir, 'node_modules/.vite'), { recursive: true, force: true })
  const port = await freePort()
  const server = spawn(process.execPath, [join(dir, 'node_modules/vite/bin/vite.js'), '--port', String(port), '--strictPort'], { cwd: dir })
  let log = ''
  const listening = new Promise<void>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      log += stripVTControlCharacters(chunk.toString('utf8'))
      if (log.includes(`localhost:${port}`)) resolve()
    }
    server.stdout.on('data', read)
    server.stderr.on('data', read)
    server.once('exit', (code) => reject(new Error(`vite exited (${code}) before listening:\n${log}`)))
  })
  try {
    await listening
    let navigations = 0
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++
    })
    await page.goto(`http://localhost:${port}/`)
    await expect(page.getByTestId('banner')).toHaveText('Free shipping on every order', { timeout: 20_000 })
    // Vite optimizes a dependency found late once the page's requests have settled, then reloads it.
    await page.waitForLoadState('networkidle')
    expect(log).not.toMatch(/dependenc(y|ies) optimized|optimized dependencies changed|reloading/)
    expect(navigations).toBe(1)
  } finally {
    server.kill()
  }
})
