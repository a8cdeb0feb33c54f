import { copyFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readScenario } from './scenario-files.ts'

const USAGE = `Usage: npx verisim init <public-dir> [--scenario <folder>]...

Copies what a page without a bundler needs into <public-dir> (the folder your server serves at
the site root): verisim.js, the worker scripts verisim-sw.js and mockServiceWorker.js, and the
webhook inspector page verisim-inspector.html. Each --scenario folder (config.yaml, personas.yaml,
products.yaml, openapi.yaml, data/) is validated and compiled to
<public-dir>/scenarios/<name>/scenario.json, with its OpenAPI validators in validators.js beside it.

Then, in your page, before the app's own scripts:
  <script src="/verisim.js" data-scenario="/scenarios/<name>/scenario.json"></script>`

/** The compiled OpenAPI validators' module, written beside a scenario's scenario.json (which names it). */
export const VALIDATORS_FILE = 'validators.js'

/** What `init` copies: the prebuilt script, the workers, the inspector page. */
export const PUBLIC_FILES = ['verisim.js', 'verisim-sw.js', 'mockServiceWorker.js', 'verisim-inspector.html']

export interface CliIo {
  cwd: string
  /** The package's folder of public files (`dist/public`). */
  assets: string
  out(line: string): void
  err(line: string): void
}

class UsageError extends Error {}

function parse(args: string[]): { publicDir: string; scenarios: string[] } {
  const [command, ...rest] = args
  if (command !== 'init') throw new UsageError(command === undefined ? 'no command given' : `unknown command '${command}'`)
  const scenarios: string[] = []
  const positional: string[] = []
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string
    if (arg === '--scenario') {
      const folder = rest[++i]
      if (folder === undefined || folder.startsWith('--')) throw new UsageError('--scenario needs a folder')
      scenarios.push(folder)
    } else if (arg.startsWith('--scenario=')) {
      scenarios.push(arg.slice('--scenario='.length))
    } else if (arg.startsWith('-')) {
      throw new UsageError(`unknown option '${arg}'`)
    } else {
      positional.push(arg)
    }
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'init needs the public folder, e.g. npx verisim init public' : `init takes one folder, got ${positional.join(', ')}`)
  return { publicDir: positional[0] as string, scenarios }
}

/** `npx verisim …`; returns the exit code. Validates every scenario before writing anything. */
export function runCli(args: string[], io: CliIo): number {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE)
    return 0
  }
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(args)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.err(`verisim: ${error.message}\n\n${USAGE}`)
    return 2
  }
  const publicDir = resolve(io.cwd, parsed.publicDir)
  if (existsSync(publicDir) && !statSync(publicDir).isDirectory()) {
    io.err(`verisim: ${publicDir} is a file, not a folder`)
    return 1
  }
  const compiled: Array<{ name: string; json: string; validators: string | null }> = []
  for (const folder of parsed.scenarios) {
    const path = resolve(io.cwd, folder)
    try {
      if (!existsSync(path) || !statSync(path).isDirectory()) throw new Error(`verisim: no scenario folder at ${path}`)
      const { source, scenario, validatorsModule } = readScenario(path)
      // Its warnings were printed here: the page lists them in the panel without printing them on every load.
      const json = {
        ...source,
        ...(validatorsModule === null ? {} : { validatorsModule: VALIDATORS_FILE }),
        ...(scenario.warnings.length > 0 ? { printedWarnings: scenario.warnings } : {}),
      }
      compiled.push({ name: scenario.name, json: `${JSON.stringify(json, null, 2)}\n`, validators: validatorsModule })
    } catch (error) {
      io.err(error instanceof Error ? error.message : String(error))
      io.err('Nothing was written.')
      return 1
    }
  }
  const missing = PUBLIC_FILES.filter((name) => !existsSync(join(io.assets, name)))
  if (missing.length > 0) {
    io.err(`verisim: this installation lacks ${missing.join(', ')} in ${io.assets} (reinstall the package)`)
    return 1
  }

  mkdirSync(publicDir, { recursive: true })
  const shown = (path: string) => relative(io.cwd, path) || '.'
  for (const name of PUBLIC_FILES) {
    copyFileSync(join(io.assets, name), join(publicDir, name))
    io.out(`  wrote ${shown(join(publicDir, name))}`)
  }
  for (const { name, json, validators } of compiled) {
    const folder = join(publicDir, 'scenarios', name)
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'scenario.json'), json)
    io.out(`  wrote ${shown(join(folder, 'scenario.json'))}`)
    if (validators === null) rmSync(join(folder, VALIDATORS_FILE), { force: true })
    else {
      writeFileSync(join(folder, VALIDATORS_FILE), validators)
      io.out(`  wrote ${shown(join(folder, VALIDATORS_FILE))}`)
    }
  }
  const example = compiled[0]?.name ?? '<name>'
  io.out(`\nAdd to your page, before the app's own scripts:\n  <script src="/verisim.js" data-scenario="/scenarios/${example}/scenario.json"></script>`)
  if (compiled.length === 0) io.out('(compile a scenario folder with --scenario <folder>)')
  io.out('An app whose first request must be mocked waits for it: await window.verisim.ready')
  return 0
}

/** The installed package's `bin`: dist/cli.js beside dist/public/. */
export function main(): void {
  const assets = fileURLToPath(new URL('./public', import.meta.url))
  process.exitCode = runCli(process.argv.slice(2), {
    cwd: process.cwd(),
    assets,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  })
}
