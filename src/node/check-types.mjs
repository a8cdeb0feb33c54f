#!/usr/bin/env node
// The package's declarations (dist/types/) stand alone: an app that installed only `verisim` and
// its peers compiles them with `skipLibCheck: false`. The package bundles msw, xstate, mock-socket
// and idb into its JavaScript and installs none of them, so no declaration may name them; and the
// Playwright entry may name `@playwright/test` (a peer) but not `playwright/test`, which only npm's
// hoisting puts within an app's reach (pnpm's strict layout does not).
//
// The app is made in a temporary folder outside the repository, so nothing resolves from its
// node_modules: `node_modules/verisim` holds package.json and a copy of dist/types; the peers
// `@playwright/test` and `vite` are links to this repository's copies (their own dependencies
// resolve beside them, as in any layout). It is compiled twice: `moduleResolution` `bundler` and
// `nodenext`. And every declaration is read for the packages it names: only the peers. Run by
// check-package.mjs; on its own, `node src/node/check-types.mjs` after a build.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/** Bundled into the package's JavaScript, never installed with it. */
const BUNDLED = ['msw', 'xstate', 'mock-socket', 'idb', '@mswjs/interceptors', 'tough-cookie']
/** The package's peer dependencies: the app installs them. */
const PEERS = ['@playwright/test', 'vite']

/** An app's use of every public entry's types; `@ts-expect-error` lines must stay errors. */
const APP = `import {
  HttpResponse, VerisimError, delay, http, installPanel, startVerisim, verisimContext,
  type Engine, type EngineEvents, type EngineOptions, type MockHandler, type OrderBody, type Scenario, type StartOptions, type Verisim, type WireBody,
} from 'verisim'
import { Engine as EngineClass, loadScenario } from 'verisim/engine'
import { expect, test } from 'verisim/playwright'
import type { ClockStatus, VerisimFixture } from 'verisim/playwright'
import { verisim, type VerisimPluginOptions } from 'verisim/vite'
import type { Plugin } from 'vite'

/** What msw's \`http.get(…)\` makes, as far as an app without msw can write it. */
const own: MockHandler = {
  info: { header: 'GET /api/health' },
  test: async () => true,
  run: async () => ({ response: new Response('ok') }),
}
/** The same with the http and HttpResponse the package re-exports, answering from the scenario's world. */
const summary: MockHandler = http.get('/app/summary/:id', async ({ request, params }) => {
  const ctx = verisimContext(request)
  await delay(10)
  const persona = await ctx.persona()
  const orders: Response = await ctx.scenario('/api/orders')
  return HttpResponse.json({ id: params.id, workspace: ctx.workspace, name: persona?.name ?? null, orders: orders.status })
})
const options: StartOptions = { scenario: { config: {}, personas: [], products: [] } as unknown as Scenario, handlers: [own, summary] }
// @ts-expect-error handlers are MSW request handlers, not any object
const wrong: StartOptions = { scenario: options.scenario, handlers: [{ url: '/api/health' }] }

export async function start(): Promise<string> {
  const started: Verisim = await startVerisim(options)
  const engine: Engine = started.engine
  const unsubscribe = engine.events.on('warning', (warning: EngineEvents['warning']) => console.warn(warning.message))
  unsubscribe()
  started.route('GET /api/products/:id', (route) => route.fulfill({ json: { id: route.request().url() } }))
  started.unroute('GET /api/products/:id')
  const removePanel = installPanel(engine)
  removePanel()
  const order: OrderBody | undefined = undefined
  const body: WireBody | undefined = order
  const scenario: Scenario = loadScenario({ config: {}, personas: [], products: [] } as never)
  const built: EngineOptions | undefined = undefined
  const same: typeof EngineClass.prototype = engine
  if ((body as unknown) instanceof VerisimError) throw body
  await started.stop()
  return scenario.name + String(built) + String(wrong) + String(same)
}

const plugin: Plugin = verisim({ scenario: 'scenarios/shop', panel: true } satisfies VerisimPluginOptions)

test('orders ship', async ({ page, verisim: mock }) => {
  const fixture: VerisimFixture = mock
  await page.goto('/')
  await fixture.ready()
  await fixture.route(/\\/api\\/orders$/, async (route) => {
    const context = await route.context()
    if (context.persona === null) return route.abort()
    return route.request().method() === 'GET' ? route.fulfill({ json: { orders: [], count: 0 }, status: 200 }) : route.fallback()
  })
  await fixture.unroute(/\\/api\\/orders$/)
  const clock: ClockStatus = await fixture.time.advance('3 days')
  const { status } = await fixture.request('GET', '/api/orders')
  expect(status).toBe(200)
  expect(clock).toBeTruthy()
  expect(plugin.name).toBe('verisim')
})
`

