#!/usr/bin/env node
// Checks the package `npm pack` makes from dist/: every file its exports name is in it, the
// entries load, and the type declarations are there and stand alone (check-types.mjs). (The CLI's
// behaviour is unit-tested in src/node/cli.test.ts; apps installing the package, running the CLI
// included, are checked by e2e.)
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Script } from 'node:vm'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { checkTypes } from './check-types.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const fail = (message) => {
  console.error(`check-package: ${message}`)
  process.exit(1)
}

const [packed] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }))
const files = new Set(packed.files.map((f) => f.path))
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
const named = []
for (const [subpath, target] of Object.entries(manifest.exports)) {
  for (const file of typeof target === 'string' ? [target] : Object.values(target)) {
    if (file.includes('*')) continue
    named.push([subpath, file.replace(/^\.\//, '')])
  }
}
for (const [subpath, file] of named) if (!files.has(file)) fail(`exports["${subpath}"] names ${file}, which the package does not contain`)
const PUBLIC = ['verisim.js', 'verisim-sw.js', 'mockServiceWorker.js', 'verisim-inspector.html']
for (const file of [...PUBLIC.map((name) => `dist/public/${name}`), 'dist/cli.js']) if (!files.has(file)) fail(`the package lacks ${file}`)
// msw's http and HttpResponse stay out of apps that do not import them only while their folder says it has no side effects.
if (!files.has('dist/msw/package.json') || JSON.parse(readFileSync(join(ROOT, 'dist/msw/package.json'), 'utf8')).sideEffects !== false) fail('dist/msw/package.json does not say sideEffects: false')
for (const [name, file] of Object.entries(manifest.bin ?? {})) if (!files.has(file.replace(/^\.\//, ''))) fail(`bin "${name}" names ${file}, which the package does not contain`)
// Every entry bundles what it uses: installing the package installs nothing else.
if (Object.keys(manifest.dependencies ?? {}).length > 0) fail(`package.json lists dependencies (${Object.keys(manifest.dependencies).join(', ')}), but the entries bundle theirs`)
if ([...files].some((f) => f.startsWith('src/') || f.startsWith('e2e/') || f.startsWith('node_modules/'))) fail('the package ships sources or tests')

// The Node entry loads (the browser entry is loaded by the browser tests).
const fixture = await import(pathToFileURL(join(ROOT, 'dist/playwright.js')).href)
if (typeof fixture.test?.extend !== 'function' || typeof fixture.expect !== 'function') fail('dist/playwright.js does not export test and expect')
const plugin = await import(pathToFileURL(join(ROOT, 'dist/vite.js')).href)
if (typeof plugin.verisim !== 'function') fail('dist/vite.js does not export verisim()')
for (const entry of ['dist/vite.js', 'dist/playwright.js']) {
  const imports = [...readFileSync(join(ROOT, entry), 'utf8').matchAll(/^import\b[^;]*from\s+"([^"]+)"/gm)].map((m) => m[1])
  const foreign = imports.filter((name) => !name.startsWith('node:') && name !== 'vite' && name !== '@playwright/test')
  if (foreign.length > 0) fail(`${entry} imports ${foreign.join(', ')}, which an app installing the package would not have`)
}
const runtime = readFileSync(join(ROOT, 'dist/index.js'), 'utf8')
for (const name of ['startVerisim', 'installPanel']) if (!new RegExp(`export \\{[^}]*\\b${name}\\b`).test(runtime)) fail(`dist/index.js does not export ${name}`)
const engineEntry = readFileSync(join(ROOT, 'dist/engine.js'), 'utf8')
for (const name of ['Engine', 'loadScenario']) if (!new RegExp(`export \\{[^}]*\\b${name}\\b`).test(engineEntry)) fail(`dist/engine.js does not export ${name}`)
if (/^(import|export)\b[^;]*from\s+["'](msw|xstate|idb|mock-socket|tough-cookie)["'/]/m.test(runtime)) fail('dist/index.js imports a dependency instead of bundling it')

// Every type of the wire (the bodies, frames and payloads the mock sends) is named by the public entry's declarations.
const declared = (file) => readFileSync(join(ROOT, 'dist/types', file), 'utf8')
const wireTypes = [...declared('core/wire/wire-types.d.ts').matchAll(/^export type (\w+)/gm)].map((m) => m[1])
const reexported = (text, from) => new Set(text.match(new RegExp(`export type \\{([^}]*)\\} from '${from}'`))?.[1].split(',').map((name) => name.trim()) ?? [])
for (const [file, from] of [['core/wire/wire.d.ts', './wire-types.js'], ['index.d.ts', './core/wire/wire.js']]) {
  const names = reexported(declared(file), from.replace(/[./]/g, '\\$&'))
  const missing = wireTypes.filter((name) => !names.has(name))
  if (wireTypes.length === 0 || missing.length > 0) fail(`dist/types/${file} does not export the wire types ${missing.join(', ') || '(none found)'}`)
}

// The declarations compile with skipLibCheck: false in an app with only the package and its peers.
try {
  checkTypes()
} catch (error) {
  fail(`the type declarations do not stand alone: ${error.message}`)
}

// The CLI compiles a scenario with an OpenAPI document: scenario.json names validators.js beside it,
// an ES module that imports nothing and asks its \`require\` only for what the page's runtime supplies.
// The page's ES build: its entries and the chunks they load (the Node entries aside).
const esBuild = readdirSync(join(ROOT, 'dist')).filter((name) => name.endsWith('.js') && !['cli.js', 'vite.js', 'playwright.js'].includes(name)).map((name) => readFileSync(join(ROOT, 'dist', name), 'utf8')).join('\n')
const work = mkdtempSync(join(tmpdir(), 'verisim-check-package-'))
try {
  execFileSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'init', work, '--scenario', join(ROOT, 'scenarios/e2e-persona-flow')], { stdio: 'pipe' })
  const folder = join(work, 'scenarios/e2e-persona-flow')
  const scenario = JSON.parse(readFileSync(join(folder, 'scenario.json'), 'utf8'))
  if (scenario.validatorsModule !== 'validators.js' || !scenario.openapi?.operations?.length) fail('dist/cli.js init wrote a scenario.json without its OpenAPI contract and validators.js')
  const validators = readFileSync(join(folder, 'validators.js'), 'utf8')
  if (/^\s*import\b/m.test(validators)) fail('validators.js imports a module')
  const factory = (await import(pathToFileURL(join(folder, 'validators.js')).href)).default
  if (typeof factory !== 'function') fail('validators.js has no default export')
  for (const [, id] of validators.matchAll(/require\("([^"]+)"\)/g)) {
    for (const [bundle, code] of [['the ES build (dist/index.js and its chunks)', esBuild], ['dist/public/verisim.js', readFileSync(join(ROOT, 'dist/public/verisim.js'), 'utf8')]]) {
      if (!code.includes(JSON.stringify(id).slice(1, -1))) fail(`validators.js needs ${id}, which ${bundle} does not supply`)
    }
  }
} catch (error) {
  fail(`dist/cli.js init failed: ${error.stderr?.toString() || error.message}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}

// The prebuilt script is a classic script (no import/export), one file.
try {
  // oxlint-disable-next-line no-new -- compiling it is the check
  new Script(readFileSync(join(ROOT, 'dist/public/verisim.js'), 'utf8'), { filename: 'verisim.js' })
} catch (error) {
  fail(`dist/public/verisim.js is not a classic script: ${error.message}`)
}
if (/<script[^>]*\bsrc=/.test(readFileSync(join(ROOT, 'dist/public/verisim-inspector.html'), 'utf8'))) fail('the inspector page loads a script instead of inlining it')

const size = (packed.size / 1024).toFixed(0)
console.log(`check-package: ${packed.name}@${packed.version}, ${files.size} files, ${size} KB packed: exports, public files, CLI, types (${wireTypes.length} wire types, compiled with skipLibCheck: false without msw, xstate or playwright/test) and entries are in place`)
