// A consumer app of the packed package: pack it once, install the tarball into a temporary copy of
// an app, run that app's own Playwright tests. Shared by every consumer app under e2e/consumer/.
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { expect } from '@playwright/test'
import { systemChromium } from './chromium.mjs'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** One test of the consumer's run, as its JSON report tells it. */
export interface ConsumerTest {
  /** `describe › test`, without the file. */
  title: string
  /** Relative to the consumer's test folder, e.g. `orders.test.ts`. */
  file: string
  /** The Playwright project it ran in; '' for an unnamed one. */
  project: string
  /** The last attempt's status: `passed`, `failed`, `timedOut`, `skipped`, `interrupted`. */
  status: string
  errors: string[]
}

export interface ConsumerRun {
  status: number | null
  report: ConsumerTest[]
  /** Errors outside any test (config, web server, a file that fails to load). */
  errors: string[]
  stderr: string
}

const temporary: string[] = []
let tarball: string | undefined

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  temporary.push(dir)
  return dir
}

/** Removes every temporary folder made here (packs, apps). */
export function cleanUp(): void {
  // VERISIM_KEEP_CONSUMER=1 keeps the packed apps (their logs and test results) to look into a failure.
  if (process.env.VERISIM_KEEP_CONSUMER) return
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true })
  tarball = undefined
}

/** The last `lines` lines of a log, to explain a failure. */
function tail(path: string, lines = 60): string {
  return stripVTControlCharacters(readFileSync(path, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n')
}

/** This process's environment without what the running Playwright worker set for itself. */
function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    // The worker's own index and loader flags, the outer run's reporter outputs and colours, this suite's port.
    if (/^(TEST_(WORKER|PARALLEL)_INDEX|PW_.*|PLAYWRIGHT_.*_OUTPUT_.*|FORCE_COLOR|NODE_OPTIONS|VERISIM_E2E_PORT)$/.test(name)) continue
    env[name] = value
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name]
    else env[name] = value
  }
  return env
}

/** Runs a command to completion with its output appended to `log`; throws with the log's tail when it fails. */
function runLogged(command: string, args: string[], cwd: string, log: string): void {
  const fd = openSync(log, 'a')
  try {
    writeSync(fd, `\n$ ${command} ${args.join(' ')}    # in ${cwd}\n`)
    const result = spawnSync(command, args, { cwd, stdio: ['ignore', fd, fd], env: childEnv() })
    if (result.error) throw result.error
    if (result.status !== 0) {
      throw new Error(`'${command} ${args.join(' ')}' failed (${result.status ?? result.signal}) in ${cwd}. The end of ${log}:\n${tail(log)}`)
    }
  } finally {
    closeSync(fd)
  }
}

/** Builds the package (`npm run build:package`) and packs it, once per test process; the tarball's path. */
export function packVerisim(): string {
  if (tarball && existsSync(tarball)) return tarball
  const dir = tempDir('verisim-pack-')
  const log = join(dir, 'pack.log')
  runLogged('npm', ['run', 'build:package'], ROOT, log)
  runLogged('npm', ['pack', '--pack-destination', dir], ROOT, log)
  const packed = readdirSync(dir).filter((name) => name.endsWith('.tgz'))
  if (packed.length !== 1) throw new Error(`npm pack made ${packed.length} tarballs in ${dir}: ${packed.join(', ')}`)
  tarball = join(dir, packed[0]!)
  return tarball
}

/**
 * Copies the app at `source` into a new temporary folder, points its `verisim` dependency at the
 * tarball, copies `extra.copy` ([from, to-inside-the-app]) and installs it; the app's folder.
 * `extra.linked` installs it as pnpm does (npm's `--install-strategy=linked`): the app's
 * node_modules holds only what it depends on directly, so nothing resolves by hoisting luck.
 */
