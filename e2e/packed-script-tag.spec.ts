import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { cleanUp, expectAllPassed, expectTypeChecks, packVerisim, prepareApp, ROOT, runPlaywright } from './support/consumer.ts'

// The package as a page without a bundler gets it: the packed tarball installed into a plain HTML
// app (e2e/consumer/script-tag, served by a small Node server of its own), `npx verisim init`
// copying the script and the workers, one script tag, and the app's own Playwright tests.

const APP = join(ROOT, 'e2e/consumer/script-tag')
const SCENARIO = join(ROOT, 'scenarios/e2e-persona-flow')

const EXPECTED = [
  'plain-page.test.ts › a scenario URL that does not exist: a clear message, and ready rejects with it',
  'plain-page.test.ts › sign in, order, a day later the order.shipped webhook and the socket frame, and the page shows it',
  'plain-page.test.ts › stop() restores the globals it patched; the mocked origin is then the network again',
  "plain-page.test.ts › the app server's own endpoint is not mocked, the devtools button and the inspector page are there",
]
test.describe.configure({ mode: 'serial', timeout: 10 * 60_000 })
test.afterAll(cleanUp)

let app: string

test('npx verisim init copies the script, the workers and the inspector, and compiles the scenario', () => {
  app = prepareApp(APP, packVerisim(), { copy: [[SCENARIO, 'scenarios/e2e-persona-flow']] })
  const init = spawnSync('npm', ['run', '--silent', 'mock'], { cwd: app, encoding: 'utf8' })
  expect(init.status, `${init.stdout}\n${init.stderr}`).toBe(0)
  expect(init.stdout).toContain('<script src="/verisim.js" data-scenario="/scenarios/e2e-persona-flow/scenario.json"></script>')
  for (const file of ['verisim.js', 'verisim-sw.js', 'mockServiceWorker.js', 'verisim-inspector.html']) {
    expect(readFileSync(join(app, 'public', file), 'utf8')).toBe(readFileSync(join(app, 'node_modules/verisim/dist/public', file), 'utf8'))
  }
  const compiled = JSON.parse(readFileSync(join(app, 'public/scenarios/e2e-persona-flow/scenario.json'), 'utf8'))
  expect(compiled).toMatchObject({ name: 'e2e-persona-flow', config: { server: { http: { port: 3000 } } } })
})

test("the tests type-check against the installed package's declarations", () => {
  expectTypeChecks(app)
})

test("the plain page's own Playwright tests pass with verisim/playwright", async () => {
  const run = await runPlaywright(app)
  expectAllPassed(run, EXPECTED)
})
