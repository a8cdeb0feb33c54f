#!/usr/bin/env node
// `npm run bench`: builds the benchmark page for production, serves it locally, drives it in
// headless Chromium and prints each figure with the baseline measured in the same page run.
// BENCH_OUT=<file> also writes the figures as one JSON object. Never fails on a time.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium } from '@playwright/test'
import { build, preview } from 'vite'
import { launchOptions } from '../support/chromium.mjs'
import { buildLibrary } from './build-library.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const OUT = join(ROOT, 'e2e/bench/.generated')
const PORT = Number(process.env.VERISIM_BENCH_PORT ?? 4180)
const ORIGIN = `http://localhost:${PORT}`
const QUICK = process.env.BENCH_QUICK === '1'
const ROUNDS = QUICK ? 100 : 400
const LARGE = QUICK ? 20_000 : 100_000
const CASES = ['requests', 'advance', 'dev', 'snapshots']
/** BENCH_ONLY=requests,advance,dev,snapshots runs a subset (for profiling); figures of skipped cases are null. */
const ONLY = new Set((process.env.BENCH_ONLY ?? CASES.join(',')).split(','))

const log = (line) => console.log(`[bench] ${line}`)
const quantile = (values, q) => {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b)
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}
const stats = (values) => ({ p50: quantile(values, 0.5), p95: quantile(values, 0.95) })

async function buildAll() {
  rmSync(OUT, { recursive: true, force: true })
  mkdirSync(OUT, { recursive: true })
  log('building the benchmark page (production)')
  await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    build: {
      outDir: join(OUT, 'site'),
      emptyOutDir: true,
      // A profile names functions only when the page is not minified.
      minify: !process.env.BENCH_PROFILE,
      rollupOptions: { input: { bench: join(ROOT, 'e2e/bench/bench.html') } },
    },
  })
  log('building the runtime alone (what a page loads to run the mock) and its dependencies alone')
  // The panel is loaded only when opened: its own chunk (with whatever it imports besides the runtime).
  // msw's http, HttpResponse and delay, which the runtime re-exports, are a module of their own in the
  // package (dist/msw.js) that only an app importing them loads: left out here as well.
  const external = [join(ROOT, 'src/browser/msw-api.ts')]
  for (const [name, entry] of [['runtime', 'src/index.ts'], ['floor', 'e2e/bench/runtime-floor.ts'], ['panel', 'src/panel/panel.ts']]) {
    await buildLibrary({ entry, outDir: join(OUT, name), fileName: name, minify: true, external })
  }
  log('building a bare MSW app (setupWorker, http, HttpResponse and a few routes), the same way')
  await buildLibrary({ entry: 'e2e/bench/msw-bare.ts', outDir: join(OUT, 'msw-bare'), fileName: 'msw-bare', minify: true })
}

/**
 * What startVerisim imports as it is called, beside the app's modules rather than before them:
 * counted in the runtime's total, not in what the page loads before its app runs.
 */
const ENGINE_CHUNK = 'src/browser/start-engine.ts'

/** The worker scripts, loaded by the browser for the Service Worker, not by the page. */
const WORKER_SCRIPTS = ['public/verisim-sw.js', 'public/mockServiceWorker.js']

/**
 * Gzip size in KB of what loading a built library's entry fetches at once: the entry and the
 * chunks it imports statically, not the ones it imports only when asked (the devtools panel);
 * `alsoLoaded`: dynamic imports that are always made at once too (source paths, as the manifest names them).
 */
function loadedGzKb(folder, { alsoLoaded = [] } = {}) {
  const manifestPath = join(folder, '.vite/manifest.json')
  if (!existsSync(manifestPath)) return gzipKb(folder)
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
  const files = new Set()
  const visit = (key) => {
    const chunk = manifest[key]
    if (!chunk || files.has(chunk.file)) return
    files.add(chunk.file)
    for (const css of chunk.css ?? []) files.add(css)
    for (const next of chunk.imports ?? []) visit(next)
    for (const next of chunk.dynamicImports ?? []) if (alsoLoaded.includes(next)) visit(next)
  }
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key)
  return gzipKb([...files].map((file) => join(folder, file)))
}

