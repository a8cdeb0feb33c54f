import { existsSync, readFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin, ResolvedConfig } from 'vite'
import { parse } from 'yaml'
import { loadScenario, type ScenarioSource } from '../core/scenario.ts'

export interface VerisimPluginOptions {
  /** The scenario folder (`config.yaml`, `personas.yaml`, `products.yaml`), relative to Vite's root. */
  scenario: string
  /** Also in production builds (a demo deployment); by default only `vite` (dev) runs the mock. */
  build?: boolean
  /** Adds the devtools panel's button and shortcut (default true). */
  panel?: boolean
  /** Where `startVerisim` is imported from (default `verisim`). */
  runtime?: string
}

const START = 'virtual:verisim/start'
const SCENARIO = 'virtual:verisim/scenario'
const WORKERS = ['verisim-sw.js', 'mockServiceWorker.js']

/** The worker scripts: beside the built plugin in the package (`dist/worker/`), in `public/` in this repository. */
function workerScript(name: string): string {
  const here = fileURLToPath(new URL('.', import.meta.url))
  for (const folder of [join(here, 'worker'), join(here, '../../public')]) {
    const path = join(folder, name)
    if (existsSync(path)) return readFileSync(path, 'utf8')
  }
  throw new Error(`verisim: cannot find its worker script ${name}`)
}

/** Reads and validates a scenario folder; a mistake stops the server or the build with its path and reason. */
export function readScenario(folder: string): { source: ScenarioSource; files: string[] } {
  const files: string[] = []
  const read = (file: string): unknown => {
    const path = join(folder, file)
    if (!existsSync(path)) return undefined
    files.push(path)
    try {
      return parse(readFileSync(path, 'utf8'))
    } catch (error) {
      throw new Error(`verisim: ${path} is not valid YAML: ${(error as Error).message}`, { cause: error })
    }
  }
  const config = read('config.yaml')
  if (config === undefined) throw new Error(`verisim: no scenario at ${folder} (it has no config.yaml)`)
  const source = { name: basename(folder), config, personas: read('personas.yaml'), products: read('products.yaml') }
  const scenario = loadScenario(source)
  for (const warning of scenario.warnings) console.warn(`[verisim] scenario '${scenario.name}': ${warning}`)
  return { source, files }
}

/**
 * Verisim in a Vite app: serves its worker scripts, compiles the scenario folder at build time
 * (YAML never reaches the page), starts the mock before the app's own entry runs, and reloads the
 * page when a scenario file changes. Off in production builds unless `build: true`.
 */
export function verisim(options: VerisimPluginOptions): Plugin {
  let config: ResolvedConfig
  let folder = ''
  let watched: string[] = []
  const active = () => config.command === 'serve' || options.build === true

  return {
    name: 'verisim',
    configResolved(resolved) {
      config = resolved
      folder = resolve(config.root, options.scenario)
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const name = (req.url ?? '').split('?')[0]?.replace(/^\//, '') ?? ''
        if (!WORKERS.includes(name)) return next()
        res.setHeader('Content-Type', 'text/javascript')
        res.setHeader('Service-Worker-Allowed', '/')
        res.end(workerScript(name))
      })
      server.watcher.on('change', (file) => {
        if (watched.includes(file)) server.ws.send({ type: 'full-reload' })
      })
    },
    resolveId(id) {
      return id === START || id === SCENARIO ? `\0${id}` : null
    },
    load(id) {
      if (id === `\0${SCENARIO}`) {
        const { source, files } = readScenario(folder)
        watched = files
        for (const file of files) this.addWatchFile(file)
        return `export default ${JSON.stringify(source)}`
      }
      if (id === `\0${START}`) {
        return [
          `import { startVerisim, installPanel } from ${JSON.stringify(options.runtime ?? 'verisim')}`,
          `import scenario from ${JSON.stringify(SCENARIO)}`,
          'const verisim = await startVerisim({ scenario })',
          options.panel === false ? '' : 'installPanel(verisim.engine)',
          'export default verisim',
        ].join('\n')
      }
      return null
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html) {
        if (!active()) return html
        // The app's module entries run once the mock has started: its first request is mocked.
        return html.replace(/<script\b([^>]*)\bsrc="([^"]+)"([^>]*)><\/script>/g, (tag, before: string, src: string, after: string) => {
          if (!/\btype="module"/.test(before + after)) return tag
          return `<script type="module">\n  await import(${JSON.stringify(START)})\n  await import(${JSON.stringify(src)})\n</script>`
        })
      },
    },
    generateBundle() {
      if (options.build !== true) return
      for (const name of WORKERS) this.emitFile({ type: 'asset', fileName: name, source: workerScript(name) })
    },
  }
}