export function prepareApp(source: string, tgz: string, extra: { copy?: Array<[from: string, to: string]>; linked?: boolean } = {}): string {
  const app = tempDir('verisim-consumer-')
  cpSync(source, app, { recursive: true, filter: (path) => !/[/\\](node_modules|test-results|playwright-report)$/.test(path) })
  const manifestPath = join(app, 'package.json')
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { devDependencies?: Record<string, string> }
  manifest.devDependencies = { ...manifest.devDependencies, verisim: `file:${resolve(tgz)}` }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
  for (const [from, to] of extra.copy ?? []) cpSync(from, join(app, to), { recursive: true })
  const layout = extra.linked ? ['--install-strategy=linked'] : []
  runLogged('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...layout], app, join(app, 'install.log'))
  return app
}

/** A TCP port free on this machine right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolvePort(port))
    })
  })
}

interface JsonSuite {
  title: string
  file: string
  specs?: Array<{ title: string; file: string; tests: Array<{ projectName: string; status: string; results: Array<{ status: string; errors?: Array<{ message?: string }> }> }> }>
  suites?: JsonSuite[]
}

function flatten(suite: JsonSuite, titles: string[], into: ConsumerTest[]): void {
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests) {
      const last = test.results.at(-1)
      into.push({
        title: [...titles, spec.title].join(' › '),
        file: spec.file,
        project: test.projectName,
        status: last?.status ?? 'skipped',
        errors: test.results.flatMap((r) => r.errors ?? []).map((e) => stripVTControlCharacters(e.message ?? '')),
      })
    }
  }
  for (const child of suite.suites ?? []) flatten(child, [...titles, child.title], into)
}

/**
 * `npx playwright test --reporter=json …args` in the app, on a free port (`CONSUMER_PORT`) with
 * this machine's Chromium when there is one (`CONSUMER_CHROMIUM`); the flat list of its tests.
 */
export async function runPlaywright(app: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<ConsumerRun> {
  const port = await freePort()
  const child = spawn('npx', ['playwright', 'test', '--reporter=json', ...args], {
    cwd: app,
    env: childEnv({ CONSUMER_CHROMIUM: systemChromium(), CONSUMER_PORT: String(port), CI: '1', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const status = await new Promise<number | null>((done, fail) => {
    child.once('error', fail)
    child.once('close', (code) => done(code))
  })
  // The report is the JSON object on stdout; anything printed before it is not.
  const start = stdout.indexOf('{')
  let parsed: { suites?: JsonSuite[]; errors?: Array<{ message?: string }> }
  try {
    parsed = JSON.parse(stdout.slice(start)) as typeof parsed
  } catch {
    throw new Error(`playwright test ${args.join(' ')} printed no JSON report (exit ${status}).\nstdout:\n${stdout.slice(-4000)}\nstderr:\n${stripVTControlCharacters(stderr).slice(-4000)}`)
  }
  const report: ConsumerTest[] = []
  for (const suite of parsed.suites ?? []) flatten(suite, [], report)
  return { status, report, errors: (parsed.errors ?? []).map((e) => stripVTControlCharacters(e.message ?? '')), stderr: stripVTControlCharacters(stderr) }
}

/** A readable account of a run's failures, for an assertion's message. */
export function describeRun(run: ConsumerRun): string {
  const failed = run.report.filter((t) => t.status !== 'passed')
  return [
    `exit ${run.status}; ${run.report.length} tests, ${failed.length} not passed`,
    ...failed.map((t) => `✘ ${t.project ? `[${t.project}] ` : ''}${t.file} › ${t.title}: ${t.status}\n${t.errors.join('\n').slice(0, 3000)}`),
    ...run.errors.map((e) => `error: ${e.slice(0, 3000)}`),
    run.status === 0 ? '' : `stderr (end):\n${run.stderr.slice(-3000)}`,
  ]
    .filter(Boolean)
    .join('\n\n')
}

/** `file › title` of each test, `[project] file › title` in a named project, sorted. */
export function testNames(tests: ConsumerTest[]): string[] {
  return tests.map((t) => `${t.project ? `[${t.project}] ` : ''}${t.file} › ${t.title}`).sort()
}

/** The run exited 0 and ran exactly the `expected` tests (`file › title`), every one passed. */
export function expectAllPassed(run: ConsumerRun, expected: string[]): void {
  expect(run.status, describeRun(run)).toBe(0)
  expect(testNames(run.report), describeRun(run)).toEqual([...expected].sort())
  expect(run.report.filter((t) => t.status !== 'passed'), describeRun(run)).toEqual([])
}

/**
 * The app's own tsconfig.json type-checks against the installed package's declarations, with
 * `skipLibCheck: false`: the declarations compile where the packages the package bundles (msw,
 * xstate, mock-socket, idb) are not installed, and name only its peers. In a linked app, neither
 * are `playwright` nor `playwright-core` (what `@playwright/test` depends on) within its reach.
 * `own` names those the app installs itself (its own msw, for handlers of its own).
 */
export function expectTypeChecks(app: string, { linked = false, own = [] as string[] } = {}): void {
  const unreachable = ['msw', 'xstate', 'mock-socket', 'idb', ...(linked ? ['playwright', 'playwright-core'] : [])].filter((name) => !own.includes(name))
  for (const name of unreachable) expect(existsSync(join(app, 'node_modules', name)), `${name} is installed in the app`).toBe(false)
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', app, '--skipLibCheck', 'false'], { encoding: 'utf8' })
  expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0)
}