/** Links `name` in the app's node_modules to this repository's copy (its real folder, so its own dependencies resolve beside it). */
function linkPeer(modules, name) {
  const target = join(modules, name)
  mkdirSync(dirname(target), { recursive: true })
  symlinkSync(realpathSync(join(ROOT, 'node_modules', name)), target, 'dir')
}

/** Compiles the app with `moduleResolution` (bundler or nodenext); throws with tsc's output when it fails. */
function compile(app, moduleResolution) {
  const config = `tsconfig.${moduleResolution}.json`
  writeFileSync(
    join(app, config),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: moduleResolution === 'bundler' ? 'ESNext' : 'NodeNext',
        moduleResolution,
        lib: ['ES2023', 'DOM', 'DOM.Iterable'],
        // Only what the app names: no @types folder is looked up.
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        verbatimModuleSyntax: true,
      },
      files: ['app.ts'],
    }),
  )
  const checked = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(app, config)], { cwd: app, encoding: 'utf8' })
  if (checked.status !== 0) throw new Error(`moduleResolution ${moduleResolution}: tsc failed:\n${checked.stdout}${checked.stderr}`)
}

/** Throws when a declaration names a package other than the peers (one that tsc found only because it happened to be within reach would pass it). */
function namesOnlyPeers(folder, shown = 'dist/types') {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) {
      namesOnlyPeers(path, `${shown}/${name}`)
      continue
    }
    const named = [...readFileSync(path, 'utf8').matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+|\breference\s+types=)['"]([^'"]+)['"]/gm)].map((m) => m[1])
    const foreign = [...new Set(named.filter((specifier) => !specifier.startsWith('.') && !PEERS.includes(specifier)))]
    if (foreign.length > 0) throw new Error(`${shown}/${name} names ${foreign.join(', ')}, which an app installing the package need not have`)
  }
}

/** Type-checks dist/types as an app sees it; throws with what fails. */
export function checkTypes() {
  const types = join(ROOT, 'dist/types')
  if (!existsSync(types)) throw new Error('dist/types is missing: build the package first')
  namesOnlyPeers(types)
  const app = mkdtempSync(join(tmpdir(), 'verisim-check-types-'))
  try {
    const modules = join(app, 'node_modules')
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    const installed = join(modules, 'verisim')
    mkdirSync(installed, { recursive: true })
    const { version, type, exports, types: entry } = manifest
    writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: manifest.name, version, type, exports, types: entry }, null, 2))
    cpSync(types, join(installed, 'dist/types'), { recursive: true })
    for (const peer of PEERS) linkPeer(modules, peer)
    for (let folder = app; ; folder = dirname(folder)) {
      for (const bundled of BUNDLED) if (existsSync(join(folder, 'node_modules', bundled))) throw new Error(`${bundled} is within the app's reach, in ${folder}/node_modules`)
      if (dirname(folder) === folder) break
    }
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'verisim-types-app', private: true, type: 'module' }))
    writeFileSync(join(app, 'app.ts'), APP)
    for (const resolution of ['bundler', 'nodenext']) compile(app, resolution)
  } finally {
    rmSync(app, { recursive: true, force: true })
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    checkTypes()
    console.log('check-types: dist/types compiles with skipLibCheck: false in an app with only the package and its peers')
  } catch (error) {
    console.error(`check-types: ${error.message}`)
    process.exit(1)
  }
}
