// P5: Vite dev page load with Verisim ÷ without.
//
// Generates an import graph of small ES modules plus three pages (`without.html` loads only the app,
// `with.html` starts Verisim as the Vite plugin does, the app's modules loading beside it, and
// `controlled.html`, the app alone again, measured under the worker `with.html` registered: what
// the worker alone costs), builds Verisim as its package ships it and installs it where the app's
// imports find it (so that Vite pre-bundles it with its dependency optimizer, as in an app on the
// package), with the scenario compiled as the Vite plugin hands it to the page, starts the Vite dev
// server on its own port, warms it up, and measures navigation start → `window.__appReadyAt` for
// reloads of the pages, each going first in turn. Each measured load is the reload of a page that
// was loaded once in a fresh browser context, so the "with" page is measured with MSW's Service
// Worker installed, as a developer sees it after the first visit; the others get the same treatment.
//
// Run alone: `node e2e/bench/dev-load.mjs` (env: DEV_LOAD_PORT, DEV_LOAD_MODULES, DEV_LOAD_RUNS).
import { spawn } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { runnerImport } from 'vite'
import { launchOptions } from '../support/chromium.mjs'
import { buildLibrary } from './build-library.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const GENERATED = 'e2e/bench/.generated/dev-load'
const GENERATED_DIR = join(ROOT, GENERATED)
const GENERATED_URL = `/${GENERATED}`
// Vite's dependency cache, private to this benchmark: node_modules/.vite is shared by every Vite
// process of the checkout, and another server with another config re-optimizing it mid-run
// stalled this one's module requests for over a minute. Kept across runs (generatePages spares it).
// The same config turns off file watching: others editing src/ mid-run made Vite reload the pages
// under measurement ("page reload src/core/engine.ts"). The HMR client still loads and connects.
const CACHE_DIR_NAME = '.vite-cache'
const VITE_CONFIG = `${GENERATED}/vite.config.mjs`
const SCENARIO = 'e2e-persona-flow'
/** The pages measured: the app alone, with Verisim, and alone in a page Verisim's worker controls. */
const KINDS = ['without', 'with', 'controlled']
const READY_TIMEOUT_MS = 60_000
const SERVER_TIMEOUT_MS = 90_000


/**
 * `budgetMs` caps the measured runs on a slow or busy machine: once the next turn of runs would
 * overrun it, measuring stops (after a whole turn of the pages going first, keeping the order balanced) and
 * `runs` in the result says how many were made.
 * @param {{ browser: import('@playwright/test').Browser, port?: number, modules?: number, runs?: number, budgetMs?: number, log?: (line: string) => void }} options
 * @returns {Promise<{ without_ms: {p50:number,p95:number}, with_ms: {p50:number,p95:number}, ratio: number, modules: number, runs: number }>}
 */