/** Gzip size in KB of the scripts and styles in a folder (or of the given files), each file on its own as a server sends it. */
function gzipKb(folderOrFiles) {
  const files = Array.isArray(folderOrFiles)
    ? folderOrFiles.map((file) => (file.startsWith('/') ? file : join(ROOT, file)))
    : existsSync(folderOrFiles) ? readdirSync(folderOrFiles, { recursive: true }).map((file) => join(folderOrFiles, String(file))) : []
  if (files.length === 0) return null
  let bytes = 0
  for (const path of files) if (/\.(m?js|css)$/.test(path)) bytes += gzipSync(readFileSync(path), { level: 9 }).length
  return bytes / 1024
}

async function readyPage(context, path = '/e2e/bench/bench.html') {
  const page = await context.newPage()
  page.on('pageerror', (error) => log(`page error: ${error.message}`))
  await page.goto(`${ORIGIN}${path}`)
  await page.waitForFunction(() => document.documentElement.dataset.verisim, null, { timeout: 120_000 })
  const failed = await page.evaluate(() => document.documentElement.dataset.verisimError)
  if (failed) throw new Error(`benchmark page failed to start: ${failed}`)
  return page
}

/** BENCH_PROFILE=<file.cpuprofile> records the page's CPU profile during the 10k advance (and `-snapshots` during P9's snapshots and restores). */
async function startProfile(page) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await cdp.send('Profiler.start')
  return {
    async stop(file) {
      const { profile } = await cdp.send('Profiler.stop')
      writeFileSync(file, JSON.stringify(profile))
      await cdp.detach()
      log(`CPU profile written to ${file}`)
    },
  }
}

async function heapMb(page) {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  await cdp.detach()
  return usedSize / 1024 / 1024
}

async function requestRatios(browser) {
  const context = await browser.newContext()
  const page = await readyPage(context)
  const post = (url) => [url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"product_id":"prod-123","quantity":1}' }]
  const order = await page.evaluate(async () => {
    const headers = { 'Content-Type': 'application/json' }
    await fetch('/api/auth/login', { method: 'POST', headers, body: JSON.stringify({ email: 'user@example.com', password: 'password123' }) })
    const created = await (await fetch('/api/orders', { method: 'POST', headers, body: '{"product_id":"prod-123","quantity":1}' })).json()
    const current = await (await fetch(`/api/orders/${created.id}`)).json()
    window.bench.setBare(current)
    return current
  })
  log(`P1: GET /api/orders/${order.id} vs a bare MSW handler, ${ROUNDS} rounds each, interleaved`)
  const read = await page.evaluate(([a, b, r]) => window.bench.interleave(a, b, r, 50), [[`/api/orders/${order.id}`, {}], ['/__bench/bare', {}], ROUNDS])
  log(`P2: POST /api/orders vs a bare MSW handler, ${ROUNDS} rounds each, interleaved`)
  const write = await page.evaluate(([a, b, r]) => window.bench.interleave(a, b, r, 50), [post('/api/orders'), post('/__bench/bare'), ROUNDS])
  log(`P2 floor: the bare MSW handler storing what an order stores (one IndexedDB transaction) vs the bare one, ${ROUNDS} rounds each, interleaved`)
  const storedFloor = await page.evaluate(([a, b, r]) => window.bench.interleave(a, b, r, 50), [post('/__bench/bare-stored'), post('/__bench/bare'), ROUNDS])
  log('P7: order created → socket onmessage')
  await page.evaluate(() => window.bench.openSocket())
  const push = await page.evaluate((n) => window.bench.pushLatency(n), QUICK ? 50 : 200)
  await context.close()
  return { read, write, storedFloor, push }
}

