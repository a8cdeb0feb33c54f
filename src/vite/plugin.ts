import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { normalizePath, type Plugin, type ResolvedConfig } from 'vite'
import { readScenario, readScenarioFiles } from '../node/scenario-files.ts'

export { readScenario }

export interface VerisimPluginOptions {
  /** The scenario folder (`config.yaml`, `personas.yaml`, `products.yaml`), relative to Vite's root. */
  scenario: string
  /** Also in production builds (a demo deployment); by default only `vite` (dev) runs the mock. */
  build?: boolean
  /** Adds the devtools panel's button and shortcut (default true). */
  panel?: boolean
  /**
   * Where `startVerisim` is imported from (default `verisim`). A package name is declared to Vite's
   * dependency optimizer; a file path is served as source.
   */
  runtime?: string
  /**
   * A module of your own MSW handlers (`src/mocks/handlers.ts`, relative to Vite's root), exported
   * as an array (`export const handlers = [...]` or `export default [...]`): asked before the
   * scenario, for any URL of the page. Edits reload the page, like scenario edits.
   */
  handlers?: string
}

const START = 'virtual:verisim/start'
const SCENARIO = 'virtual:verisim/scenario'
const VALIDATORS = 'virtual:verisim/validators'
/** A scenario without an OpenAPI document has no validators. */
const NO_VALIDATORS = 'export default null\n'
/** Served at the app's base: the worker scripts (a worker controls the pages below its folder) and the inspector page. */
const SERVED = new Map([
  ['verisim-sw.js', 'text/javascript'],
  ['mockServiceWorker.js', 'text/javascript'],
  ['verisim-inspector.html', 'text/html'],
])

/** A file the page loads from the app's base: in the package beside the plugin (`dist/public/`), in this repository in `public/`. */
function servedFile(name: string): string | undefined {
  const here = fileURLToPath(new URL('.', import.meta.url))
  for (const folder of [join(here, 'public'), join(here, '../../public')]) {
    const path = join(folder, name)
    if (existsSync(path)) return readFileSync(path, 'utf8')
  }
  return undefined
}

/**
 * Verisim in a Vite app: serves its worker scripts, compiles the scenario folder at build time
 * (YAML never reaches the page), starts the mock before the app's entry runs, the app's modules
 * loading meanwhile (its mocked requests wait until the mock answers), and reloads the page when a
 * scenario file changes. Off in production builds unless `build: true`.
 */
