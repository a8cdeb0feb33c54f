import { loadScenario } from '../core/scenario/load-scenario.ts'
import { installPanel } from '../panel/launcher.ts'
import { instantiateValidators, type ValidatorsFactory } from './contract-runtime.ts'
import { installRequestGate, type RequestGate } from './request-gate.ts'
import { startVerisim } from './start.ts'
import type { CompiledScenarioSource, PrecompiledScenario, Verisim } from './start-types.ts'

/*
 * The prebuilt script for pages without a bundler (`dist/public/verisim.js`, copied by
 * `npx verisim init <public-dir>`):
 *
 *   <script src="/verisim.js" data-scenario="/scenarios/shop/scenario.json"></script>
 *
 * `data-scenario` (required) is a compiled scenario (`npx verisim init … --scenario <folder>`);
 * `data-panel="false"` leaves out the devtools button; `data-database` names the IndexedDB
 * database. The worker scripts and the inspector page are expected beside this script.
 * The app need not wait: sockets it opens and (until Verisim's worker holds them) requests it makes
 * before the mock has started wait for it. `window.verisim.ready` resolves with the started mock
 * (and a `verisim:ready` event is dispatched on window).
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

async function start(script: HTMLScriptElement, gate: RequestGate): Promise<Verisim> {
  const scenarioUrl = script.dataset.scenario
  if (!scenarioUrl) {
    throw new Error('verisim.js needs the compiled scenario it serves: <script src="/verisim.js" data-scenario="/scenarios/<name>/scenario.json">')
  }
  const url = new URL(scenarioUrl, location.href).href
  let response: Response
  try {
    response = await gate.fetch(url, { cache: 'no-store' })
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
  const factory = source.validatorsModule ? await importValidators(new URL(source.validatorsModule, url).href) : null
  const { validatorsModule: _file, validatorsFactory: _none, printedWarnings, ...files } = source
  // Compiled here, so that startVerisim routes the sockets opened meanwhile as it is called.
  const scenario: PrecompiledScenario = { ...loadScenario(factory ? { ...files, validators: instantiateValidators(factory) } : files), printedWarnings }
  const directory = new URL('.', script.src).pathname
  const sockets = gate.releaseSockets()
  const starting = startVerisim({ scenario, workerDirectory: directory, database: script.dataset.database || undefined })
  for (const socket of sockets) socket.connect(() => new WebSocket(socket.url, socket.protocols))
  // A failed start is reported once, where `ready` rejects; either way nothing waits any longer.
  starting.held.then(gate.openHttp, gate.openHttp)
  const verisim = await starting
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
  // A page Verisim's worker controls has its mocked requests held there; others hold them here.
  const controller = globalThis.navigator?.serviceWorker?.controller
  const held = controller !== null && controller !== undefined && new URL(controller.scriptURL).pathname === new URL('verisim-sw.js', script.src).pathname
  const gate = installRequestGate(globalThis, { http: !held })
  const ready = start(script, gate)
  window.verisim = { ready }
  ready.then(
    (verisim) => window.dispatchEvent(new CustomEvent('verisim:ready', { detail: verisim })),
    (error: unknown) => {
      // Nothing waits for a mock that will not come: sockets fail as refused, requests go to the network.
      for (const socket of gate.releaseSockets()) socket.connect(error instanceof Error ? error : new Error(String(error)))
      gate.openHttp()
      console.error(`[verisim] the mock did not start: ${error instanceof Error ? error.message : String(error)}`)
    },
  )
}