/**
 * What holding the wire to the spec costs: P1 again on a page whose scenario checks nothing
 * (`contract: off`), and a read of a spec resource (the library scenario's loans), each against
 * the bare handler in its own page.
 */
async function specRatios(browser) {
  const measure = async (query, prepare) => {
    const context = await browser.newContext()
    const page = await readyPage(context, `/e2e/bench/bench.html?${query}`)
    const url = await page.evaluate(prepare)
    const timing = await page.evaluate(([a, b, r]) => window.bench.interleave(a, b, r, 50), [[url, {}], ['/__bench/bare', {}], ROUNDS])
    await context.close()
    return timing
  }
  log(`P1 unchecked: GET /api/orders/:id with contract off vs a bare MSW handler, ${ROUNDS} rounds each, interleaved`)
  const unchecked = await measure('contract=off', async () => {
    const headers = { 'Content-Type': 'application/json' }
    await fetch('/api/auth/login', { method: 'POST', headers, body: JSON.stringify({ email: 'user@example.com', password: 'password123' }) })
    const created = await (await fetch('/api/orders', { method: 'POST', headers, body: '{"product_id":"prod-123","quantity":1}' })).json()
    window.bench.setBare(await (await fetch(`/api/orders/${created.id}`)).json())
    return `/api/orders/${created.id}`
  })
  log(`P9: GET /api/loans/:id (a spec resource of the library scenario) vs a bare MSW handler, ${ROUNDS} rounds each, interleaved`)
  const resource = await measure('scenario=library', async () => {
    const first = async (path) => (await (await fetch(path)).json())[0].id
    const body = JSON.stringify({ book_id: await first('/api/books'), member_id: await first('/api/members') })
    const loan = await (await fetch('/api/loans', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })).json()
    window.bench.setBare(await (await fetch(`/api/loans/${loan.id}`)).json())
    return `/api/loans/${loan.id}`
  })
  return { unchecked, resource }
}

/**
 * P4: reloads a page whose world holds `orders` orders and reads how long after `worker.start()`
 * its first mocked answer came, and how long `startVerisim()` and its phases took.
 */
async function reloadFirstResponse(page, orders, profileFile) {
  log(`P4: reload with ${orders.toLocaleString('en')} orders stored, first mocked response`)
  const profile = profileFile ? await startProfile(page) : null
  await page.reload()
  await page.waitForFunction(() => document.documentElement.dataset.verisim, null, { timeout: 300_000 })
  const failed = await page.evaluate(() => document.documentElement.dataset.verisimError)
  if (failed) throw new Error(`benchmark page failed to start after a reload: ${failed}`)
  const reload = await page.evaluate(() => {
    const mark = (name) => performance.getEntriesByName(`verisim:${name}`)[0]?.startTime ?? Number.NaN
    const start = mark('start')
    return {
      firstResponseMs: window.bench.firstResponseMs,
      startMs: Math.max(mark('worker-started'), mark('engine-started')) - start,
      workerMs: mark('worker-started') - start,
      engineMs: mark('engine-started') - start,
    }
  })
  log(`  first answer ${Math.round(reload.firstResponseMs)} ms after worker.start(); startVerisim() took ${Math.round(reload.startMs)} ms: ` +
    `the worker was registered after ${Math.round(reload.workerMs)} ms, the world read from IndexedDB and caught up after ${Math.round(reload.engineMs)} ms`)
  if (profile) await profile.stop(profileFile)
  return reload
}

/** P4 with a small world: 100 orders stored, then a reload. */
async function smallReload(browser, orders) {
  const context = await browser.newContext()
  const page = await readyPage(context)
  await page.evaluate((n) => window.bench.seed(n), orders)
  const reload = await reloadFirstResponse(page, orders)
  await context.close()
  return reload
}