export function verisim(options: VerisimPluginOptions): Plugin {
  let config: ResolvedConfig
  let folder = ''
  let watched: string[] = []
  /** The validators module compiled with the scenario module that imports it (one read of the folder for both). */
  let validators: string | null | undefined
  const active = () => config.command === 'serve' || options.build === true
  /** The app's module entries its pages name (file paths): see transform. */
  const entries = new Set<string>()

  return {
    name: 'verisim',
    config(_user, env) {
      const runtime = options.runtime ?? 'verisim'
      // The runtime is imported only from the plugin's virtual module, which Vite's dependency scan
      // does not read: found late, it would make Vite re-optimize and reload the page on first start.
      if ((env.command === 'serve' || options.build === true) && isPackageName(runtime)) return { optimizeDeps: { include: [runtime] } }
      return undefined
    },
    configResolved(resolved) {
      config = resolved
      folder = resolve(config.root, options.scenario)
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0] ?? ''
        const name = path.startsWith(config.base) ? path.slice(config.base.length) : ''
        const type = SERVED.get(name)
        const body = type === undefined ? undefined : servedFile(name)
        if (type === undefined || body === undefined) return next()
        res.setHeader('Content-Type', type)
        res.end(body)
      })
      server.watcher.on('change', (file) => {
        if (watched.includes(file)) server.ws.send({ type: 'full-reload' })
      })
    },
    resolveId(id) {
      return id === START || id === SCENARIO || id === VALIDATORS ? `\0${id}` : null
    },
    load(id) {
      if (id === `\0${SCENARIO}`) {
        // Its warnings are printed here, once per start or edit, and listed for the page not to print them on every load.
        const { files, validatorsModule, scenario } = readScenario(folder)
        watched = files
        validators = validatorsModule
        for (const file of files) this.addWatchFile(file)
        // The page gets the scenario compiled (no compiler, no YAML runs there) and its OpenAPI
        // validators as functions; it starts its worker and routes its sockets without waiting.
        const compiled = { ...scenario, ...(scenario.warnings.length > 0 ? { printedWarnings: scenario.warnings } : {}) }
        return [`import validatorsFactory from ${JSON.stringify(VALIDATORS)}`, `export default { ...${JSON.stringify(compiled)}, validatorsFactory }`].join('\n')
      }
      if (id === `\0${VALIDATORS}`) {
        let module = validators
        validators = undefined
        if (module === undefined) {
          // Only the files: the scenario module validates it (and prints its warnings).
          const read = readScenarioFiles(folder)
          for (const file of read.files) this.addWatchFile(file)
          module = read.validatorsModule
        }
        return module ?? NO_VALIDATORS
      }
      if (id === `\0${START}`) {
        return [
          `import { startVerisim, installPanel } from ${JSON.stringify(options.runtime ?? 'verisim')}`,
          `import scenario from ${JSON.stringify(SCENARIO)}`,
          'const base = import.meta.env.BASE_URL',
          ...(options.handlers === undefined ? ['const handlers = undefined'] : [
            `import * as mocks from ${JSON.stringify(resolve(config.root, options.handlers))}`,
            'const handlers = Array.isArray(mocks.handlers) ? mocks.handlers : Array.isArray(mocks.default) ? mocks.default : null',
            `if (!handlers) throw new Error(${JSON.stringify(`verisim: ${options.handlers} must export its MSW handlers as an array: export const handlers = [http.get(…), …] (or export default [...])`)})`,
          ]),
          'const verisim = startVerisim({ scenario, workerDirectory: base, handlers })',
          options.panel === false ? '' : "void verisim.then((started) => installPanel(started.engine, { inspectorUrl: `${base}verisim-inspector.html`, mode: started.mode }))",
          'export default verisim',
        ].join('\n')
      }
      return null
    },
    transformIndexHtml: {
      order: 'pre',
      handler(html, context) {
        if (!active()) return html
        // The mock starts as soon as its own modules are in (module scripts run in the order of the
        // page), while the app's modules load beside them: the app does not wait for the mock. Its
        // first request is still mocked: the worker holds it, or (in a page the worker does not
        // control yet) the page's fetch and XMLHttpRequest wait until the mock holds them.
        const first = html.search(/<script\b[^>]*\btype="module"/)
        if (first === -1) return html
        for (const [tag, src] of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)) {
          if (!/\btype="module"/.test(tag) || /^([a-z]+:)?\/\//i.test(src!)) continue
          const path = src!.split(/[?#]/)[0]!
          entries.add(normalizePath(path.startsWith('/') ? join(config.root, path) : resolve(dirname(context.filename), path)))
        }
        return `${html.slice(0, first)}<script type="module">import ${JSON.stringify(START)}</script>\n    ${html.slice(first)}`
      },
    },
    transform(code, id, transformOptions) {
      // An app entry imports the start too (last: the start ran already, as the page's first module
      // script), so that an app whose mock failed to load does not run without it.
      if (transformOptions?.ssr || !entries.has(id.split('?')[0]!)) return null
      return { code: `${code}\nimport ${JSON.stringify(START)}\n`, map: null }
    },
    generateBundle() {
      if (options.build !== true) return
      for (const name of SERVED.keys()) {
        const source = servedFile(name)
        if (source === undefined) {
          if (name.endsWith('.js')) this.error(`verisim: cannot find its worker script ${name}`)
          continue
        }
        this.emitFile({ type: 'asset', fileName: name, source })
      }
    },
  }
}

/** `verisim`, `@scope/pkg`, `pkg/entry`: something Vite resolves from node_modules, not a file path or a URL. */
function isPackageName(id: string): boolean {
  return /^(?:@[\w.-]+\/)?[A-Za-z0-9][\w.-]*(?:\/[\w.-]+)*$/.test(id)
}
