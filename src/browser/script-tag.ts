import { installPanel } from '../panel/launcher.ts'
import type { ValidatorsFactory } from './contract-runtime.ts'
import { type CompiledScenarioSource, startVerisim, type Verisim } from './start.ts'

/*
 * The prebuilt script for pages without a bundler (`dist/public/verisim.js`, copied by
 * `npx verisim init <public-dir>`):
 *
 *   <script src="/verisim.js" data-scenario="/scenarios/shop/scenario.json"></script>
 *
 * `data-scenario` (required) is a compiled scenario (`npx verisim init … --scenario <folder>`);
 * `data-panel="false"` leaves out the devtools button; `data-database` names the IndexedDB
 * database. The worker scripts and the inspector page are expected beside this script.
 * `window.verisim.ready` resolves with the started mock (and a `verisim:ready` event is
 * dispatched on window): an app whose first request must be mocked awaits it.
 */

/** `window.verisim` on a page with the script tag. */
export interface ScriptTagGlobal {
  ready: Promise<Verisim>
}

declare global {
  interface Window {
    verisim?: ScriptTagGlobal
  }
}

async function start(script: HTMLScriptElement): Promise<Verisim> {
  const scenarioUrl = script.dataset.scenario
  if (!scenarioUrl) {
    throw new Error('verisim.js needs the compiled scenario it serves: <script src="/verisim.js" data-scenario="/scenarios/<name>/scenario.json">')
  }
  const url = new URL(scenarioUrl, location.href).href
  let response: Response
  try {
    response = await fetch(url, { cache: 'no-store' })
  } catch (error) {
    throw new Error(`verisim.js could not fetch its scenario ${url}: ${(error as Error).message}`, { cause: error })
  }
  if (!response.ok) {
    throw new Error(`verisim.js could not fetch its scenario ${url}: ${response.status} ${response.statusText} (make it with npx verisim init <public-dir> --scenario <folder>)`)
  }
  let source: CompiledScenarioSource
  try {
    source = (await response.json()) as CompiledScenarioSource
  } catch (error) {
    throw new Error(`verisim.js: ${url} is not JSON (${(error as Error).message}); it should be made with npx verisim init <public-dir> --scenario <folder>`, { cause: error })
  }
  if (source.validatorsModule) source.validatorsFactory = await importValidators(new URL(source.validatorsModule, url).href)
  const directory = new URL('.', script.src).pathname
  const verisim = await startVerisim({ scenario: source, workerDirectory: directory, database: script.dataset.database || undefined })
  if (script.dataset.panel !== 'false') installPanel(verisim.engine, { inspectorUrl: `${directory}verisim-inspector.html`, mode: verisim.mode })
  return verisim
}

/** The scenario's compiled OpenAPI validators (`validators.js` beside `scenario.json`): an ES module imported by URL. */
async function importValidators(url: string): Promise<ValidatorsFactory> {
  let module: { default?: unknown }
  try {
    module = (await import(/* @vite-ignore */ url)) as { default?: unknown }
  } catch (error) {
    throw new Error(`verisim.js could not load the scenario's validators ${url}: ${(error as Error).message} (make them with npx verisim init <public-dir> --scenario <folder>)`, { cause: error })
  }
  if (typeof module.default !== 'function') throw new Error(`verisim.js: ${url} is not a validators module made by npx verisim init`)
  return module.default as ValidatorsFactory
}

const script = document.currentScript
if (!(script instanceof HTMLScriptElement) || !script.src) {
  console.error('[verisim] verisim.js must be loaded by a classic <script src="…/verisim.js" data-scenario="…"> tag (not a module, not inline)')
} else {
  const ready = start(script)
  window.verisim = { ready }
  ready.then(
    (verisim) => window.dispatchEvent(new CustomEvent('verisim:ready', { detail: verisim })),
    (error: unknown) => console.error(`[verisim] the mock did not start: ${error instanceof Error ? error.message : String(error)}`),
  )
}