export async function measureDevLoad({ browser, port = 5290, modules = 200, runs = 15, budgetMs = 210_000, log = console.log }) {
  const say = (line) => log(`[dev-load] ${line}`)
  generatePages(modules)
  say(`generated ${modules} modules in ${GENERATED}/`)
  await buildVerisim()
  say(`built Verisim as its package ships it, installed in ${GENERATED}/node_modules/verisim/`)

  const server = await startVite(port, say)
  try {
    const base = `http://localhost:${port}${GENERATED_URL}`
    const pages = { without: `${base}/without.html`, with: `${base}/with.html`, controlled: `${base}/controlled.html` }

    // Warm-up: Vite transforms every module once and settles its dependency pre-bundling
    // (a late discovery re-optimizes and reloads the page); none of this is counted.
    const warmStarted = Date.now()
    // Each warm-up is a load and a reload, so every module is served at least twice before measuring.
    for (const kind of KINDS) {
      const sample = await loadThenReload(browser, pages[kind], kind === 'controlled' ? pages.with : null)
      say(`warm-up ${kind.padEnd(7)} first load ${fmt(sample.firstMs)} ms, reload ${fmt(sample.ms)} ms`)
    }
    say(`warm-up took ${((Date.now() - warmStarted) / 1000).toFixed(1)} s`)
    const optimizingBefore = server.optimizerEvents()

    const samples = { without: [], with: [], controlled: [] }
    /** @type {Record<string, Sample>} */
    const lastDetail = {}
    const measureStarted = Date.now()
    let made = 0
    for (let run = 0; run < runs; run++) {
      const elapsed = Date.now() - measureStarted
      if (run >= KINDS.length && run % KINDS.length === 0 && elapsed + (elapsed / run) * KINDS.length > budgetMs) {
        say(`stopping after ${run} of ${runs} runs: the next turn would overrun the ${budgetMs / 1000} s budget`)
        break
      }
      // The pages take turns going first, so drift and order effects cancel.
      const order = [...KINDS.slice(run % KINDS.length), ...KINDS.slice(0, run % KINDS.length)]
      const line = {}
      for (const kind of order) {
        const sample = await measuredSample(browser, pages[kind], kind, say, kind === 'controlled' ? pages.with : null)
        samples[kind].push(sample)
        line[kind] = sample.ms
        lastDetail[kind] = sample
      }
      made++
      say(`run ${String(run + 1).padStart(2)}/${runs}  without ${fmt(line.without)} ms  with ${fmt(line.with)} ms  app alone under the worker ${fmt(line.controlled)} ms` +
        `  (Verisim started at ${fmt(samples.with.at(-1).verisimReadyMs)} ms)`)
    }
    if (server.optimizerEvents() > optimizingBefore) {
      say('WARNING: Vite re-optimized dependencies during the measured runs; the figures include it')
    }

    const without = stats(samples.without.map((s) => s.ms))
    const withVerisim = stats(samples.with.map((s) => s.ms))
    const ratio = round(withVerisim.p50 / without.p50, 3)
    const controlled = stats(samples.controlled.map((s) => s.ms))
    const floorRatio = round(controlled.p50 / without.p50, 3)
    for (const kind of KINDS) say(`${kind.padEnd(10)} ${describeRequests(lastDetail[kind])}`)
    const verisimStart = stats(samples.with.map((s) => s.verisimReadyMs ?? NaN))
    const appAfterStart = stats(samples.with.map((s) => s.ms - (s.verisimReadyMs ?? NaN)))
    say(`with: startVerisim() resolved at p50 ${fmt(verisimStart.p50)} ms (p95 ${fmt(verisimStart.p95)}) after navigation start; ` +
      `the app's modules then took p50 ${fmt(appAfterStart.p50)} ms (p95 ${fmt(appAfterStart.p95)})`)
    // Where the "with" page's time goes, in ms after navigation start (medians; each phase ends at its moment).
    const at = (kind, name) => stats(samples[kind].map((s) => s.phases[name])).p50
    say(`with, p50 after navigation start: verisim.js loaded ${fmt(at('with', 'verisimLoaded'))}, evaluated ${fmt(at('with', 'verisimEvaluated'))}, ` +
      `scenario loaded (verisim:start) ${fmt(at('with', 'scenarioLoaded'))}, worker's handshake done ${fmt(at('with', 'workerStarted'))}, ` +
      `app let go (held) ${fmt(at('with', 'held'))}, app.js requested ${fmt(at('with', 'appRequested'))}, app ready ${fmt(withVerisim.p50)}; ` +
      `without: app.js requested ${fmt(at('without', 'appRequested'))}, app ready ${fmt(without.p50)}`)
    say(`without p50 ${fmt(without.p50)} ms p95 ${fmt(without.p95)} ms | with p50 ${fmt(withVerisim.p50)} ms p95 ${fmt(withVerisim.p95)} ms | ratio ${ratio}`)
    say(`the app alone in a page Verisim's worker controls: p50 ${fmt(controlled.p50)} ms p95 ${fmt(controlled.p95)} ms | ÷ without ${floorRatio} (what the worker alone costs)`)
    return { without_ms: without, with_ms: withVerisim, ratio, controlled_ms: controlled, floor_ratio: floorRatio, modules, runs: made }
  } catch (error) {
    if (error instanceof Error) error.message += `\nvite's last output:\n${server.tail()}`
    throw error
  } finally {
    await server.stop()
  }
}

// ---------------------------------------------------------------------------------------------
// The generated app

/** A small deterministic PRNG (mulberry32), so every run generates the same graph. */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Module i imports its binary-tree children 2i+1 and 2i+2 (so the root reaches every module and the
 * graph is about log2(n) deep, like an app's import waterfall) plus one random later module (shared
 * dependencies). Every module but the last imports 1–3 later modules.
 */