async function advance(browser, orders) {
  const context = await browser.newContext()
  const page = await readyPage(context)
  log(`P3: seeding ${orders.toLocaleString('en')} pending orders`)
  const seedStart = Date.now()
  await page.evaluate(async (n) => {
    await fetch('/__mockforge/time-travel/enable', { method: 'POST', body: JSON.stringify({ time: '2025-01-27T00:00:00Z', scale: 0 }) })
    await window.bench.seed(n)
  }, orders)
  log(`  seeded in ${Date.now() - seedStart} ms`)
  // P4 reloads the 10k world before P3 advances it; the large one after P3 and P8 (its orders then delivered), which measure it as seeded.
  const reload = orders === 10_000 ? await reloadFirstResponse(page, orders, process.env.BENCH_PROFILE?.replace(/(\.cpuprofile)?$/, '-reload.cpuprofile')) : null
  if (reload) {
    // The world's other entities are read in the background after the first answer: a list needs them
    // all, so it answers once they are. P3 then measures the advance alone, as on a page that never reloaded.
    const listed = await page.evaluate(async () => {
      const login = await fetch('/api/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'user@example.com', password: 'password123' }) })
      const { token } = await login.json()
      const response = await fetch('/api/orders', { cache: 'no-store', headers: { Authorization: `Bearer ${token}` } })
      const at = performance.now() - (performance.getEntriesByName('verisim:worker-started')[0]?.startTime ?? Number.NaN)
      return { status: response.status, count: (await response.json()).orders?.length ?? null, at }
    })
    if (listed.status !== 200) throw new Error(`GET /api/orders after the reload answered ${listed.status}`)
    reload.wholeWorldMs = listed.at
    log(`  the whole world in memory (a list of ${listed.count} orders answered) ${Math.round(reload.wholeWorldMs)} ms after worker.start()`)
  }
  await page.evaluate(() => window.bench.openSocket())
  // Each order passes processing → shipped (1 d) → delivered (4 d) within 7 d: two frames each.
  log(`P3: advance 7d over ${orders.toLocaleString('en')} orders`)
  const profile = process.env.BENCH_PROFILE && orders === 10_000 ? await startProfile(page) : null
  const result = await page.evaluate(([n]) => window.bench.advance('7d', n * 2), [orders])
  if (profile) await profile.stop(process.env.BENCH_PROFILE)
  const heap = orders === LARGE ? await heapMb(page) : null
  const reloaded = orders === LARGE ? await reloadFirstResponse(page, orders) : reload
  await context.close()
  return { ...result, reload: reloaded, heap }
}

/**
 * P9 snapshots: a world of `orders` orders (and their payments) kept as a snapshot, restored after
 * it moved on, and its export's size as a server would send it gzipped.
 */
async function snapshotCase(browser, orders = 10_000) {
  const runs = QUICK ? 3 : 5
  const context = await browser.newContext()
  const page = await readyPage(context)
  log(`P9: seeding ${orders.toLocaleString('en')} pending orders`)
  await page.evaluate(async (n) => {
    await fetch('/__mockforge/time-travel/enable', { method: 'POST', body: JSON.stringify({ time: '2025-01-27T00:00:00Z', scale: 0 }) })
    await window.bench.seed(n)
  }, orders)
  log(`P9: POST /__verisim/snapshots ${runs} times, then POST /__verisim/snapshots/{id}/restore ${runs} times, each after a 1d advance`)
  const profile = process.env.BENCH_PROFILE ? await startProfile(page) : null
  const result = await page.evaluate((r) => window.bench.snapshots(r), runs)
  if (profile) await profile.stop(process.env.BENCH_PROFILE.replace(/(\.cpuprofile)?$/, '-snapshots.cpuprofile'))
  const exported = await page.evaluate((id) => window.bench.exportSnapshot(id), result.id)
  const raw = Buffer.from(exported, 'utf8')
  await context.close()
  log(`  ${result.entities.toLocaleString('en')} entities, ${(result.sizeBytes / 1024).toFixed(0)} KB stored; export ${(raw.length / 1024).toFixed(0)} KB`)
  return {
    snapshotMs: result.snapshotMs,
    restoreMs: result.restoreMs,
    entities: result.entities,
    storedKb: result.sizeBytes / 1024,
    exportKb: raw.length / 1024,
    exportGzKb: gzipSync(raw).length / 1024,
  }
}

/** The median, fastest and slowest of a few runs, as one table cell. */
const runsCell = (values) => values.length === 0 ? 'skipped' : `${fmt(quantile(values, 0.5), 0)} ms (median of ${values.length}, ${fmt(Math.min(...values), 0)}–${fmt(Math.max(...values), 0)})`

export async function runBenchmarks() {
  await buildAll()
  const server = await preview({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir: join(OUT, 'site') }, preview: { port: PORT, strictPort: true } })
  const browser = await chromium.launch(launchOptions())
  try {
    const none = { read: { a: [], b: [] }, write: { a: [], b: [] }, storedFloor: { a: [], b: [] }, push: [] }
    const { read, write, storedFloor, push } = ONLY.has('requests') ? await requestRatios(browser) : none
    const spec = ONLY.has('requests') ? await specRatios(browser) : { unchecked: { a: [], b: [] }, resource: { a: [], b: [] } }
    const skipped = { framesMs: null, responseMs: null, reload: null, heap: null }
    const small = ONLY.has('advance') ? await advance(browser, 10_000) : skipped
    const large = ONLY.has('advance') ? await advance(browser, LARGE) : skipped
    const tiny = ONLY.has('advance') ? await smallReload(browser, 100) : null
    const snap = ONLY.has('snapshots') ? await snapshotCase(browser) : null
    let devLoad = null
    if (ONLY.has('dev')) {
      const { measureDevLoad } = await import('./dev-load.mjs')
      devLoad = await measureDevLoad({ browser, log: (line) => log(`P5: ${line}`), ...(QUICK ? { runs: 5 } : {}) })
    }
    const readStats = stats(read.a)
    const bareRead = stats(read.b)
    const writeStats = stats(write.a)
    const bareWrite = stats(write.b)
    const figures = {
      p1_read_ratio: readStats.p50 / bareRead.p50,
      p2_write_ratio: writeStats.p50 / bareWrite.p50,
      // What any mock that stores before it answers pays: bare MSW plus the one IndexedDB write, ÷ bare.
      p2_stored_floor_ratio: stats(storedFloor.a).p50 / stats(storedFloor.b).p50,
      p1_unchecked_read_ratio: stats(spec.unchecked.a).p50 / stats(spec.unchecked.b).p50,
      p9_spec_resource_read_ratio: stats(spec.resource.a).p50 / stats(spec.resource.b).p50,
      p3_advance_10k_ms: small.framesMs,
      p3_advance_100k_ms: large.framesMs,
      p4_reload_first_response_ms: small.reload?.firstResponseMs ?? null,
      p4_start_verisim_ms: small.reload?.startMs ?? null,
      p4_reload_whole_world_ms: small.reload?.wholeWorldMs ?? null,
      p4_reload_first_response_100_ms: tiny?.firstResponseMs ?? null,
      p4_reload_first_response_100k_ms: large.reload?.firstResponseMs ?? null,
      p5_dev_load_ratio: devLoad?.ratio ?? null,
      // The app alone in a page Verisim's worker controls ÷ without: what no start of the mock can win back.
      p5_controlled_floor_ratio: devLoad?.floor_ratio ?? null,
      // Everything starting fetches (as before the entry was split), and what the page loads before its app runs.
      p6_runtime_gz_kb: loadedGzKb(join(OUT, 'runtime'), { alsoLoaded: [ENGINE_CHUNK] }),
      p6_runtime_entry_gz_kb: loadedGzKb(join(OUT, 'runtime')),
      p6_panel_gz_kb: loadedGzKb(join(OUT, 'panel')),
      p6_dependencies_gz_kb: loadedGzKb(join(OUT, 'floor')),
      p6_worker_gz_kb: gzipKb(WORKER_SCRIPTS),
      p6_msw_bare_gz_kb: loadedGzKb(join(OUT, 'msw-bare')),
      p7_ws_push_ms: stats(push).p50,
      p8_heap_100k_mb: large.heap,
      p9_snapshot_10k_ms: snap ? quantile(snap.snapshotMs, 0.5) : null,
      p9_restore_10k_ms: snap ? quantile(snap.restoreMs, 0.5) : null,
      p9_export_10k_kb: snap?.exportGzKb ?? null,
    }
    // A bare MSW app awaits worker.start() before it renders: its bundle is what its page loads first, as Verisim's entry is.
    figures.p6_runtime_ratio = figures.p6_runtime_entry_gz_kb / figures.p6_msw_bare_gz_kb
    figures.p6_runtime_total_ratio = figures.p6_runtime_gz_kb / figures.p6_msw_bare_gz_kb
    const rows = [
      ['P1 GET /api/orders/:id', `${fmt(readStats.p50)} ms (p95 ${fmt(readStats.p95)})`, `bare ${fmt(bareRead.p50)} ms (p95 ${fmt(bareRead.p95)})`, fmt(figures.p1_read_ratio, 2), '≤ 1.10'],
      ['P1 checked / unchecked', `checked ${fmt(figures.p1_read_ratio, 2)} × bare`, `contract off ${fmt(figures.p1_unchecked_read_ratio, 2)} × bare`, fmt(figures.p1_read_ratio / figures.p1_unchecked_read_ratio, 2), '≤ 1.10'],
      ['P9 GET spec resource', `${fmt(stats(spec.resource.a).p50)} ms (p95 ${fmt(stats(spec.resource.a).p95)})`, `bare ${fmt(stats(spec.resource.b).p50)} ms (p95 ${fmt(stats(spec.resource.b).p95)})`, fmt(figures.p9_spec_resource_read_ratio, 2), `≤ P1 (${fmt(figures.p1_read_ratio, 2)})`],
      ['P2 POST /api/orders', `${fmt(writeStats.p50)} ms (p95 ${fmt(writeStats.p95)})`, `bare ${fmt(bareWrite.p50)} ms (p95 ${fmt(bareWrite.p95)})`, fmt(figures.p2_write_ratio, 2), '≤ 1.15'],
      ['P2 floor: bare + its IndexedDB write', `${fmt(stats(storedFloor.a).p50)} ms (p95 ${fmt(stats(storedFloor.a).p95)})`, `bare ${fmt(stats(storedFloor.b).p50)} ms (p95 ${fmt(stats(storedFloor.b).p95)})`, fmt(figures.p2_stored_floor_ratio, 2), ''],
      ['P3 advance 7d, 10k orders', `${fmt(small.framesMs, 0)} ms (answer ${fmt(small.responseMs, 0)} ms)`, '', '', '≤ 1500 ms'],
      [`P3 advance 7d, ${LARGE / 1000}k orders`, `${fmt(large.framesMs, 0)} ms (answer ${fmt(large.responseMs, 0)} ms)`, '', fmt(large.framesMs / small.framesMs, 1) + '× 10k', '≤ 10× 10k'],
      ['P4 reload, 100 stored', `${fmt(figures.p4_reload_first_response_100_ms)} ms after worker.start()`, `startVerisim() ${fmt(tiny?.startMs, 0)} ms`, '', '≤ 30 ms'],
      ['P4 reload, 10k stored', `${fmt(figures.p4_reload_first_response_ms)} ms after worker.start()`, `startVerisim() ${fmt(small.reload?.startMs, 0)} ms; a list ${fmt(figures.p4_reload_whole_world_ms, 0)} ms`, '', '≤ 100 ms'],
      [`P4 reload, ${LARGE / 1000}k stored`, `${fmt(figures.p4_reload_first_response_100k_ms)} ms after worker.start()`, `startVerisim() ${fmt(large.reload?.startMs, 0)} ms`, '', ''],
      ['P5 Vite dev load', devLoad ? `${fmt(devLoad.with_ms.p50, 0)} ms (p95 ${fmt(devLoad.with_ms.p95, 0)})` : 'skipped', devLoad ? `without ${fmt(devLoad.without_ms.p50, 0)} ms (p95 ${fmt(devLoad.without_ms.p95, 0)})` : '', fmt(figures.p5_dev_load_ratio, 2), '≤ 1.05'],
      ['P5 floor: the app alone under the worker', devLoad ? `${fmt(devLoad.controlled_ms.p50, 0)} ms (p95 ${fmt(devLoad.controlled_ms.p95, 0)})` : 'skipped', devLoad ? `without ${fmt(devLoad.without_ms.p50, 0)} ms` : '', fmt(figures.p5_controlled_floor_ratio, 2), ''],
      ['P6 runtime gzip', `${fmt(figures.p6_runtime_gz_kb, 1)} KB (+ worker ${fmt(figures.p6_worker_gz_kb, 1)} KB)`, `its dependencies alone ${fmt(figures.p6_dependencies_gz_kb, 1)} KB`, `own code ${fmt(figures.p6_runtime_gz_kb - figures.p6_dependencies_gz_kb, 1)} KB`, ''],
      ['P6 entry (before the app) ÷ bare MSW', `${fmt(figures.p6_runtime_entry_gz_kb, 1)} KB`, `bare MSW app ${fmt(figures.p6_msw_bare_gz_kb, 1)} KB`, fmt(figures.p6_runtime_ratio, 2), '≤ 0.70'],
      ['P6 whole runtime ÷ bare MSW', `${fmt(figures.p6_runtime_gz_kb, 1)} KB`, `bare MSW app ${fmt(figures.p6_msw_bare_gz_kb, 1)} KB`, fmt(figures.p6_runtime_total_ratio, 2), ''],
      ['P6 panel gzip', `${fmt(figures.p6_panel_gz_kb, 1)} KB (loaded when opened)`, '', '', '≤ 40 KB'],
      ['P7 fact → socket onmessage', `${fmt(figures.p7_ws_push_ms, 3)} ms (p95 ${fmt(stats(push).p95, 3)})`, '', '', '≤ 2 ms'],
      [`P8 heap after ${LARGE / 1000}k advance`, `${fmt(figures.p8_heap_100k_mb, 1)} MB`, '', '', '≤ 150 MB'],
      ['P9 snapshot, 10k orders stored', runsCell(snap?.snapshotMs ?? []), snap ? `${snap.entities.toLocaleString('en')} entities, ${fmt(snap.storedKb, 0)} KB stored` : '', '', '≤ 300 ms'],
      ['P9 restore, 10k orders stored', runsCell(snap?.restoreMs ?? []), snap ? 'after a 1d advance moved every order' : '', '', '≤ 500 ms'],
      ['P9 export gzip, 10k orders stored', snap ? `${fmt(figures.p9_export_10k_kb, 1)} KB` : 'skipped', snap ? `${fmt(snap.exportKb, 0)} KB uncompressed` : '', '', ''],
    ]
    printTable(['case', 'Verisim', 'baseline (same run)', 'ratio', 'target'], rows)
    if (CASES.some((name) => !ONLY.has(name))) log(`BENCH_ONLY=${[...ONLY].join(',')}: other cases skipped`)
    if (QUICK) log(`BENCH_QUICK=1: fewer rounds and ${LARGE.toLocaleString('en')} instead of 100,000 orders`)
    if (process.env.BENCH_OUT) {
      writeFileSync(process.env.BENCH_OUT, `${JSON.stringify(figures, null, 2)}\n`)
      log(`figures written to ${process.env.BENCH_OUT}`)
    }
    return figures
  } finally {
    await browser.close()
    await new Promise((resolve) => server.httpServer.close(resolve))
  }
}

function fmt(value, digits = 2) {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(digits) : 'n/a'
}

function printTable(head, rows) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`
  console.log(['', line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line), ''].join('\n'))
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runBenchmarks().catch((error) => {
    console.error(error)
    process.exit(1)
  })
}
