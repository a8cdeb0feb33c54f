import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { cleanUp, expectAllPassed, expectTypeChecks, packVerisim, prepareApp, ROOT, runPlaywright } from './support/consumer.ts'

// The package as a page without a bundler gets it: the packed tarball installed into a plain HTML
// app (e2e/consumer/script-tag, served by a small Node server of its own), `npx verisim init`
// copying the script and the workers, one script tag, and the app's own Playwright tests. Its second
// page (public/library.html) runs on scenarios/library, whose openapi.yaml `init` compiles in Node.

const APP = join(ROOT, 'e2e/consumer/script-tag')
const SCENARIO = join(ROOT, 'scenarios/e2e-persona-flow')
/** A scenario whose API is its own openapi.yaml, for the app's second page (public/library.html). */
const LIBRARY = join(ROOT, 'scenarios/library')

const EXPECTED = [
  "library-page.test.ts › a loan without book_id is refused with 400 naming the field, a text body with 415, and nothing is created",
  'library-page.test.ts › borrow a book: 201, requested then active; 15 days later overdue on the socket, the loan.overdue webhook and the page, still after a reload',
  "library-page.test.ts › the library page lists the data file's books and the members of the spec's example",
  "own-msw.test.ts › a handler made with the app's own msw overrides the products for the signed-in persona; resetHandlers gives the scenario's back",
  'plain-page.test.ts › a scenario URL that does not exist: a clear message, and ready rejects with it',
  "plain-page.test.ts › the app's first request and socket, made before the mock has started, are mocked: on a first visit and after a reload",
  "plain-page.test.ts › without a Service Worker › the app's first request and socket, made before the mock has started, are mocked in the page",
  'plain-page.test.ts › sign in, order, a day later the order.shipped webhook and the socket frame, and the page shows it',
  'plain-page.test.ts › without a Service Worker › the page still signs in and orders, mocked in the page; ready resolves with mode in-page',
  'plain-page.test.ts › stop() restores the globals it patched; the mocked origin is then the network again',
  "plain-page.test.ts › the app server's own endpoint is not mocked, the devtools button and the inspector page are there",
]
test.describe.configure({ mode: 'serial', timeout: 10 * 60_000 })
test.afterAll(cleanUp)

let app: string

test('npx verisim init copies the script, the workers and the inspector, and compiles the scenarios, an OpenAPI one with its validators', () => {
  app = prepareApp(APP, packVerisim(), { copy: [[SCENARIO, 'scenarios/e2e-persona-flow'], [LIBRARY, 'scenarios/library']] })
  const init = spawnSync('npm', ['run', '--silent', 'mock'], { cwd: app, encoding: 'utf8' })
  expect(init.status, `${init.stdout}\n${init.stderr}`).toBe(0)
  expect(init.stdout).toContain('<script src="/verisim.js" data-scenario="/scenarios/e2e-persona-flow/scenario.json"></script>')
  for (const file of ['verisim.js', 'verisim-sw.js', 'mockServiceWorker.js', 'verisim-inspector.html']) {
    expect(readFileSync(join(app, 'public', file), 'utf8')).toBe(readFileSync(join(app, 'node_modules/verisim/dist/public', file), 'utf8'))
  }
  const compiled = JSON.parse(readFileSync(join(app, 'public/scenarios/e2e-persona-flow/scenario.json'), 'utf8'))
  expect(compiled).toMatchObject({ name: 'e2e-persona-flow', config: { server: { http: { port: 3000 } } } })

  // The library's openapi.yaml is compiled in Node: its validators beside scenario.json, which names them.
  expect(init.stdout).toContain('<script src="/verisim.js" data-scenario="/scenarios/library/scenario.json"></script>')
  const library = JSON.parse(readFileSync(join(app, 'public/scenarios/library/scenario.json'), 'utf8'))
  expect(library).toMatchObject({ name: 'library', config: { server: { http: { port: 4010 } } }, validatorsModule: 'validators.js' })
  expect(existsSync(join(app, 'public/scenarios/library/validators.js'))).toBe(true)
  expect(readFileSync(join(app, 'public/scenarios/library/validators.js'), 'utf8')).toMatch(/^export default function verisimValidators/m)
})

test("the tests type-check against the installed package's declarations", () => {
  // The script-tag app has an msw of its own (handlers made with it); the Vite app has none.
  expectTypeChecks(app, { own: ['msw'] })
})

test("the plain page's own Playwright tests pass with verisim/playwright", async () => {
  const run = await runPlaywright(app)
  expectAllPassed(run, EXPECTED)
})