function importsOf(i, count, random) {
  const targets = new Set()
  for (const child of [2 * i + 1, 2 * i + 2]) if (child < count) targets.add(child)
  // One shared dependency: always for a leaf of the tree, for half of the inner modules.
  if (i + 1 < count && (targets.size === 0 || random() < 0.5)) targets.add(i + 1 + Math.floor(random() * (count - i - 1)))
  return [...targets].sort((a, b) => a - b)
}

function moduleSource(i, imports) {
  const lines = [`// Generated by e2e/bench/dev-load.mjs: module ${i} of the dev-load benchmark app.`]
  for (const j of imports) lines.push(`import { part${j} } from './m${j}.js'`)
  lines.push(
    '',
    `const LABELS = ${JSON.stringify(Array.from({ length: 8 }, (_, k) => `m${i}-label-${k}`))}`,
    '',
    `export function part${i}(depth = 0) {`,
    `  let total = ${i}`,
    '  for (const label of LABELS) total += label.length',
    ...imports.map((j) => `  if (depth < 2) total += part${j}(depth + 1)`),
    '  return total',
    '}',
    '',
  )
  return lines.join('\n')
}

function generatePages(count) {
  if (!Number.isInteger(count) || count < 1) throw new Error(`modules must be a positive integer, got ${count}`)
  mkdirSync(GENERATED_DIR, { recursive: true })
  for (const name of readdirSync(GENERATED_DIR)) {
    if (name !== CACHE_DIR_NAME) rmSync(join(GENERATED_DIR, name), { recursive: true, force: true })
  }
  // The repository's own Vite config, unchanged but for the dependency cache's place.
  writeFileSync(
    join(ROOT, VITE_CONFIG),
    [
      '// Generated by e2e/bench/dev-load.mjs: the repository\'s Vite config with a private dependency cache',
      '// and no file watching (edits elsewhere in the checkout must not reload the pages being measured).',
      "import base from '../../../../vite.config.ts'",
      '',
      'export default async (env) => {',
      "  const config = typeof base === 'function' ? await base(env) : await base",
      `  return { ...config, cacheDir: '${GENERATED}/${CACHE_DIR_NAME}', server: { ...config.server, watch: null } }`,
      '}',
      '',
    ].join('\n'),
  )
  const random = prng(0x5eed + count)
  for (let i = 0; i < count; i++) writeFileSync(join(GENERATED_DIR, `m${i}.js`), moduleSource(i, importsOf(i, count, random)))
  writeFileSync(
    join(GENERATED_DIR, 'app.js'),
    [
      '// Generated by e2e/bench/dev-load.mjs: the root of the app; runs once every module is evaluated.',
      "import { part0 } from './m0.js'",
      '',
      'window.__appResult = part0()',
      'window.__appReadyAt = performance.now()',
      '',
    ].join('\n'),
  )
  const page = (title, body) =>
    `<!doctype html>\n<html lang="en">\n  <head><meta charset="utf-8" /><title>${title}</title></head>\n  <body>\n${body}\n  </body>\n</html>\n`
  writeFileSync(
    join(GENERATED_DIR, 'without.html'),
    page('dev-load: without Verisim', '    <script type="module" src="./app.js"></script>'),
  )
  // The app alone again, measured in a page that Verisim's worker (registered by with.html) controls.
  writeFileSync(
    join(GENERATED_DIR, 'controlled.html'),
    page('dev-load: the app alone, under the worker', '    <script type="module" src="./app.js"></script>'),
  )
  // As the Vite plugin injects it: the mock starts as soon as its own modules are in, while the
  // app's load beside them. (The plugin also has the app's entry import the start, evaluated by
  // then: no request of its own, left out here so that both pages load the same app.js.)
  writeFileSync(
    join(GENERATED_DIR, 'start.js'),
    [
      '// Generated by e2e/bench/dev-load.mjs: what the Vite plugin\'s start module does.',
      "import { startVerisim } from 'verisim'",
      "import compiled from './scenario.json'",
      "import validatorsFactory from './validators.js'",
      '',
      'const scenario = { ...compiled, validatorsFactory }',
      // Marks for the breakdown of the report: Verisim's module evaluated, and its requests held.
      "performance.mark('page:verisim-evaluated')",
      'const verisim = startVerisim({ scenario })',
      'window.__verisimStarting = verisim',
      'verisim.then(() => (window.__verisimReadyAt = performance.now()))',
      "verisim.held.then(() => performance.mark('page:held'))",
      '',
    ].join('\n'),
  )
  writeFileSync(
    join(GENERATED_DIR, 'with.html'),
    page(
      'dev-load: with Verisim',
      [
        "    <script type=\"module\">import './start.js'</script>",
        '    <script type="module" src="./app.js"></script>',
      ].join('\n'),
    ),
  )
}

