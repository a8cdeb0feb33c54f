import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'

// The wings' fences are lint rules (.oxlintrc.json). Probe files placed where a wing's files live,
// linted with the project's own config, show that each fence refuses a wrong import and lets a
// right one through.

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const OXLINT = join(ROOT, 'node_modules/.bin/oxlint')

/** A probe: the file it pretends to be, and each import it makes with whether the fence must refuse it. */
const PROBES: Record<string, Record<string, 'refused' | 'allowed'>> = {
  'src/core/errors.probe.ts': { './scenario/scenario.ts': 'refused' },
  'src/core/scenario/probe.ts': { '../errors.ts': 'allowed', '../time/clock.ts': 'refused', '../model/world.ts': 'refused', '../contract/generate.ts': 'refused', 'node:fs': 'refused' },
  'src/core/time/probe.ts': { '../errors.ts': 'allowed', '../lifecycle/lifecycle.ts': 'refused', '../contract/generate.ts': 'refused', '../engine/engine.ts': 'refused' },
  'src/core/contract/probe.ts': { '../errors.ts': 'allowed', '../scenario/contract-source.ts': 'allowed', './seeded-random.ts': 'allowed', '../time/clock.ts': 'refused', '../model/world.ts': 'refused', '../http/http.ts': 'refused', 'node:fs': 'refused' },
  'src/core/lifecycle/probe.ts': { '../scenario/scenario.ts': 'allowed', '../time/clock.ts': 'allowed', xstate: 'allowed', '../model/store.ts': 'refused' },
  'src/core/model/probe.ts': { '../lifecycle/lifecycle.ts': 'allowed', '../kinds/orders.ts': 'refused', 'idb': 'refused' },
  'src/core/kinds/probe.ts': { '../model/domain.ts': 'allowed', '../wire/wire.ts': 'refused', '../http/http.ts': 'refused' },
  'src/core/wire/probe.ts': { '../kinds/orders.ts': 'allowed', '../webhooks/webhooks.ts': 'refused', '../http/http.ts': 'refused' },
  'src/core/sockets/probe.ts': { '../wire/wire.ts': 'allowed', '../http/router.ts': 'refused', '../webhooks/webhooks.ts': 'refused' },
  'src/core/webhooks/probe.ts': { '../wire/wire.ts': 'allowed', '../http/http.ts': 'refused', '../engine/engine.ts': 'refused', '../sockets/socket-session.ts': 'refused' },
  'src/core/http/probe.ts': { '../webhooks/webhooks.ts': 'allowed', '../engine/engine.ts': 'refused', '../../browser/start.ts': 'refused' },
  'src/core/http/routes/probe-routes.ts': { './route.ts': 'allowed', '../../wire/wire.ts': 'allowed', './shop-routes.ts': 'refused', '../../engine/events.ts': 'refused' },
  'src/core/engine/probe.ts': { '../http/router.ts': 'allowed', '../webhooks/outbox-runner.ts': 'allowed', 'msw': 'refused', '../../testing/test-engine.ts': 'refused' },
  'src/panel/probe.ts': { '../core/engine/engine.ts': 'allowed', '../core/wire/wire.ts': 'allowed', '../core/model/world.ts': 'refused', '../core/scenario/condition.ts': 'refused' },
  'src/playwright/probe.ts': { '../core/wire/wire.ts': 'allowed', '../core/time/clock.ts': 'refused' },
  'src/browser/probe.ts': { '../core/model/store.ts': 'allowed', '../core/engine/tabs.ts': 'allowed', '../core/model/world.ts': 'refused', '../core/http/router.ts': 'refused' },
  'src/node/probe.ts': { '../core/scenario/load-scenario.ts': 'allowed', '../core/engine/engine.ts': 'refused' },
}

const dir = mkdtempSync(join(tmpdir(), 'verisim-fences-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function lintProbes(): Map<string, Set<string>> {
  copyFileSync(join(ROOT, '.oxlintrc.json'), join(dir, '.oxlintrc.json'))
  for (const [file, imports] of Object.entries(PROBES)) {
    mkdirSync(join(dir, dirname(file)), { recursive: true })
    writeFileSync(join(dir, file), Object.keys(imports).map((spec) => `import '${spec}'\n`).join(''))
  }
  let output: string
  try {
    output = execFileSync(OXLINT, ['-c', '.oxlintrc.json', '-f', 'json', 'src'], { cwd: dir, encoding: 'utf8' })
  } catch (error) {
    // oxlint exits 1 when it reports errors, which is what the probes are for.
    output = (error as { stdout: string }).stdout
  }
  const refused = new Map<string, Set<string>>()
  for (const d of (JSON.parse(output) as { diagnostics: Array<{ code: string; filename: string; message: string }> }).diagnostics) {
    if (d.code !== 'eslint(no-restricted-imports)') continue
    const spec = /^'([^']+)'/.exec(d.message)?.[1] ?? d.message
    const set = refused.get(d.filename) ?? new Set()
    set.add(spec)
    refused.set(d.filename, set)
  }
  return refused
}

it("each wing's fence refuses imports that run up or sideways, and lets downward ones through", () => {
  const refused = lintProbes()
  for (const [file, imports] of Object.entries(PROBES)) {
    const expected = Object.entries(imports).filter(([, verdict]) => verdict === 'refused').map(([spec]) => spec).sort()
    expect({ file, refused: [...(refused.get(file) ?? [])].sort() }).toEqual({ file, refused: expected })
  }
})

/** Every relative import of every source file under src (tests left out), as resolved paths. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(ts|mts)$/.test(file) && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .map((file) => join(ROOT, 'src', file))
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => resolve(dirname(file), m[1] as string))
    graph.set(file, specs)
  }
  return graph
}

it('the source tree has no import cycle', () => {
  const graph = importGraph()
  const state = new Map<string, 'visiting' | 'done'>()
  const cycles: string[] = []
  const visit = (file: string, path: string[]) => {
    if (state.get(file) === 'done') return
    if (state.get(file) === 'visiting') {
      cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(ROOT, f)).join(' → '))
      return
    }
    state.set(file, 'visiting')
    for (const next of graph.get(file) ?? []) visit(next, [...path, file])
    state.set(file, 'done')
  }
  for (const file of graph.keys()) visit(file, [])
  expect(graph.size).toBeGreaterThan(50)
  expect(cycles).toEqual([])
})

it('core keeps its shape: files in wings, none of them a hub (at most 300 lines)', () => {
  const core = join(ROOT, 'src/core')
  const loose = readdirSync(core, { withFileTypes: true }).filter((entry) => entry.isFile() && !entry.name.endsWith('.test.ts'))
  // The error family, HMAC, and the tsconfig that checks core without the DOM.
  expect(loose.map((entry) => entry.name).sort()).toEqual(['errors.ts', 'hmac.ts', 'tsconfig.json'])
  const long = readdirSync(core, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => ({ file, lines: readFileSync(join(core, file), 'utf8').split('\n').length }))
    .filter(({ lines }) => lines > 300)
  expect(long).toEqual([])
})
