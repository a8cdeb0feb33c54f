#!/usr/bin/env node
// Checks the package `npm pack` makes from dist/: every file its exports name is in it, the
// entries load, and the type declarations are there. (An app installing it is checked by e2e.)
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Script } from 'node:vm'
import { fileURLToPath, pathToFileURL } from 'node:url'

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
for (const name of ['startVerisim', 'installPanel', 'loadScenario']) if (!new RegExp(`export \\{[^}]*\\b${name}\\b`).test(runtime)) fail(`dist/index.js does not export ${name}`)
if (/^(import|export)\b[^;]*from\s+["'](msw|xstate|idb|mock-socket|tough-cookie)["'/]/m.test(runtime)) fail('dist/index.js imports a dependency instead of bundling it')

// The prebuilt script is a classic script (no import/export), one file.
try {
  // oxlint-disable-next-line no-new -- compiling it is the check
  new Script(readFileSync(join(ROOT, 'dist/public/verisim.js'), 'utf8'), { filename: 'verisim.js' })
} catch (error) {
  fail(`dist/public/verisim.js is not a classic script: ${error.message}`)
}
if (/<script[^>]*\bsrc=/.test(readFileSync(join(ROOT, 'dist/public/verisim-inspector.html'), 'utf8'))) fail('the inspector page loads a script instead of inlining it')

// The CLI as an installed package runs it: `init` copies the public files and compiles a scenario; a broken one writes nothing.
const cli = (args, cwd) => spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), ...args], { cwd, encoding: 'utf8' })
const work = mkdtempSync(join(tmpdir(), 'verisim-cli-'))
try {
  cpSync(join(ROOT, 'scenarios/e2e-persona-flow'), join(work, 'shop'), { recursive: true })
  const ok = cli(['init', 'public', '--scenario', 'shop'], work)
  if (ok.status !== 0) fail(`verisim init failed (${ok.status}): ${ok.stderr}`)
  for (const name of PUBLIC) if (readFileSync(join(work, 'public', name), 'utf8') !== readFileSync(join(ROOT, 'dist/public', name), 'utf8')) fail(`verisim init did not copy ${name}`)
  const compiled = JSON.parse(readFileSync(join(work, 'public/scenarios/shop/scenario.json'), 'utf8'))
  if (compiled.name !== 'shop' || typeof compiled.config !== 'object' || !Array.isArray(compiled.products?.products)) fail('verisim init compiled an unexpected scenario.json')
  if (!ok.stdout.includes('<script src="/verisim.js" data-scenario="/scenarios/shop/scenario.json"></script>')) fail(`verisim init did not print the script tag:\n${ok.stdout}`)
  const config = join(work, 'shop/config.yaml')
  writeFileSync(config, readFileSync(config, 'utf8').replace('after_days: 1', 'after_days: soon'))
  const broken = cli(['init', 'other', '--scenario', 'shop'], work)
  if (broken.status !== 1 || !broken.stderr.includes('after_days') || existsSync(join(work, 'other'))) fail(`a broken scenario: expected exit 1, its reason and nothing written, got ${broken.status}: ${broken.stderr}`)
  const usage = cli(['copy'], work)
  if (usage.status !== 2 || !usage.stderr.includes("unknown command 'copy'")) fail(`an unknown command: expected exit 2 and usage, got ${usage.status}: ${usage.stderr}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}

const size = (packed.size / 1024).toFixed(0)
console.log(`check-package: ${packed.name}@${packed.version}, ${files.size} files, ${size} KB packed: exports, public files, CLI, types and entries are in place`)