/**
 * Verisim as its package ships it (unminified ES modules: the entry and the chunks it loads),
 * installed where the app's imports find it, so that Vite serves it as it serves the package in an
 * app: pre-bundled by its dependency optimizer and cached by the browser as immutable (the Vite
 * plugin declares `verisim` to the optimizer). The scenario as the Vite plugin hands it to the page:
 * compiled in Node, with its validators module.
 */
async function buildVerisim() {
  const installed = join(GENERATED_DIR, 'node_modules/verisim')
  // As the package: msw's http and HttpResponse, which the entry re-exports, are a module of their own.
  const mswApi = join(ROOT, 'src/browser/msw-api.ts')
  await buildLibrary({ entry: 'src/index.ts', outDir: installed, fileName: 'verisim', minify: false, external: [mswApi], paths: { [mswApi]: './msw/index.js' } })
  // After the entry: its build empties the folder.
  await buildLibrary({ entry: 'src/browser/msw-api.ts', outDir: join(installed, 'msw'), fileName: 'index', minify: false })
  writeFileSync(join(installed, 'package.json'), `${JSON.stringify({ name: 'verisim', type: 'module', exports: { '.': './verisim.js' } }, null, 2)}\n`)
  // The app's own package: without it, \`verisim\` would name this repository's package (a package may import itself by name).
  writeFileSync(join(GENERATED_DIR, 'package.json'), `${JSON.stringify({ name: 'dev-load-app', private: true, type: 'module' }, null, 2)}\n`)
  const { module } = await runnerImport(join(ROOT, 'src/node/scenario-files.ts'))
  const { scenario, validatorsModule } = module.readScenario(join(ROOT, 'scenarios', SCENARIO))
  writeFileSync(join(GENERATED_DIR, 'scenario.json'), JSON.stringify(scenario))
  writeFileSync(join(GENERATED_DIR, 'validators.js'), validatorsModule ?? 'export default null\n')
}

// ---------------------------------------------------------------------------------------------
// The Vite dev server

async function answers(url) {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) })
    await response.body?.cancel()
    return true
  } catch {
    return false
  }
}

async function startVite(port, say) {
  const url = `http://localhost:${port}/`
  if (await answers(url)) throw new Error(`Something already answers on ${url}; pick another port for the dev-load benchmark.`)

  const child = spawn('npx', ['vite', '--config', VITE_CONFIG, '--port', String(port), '--strictPort'], {
    cwd: ROOT,
    detached: true, // its own process group, so that stop() ends npx, vite and esbuild/rolldown helpers together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  })
  let exited = null
  const exitPromise = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = { code, signal }))))
  const output = []
  let optimizerEvents = 0
  const collect = (chunk) => {
    for (const line of String(chunk).split('\n')) {
      if (!line.trim()) continue
      output.push(line)
      if (output.length > 200) output.shift()
      if (/optimiz|reloading/i.test(line)) {
        optimizerEvents++
        say(`vite: ${line.trim()}`)
      }
    }
  }
  child.stdout.on('data', collect)
  child.stderr.on('data', collect)

  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal)
    } catch {
      // already gone
    }
  }
  const onExit = () => killGroup('SIGKILL') // the parent dies first: do not leave the server behind
  process.once('exit', onExit)

  const stop = async () => {
    process.removeListener('exit', onExit)
    if (exited) return
    killGroup('SIGTERM')
    const timer = setTimeout(() => killGroup('SIGKILL'), 5_000)
    await exitPromise
    clearTimeout(timer)
    killGroup('SIGKILL') // anything in the group that ignored SIGTERM
  }

  const started = Date.now()
  try {
    while (!(await answers(url))) {
      if (exited) throw new Error(`vite exited (${exited.code ?? exited.signal}) before answering on ${url}:\n${output.join('\n')}`)
      if (Date.now() - started > SERVER_TIMEOUT_MS) throw new Error(`vite did not answer on ${url} within ${SERVER_TIMEOUT_MS / 1000} s:\n${output.join('\n')}`)
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
  } catch (error) {
    await stop()
    throw error
  }
  say(`vite dev server answers on ${url} after ${((Date.now() - started) / 1000).toFixed(1)} s`)
  return { stop, optimizerEvents: () => optimizerEvents, tail: () => output.slice(-20).join('\n') }
}

// ---------------------------------------------------------------------------------------------
// One measured load

/**
 * @typedef {{ ms: number, firstMs: number, navigations: number, controlled: boolean, verisimReadyMs: number | null,
 *   phases: Record<string, number>,
 *   resources: Array<{ url: string, viaWorker: boolean, source: string | null, fromWorker: boolean, status: number, wireStatus: number }> }} Sample
 */

// The globals the generated pages set (named here, so that the page functions take them as arguments).
const APP_READY = '__appReadyAt'
const VERISIM_READY = '__verisimReadyAt'
/** Set by the "with" page's start module: the page waits for the mock too. */
const VERISIM_STARTING = '__verisimStarting'

/** Waits for the app; an uncaught page error before that (e.g. startVerisim() failing) fails at once. */
async function waitReady(page) {
  let onError
  const failed = new Promise((_, reject) => {
    onError = (error) => reject(new Error(`uncaught error in the page: ${error?.message ?? error}`))
    page.once('pageerror', onError)
  })
  try {
    await Promise.race([
      // The app may be ready before the mock has started (its requests wait for it): the "with" page
      // is done once both are, so that a reload is controlled by the worker the first load registered.
      page.waitForFunction(([appKey, verisimKey, startingKey]) => typeof window[appKey] === 'number' && (!window[startingKey] || typeof window[verisimKey] === 'number'),
        [APP_READY, VERISIM_READY, VERISIM_STARTING], { timeout: READY_TIMEOUT_MS, polling: 10 }),
      failed,
    ])
  } finally {
    page.removeListener('pageerror', onError)
    failed.catch(() => {})
  }
  return page.evaluate(([appKey, verisimKey]) => ({
    readyAt: window[appKey],
    verisimReadyAt: typeof window[verisimKey] === 'number' ? window[verisimKey] : null,
    controlled: Boolean(navigator.serviceWorker?.controller),
    // workerStart > 0: the request was offered to a Service Worker; with static routes, the
    // matched source says whether the worker's fetch handler saw it ('fetch-event') or not ('network').
    timing: performance.getEntriesByType('resource').map((e) => ({ url: e.name, workerStart: e.workerStart, source: e.workerMatchedSourceType ?? null, startTime: e.startTime, responseEnd: e.responseEnd })),
    marks: Object.fromEntries(performance.getEntriesByType('mark').map((mark) => [mark.name, mark.startTime])),
  }), [APP_READY, VERISIM_READY])
}

/**
 * A fresh context: load the page, wait for the app, reload, and measure the reload. `registeredBy`:
 * a page loaded first (and left open), whose mock registers the worker that then controls this one.
 */
async function loadThenReload(browser, url, registeredBy = null) {
  const context = await browser.newContext({ serviceWorkers: 'allow' })
  try {
    if (registeredBy) {
      // In a tab of its own, kept open: MSW's worker unregisters itself when its last client goes.
      const registering = await context.newPage()
      await registering.goto(registeredBy, { waitUntil: 'commit' })
      await waitReady(registering)
    }
    const page = await context.newPage()
    await page.goto(url, { waitUntil: 'commit' })
    const first = await waitReady(page).catch((error) => {
      throw new Error(`${url} (first load) never became ready: ${error.message}`)
    })

    let navigations = 0
    const fromWorker = new Map()
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++
    })
    page.on('response', (response) => fromWorker.set(response.url(), { fromWorker: response.fromServiceWorker(), status: response.status() }))
    // The status on the wire. Playwright's (CDP's Network.responseReceived) is the one the page
    // got: for a request a Service Worker's static route sent to the network, a 304 revalidation
    // is reported as the cached 200, so the 304s of the "with" page were not seen.
    const cdp = await context.newCDPSession(page)
    const urls = new Map()
    const wire = new Map()
    cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url))
    cdp.on('Network.responseReceivedExtraInfo', (event) => wire.set(event.requestId, event.statusCode))
    await cdp.send('Network.enable')
    await page.reload({ waitUntil: 'commit' })
    const measured = await waitReady(page).catch((error) => {
      throw new Error(`${url} (reload) never became ready: ${error.message}`)
    })
    const wireStatus = new Map([...wire].map(([id, status]) => [urls.get(id), status]))
    await cdp.detach()
    const resource = (suffix) => measured.timing.find((t) => t.url.endsWith(suffix))
    return {
      ms: measured.readyAt,
      firstMs: first.readyAt,
      phases: {
        // The package's entry, as the optimizer serves it (`…/deps/verisim.js?v=<hash>`).
        verisimLoaded: measured.timing.find((t) => new URL(t.url).pathname.endsWith('/verisim.js'))?.responseEnd ?? NaN,
        verisimEvaluated: measured.marks['page:verisim-evaluated'] ?? NaN,
        scenarioLoaded: measured.marks['verisim:start'] ?? NaN,
        workerStarted: measured.marks['verisim:worker-started'] ?? NaN,
        held: measured.marks['page:held'] ?? NaN,
        appRequested: resource(`${GENERATED_URL}/app.js`)?.startTime ?? NaN,
      },
      navigations,
      controlled: measured.controlled,
      verisimReadyMs: measured.verisimReadyAt,
      resources: measured.timing.map((t) => ({
        url: t.url,
        viaWorker: t.workerStart > 0 && t.source !== 'network',
        source: t.source,
        fromWorker: fromWorker.get(t.url)?.fromWorker ?? false,
        status: fromWorker.get(t.url)?.status ?? 0,
        wireStatus: wireStatus.get(t.url) ?? 0,
      })),
    }
  } finally {
    await context.close()
  }
}

/** A sample whose measured reload was itself reloaded (by MSW or Vite) is thrown away and redone. */
async function measuredSample(browser, url, kind, say, registeredBy = null) {
  for (let attempt = 1; ; attempt++) {
    const sample = await loadThenReload(browser, url, registeredBy)
    if (kind !== 'without' && !sample.controlled) say(`WARNING: the reloaded "${kind}" page is not controlled by the Service Worker`)
    if (sample.navigations <= 1) return sample
    if (attempt === 3) throw new Error(`the measured ${kind} reload navigated ${sample.navigations} times, ${attempt} times over (a reload by MSW or by Vite)`)
    say(`the measured ${kind} reload navigated ${sample.navigations} times (a reload by MSW or by Vite): measuring it again`)
  }
}

function describeRequests(sample) {
  if (!sample) return ''
  const total = sample.resources.length
  const via = sample.resources.filter((r) => r.viaWorker).length
  const routed = sample.resources.filter((r) => r.source === 'network').length
  const handled = sample.resources.filter((r) => r.fromWorker).length
  const app = sample.resources.filter((r) => r.url.includes(`${GENERATED_URL}/`) && !r.url.includes(`/${CACHE_DIR_NAME}/`))
  const appVia = app.filter((r) => r.fromWorker).length
  const notModified = sample.resources.filter((r) => r.status === 304).length
  const revalidated = sample.resources.filter((r) => r.wireStatus === 304).length
  return (
    `last reload: ${total} subresources, ${routed} routed past the Service Worker by its static routes, ` +
    `${via} offered to its fetch handler, ${handled} answered by it ` +
    `(app modules: ${appVia}/${app.length}), ${revalidated} answered 304 by the server (${notModified} reported 304 to the page); page controlled: ${sample.controlled}` +
    (sample.verisimReadyMs === null ? '' : `; Verisim ready at ${fmt(sample.verisimReadyMs)} ms`)
  )
}

// ---------------------------------------------------------------------------------------------
// Statistics

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low)
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return { p50: round(quantile(sorted, 0.5), 1), p95: round(quantile(sorted, 0.95), 1) }
}

function round(value, digits) {
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

function fmt(ms) {
  return typeof ms === 'number' ? ms.toFixed(1) : String(ms)
}

// ---------------------------------------------------------------------------------------------
// Standalone: node e2e/bench/dev-load.mjs

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { chromium } = await import('@playwright/test')
  const envNumber = (name, fallback) => (process.env[name] ? Number(process.env[name]) : fallback)
  const browser = await chromium.launch(launchOptions())
  const started = Date.now()
  try {
    const result = await measureDevLoad({
      browser,
      port: envNumber('DEV_LOAD_PORT', 5290),
      modules: envNumber('DEV_LOAD_MODULES', 200),
      runs: envNumber('DEV_LOAD_RUNS', 15),
      log: (line) => console.error(line),
    })
    console.error(`[dev-load] total ${((Date.now() - started) / 1000).toFixed(1)} s`)
    console.log(JSON.stringify(result, null, 2))
  } finally {
    await browser.close()
  }
}
