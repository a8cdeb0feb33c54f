import type { Engine } from '../core/engine/engine.ts'
import { assertUnpatched } from './patches.ts'
import { gateOf, installRequestGate, type RequestGate } from './request-gate.ts'
import type { EarlyStart, StartOptions, Starting } from './start-types.ts'
import { installSocketRoute } from './websocket-route.ts'
import { defaultWorkerUrl } from './worker-url.ts'

export type { CompiledScenarioSource, PrecompiledScenario, StartOptions, Starting, Verisim } from './start-types.ts'

/**
 * Starts the mock. What the page must do before its app runs is done here, at once: a scenario
 * compiled in Node has its sockets routed now; in a page Verisim's worker already controls, the
 * worker holds the mocked requests until the mock answers, and in any other page the page's fetch
 * and XMLHttpRequest calls wait here until the mock holds them. The rest (the store, the engine,
 * MSW) is a chunk of its own, loaded beside the app's modules.
 */
export function startVerisim(options: StartOptions): Starting {
  let early: EarlyStart | null
  let gate: RequestGate | null = null
  try {
    assertUnpatched('WebSocket')
    early = earlyStart(options)
    // The script tag's own gate, put in place before its scenario came, is waiting already: the same one serves.
    if (!early?.held && typeof XMLHttpRequest === 'function') gate = gateOf(globalThis) ?? installRequestGate(globalThis, { http: true, sockets: false })
  } catch (error) {
    const held = Promise.reject(error as Error)
    held.catch(() => undefined)
    return Object.assign(Promise.reject(error as Error), { held }) as Starting
  }
  // A scenario with a spec needs the validators' runtime helpers too: asked for beside the engine's chunk, not once it has loaded.
  if (options.scenario.validatorsFactory) import('./contract-runtime.ts').catch(() => undefined)
  const starting = import('./start-engine.ts').then(
    ({ startEngine }) => startEngine(options, early, gate),
    (error: unknown) => {
      // Nothing else will undo what was done here: the router goes, and a start may be tried again.
      early?.sockets.restore()
      throw new Error(`Verisim could not load the rest of its runtime (${error instanceof Error ? error.message : String(error)}): the package's files are incomplete or were not served`, { cause: error })
    },
  )
  const started = starting.then((engine) => engine.started)
  // Failing before it held anything, start fails as a whole (and is said once, where it is awaited).
  const held = early?.held ?? starting.then((engine) => engine.held)
  held.catch(() => undefined)
  // Nothing waits any longer once the mock holds the requests, or will not (its failure is said where start is awaited).
  if (gate) held.then(gate.openHttp, gate.openHttp)
  if (early) started.catch((error: unknown) => early.engine.reject(error))
  return Object.assign(started, { held })
}

function earlyStart(options: StartOptions): EarlyStart | null {
  const scenario = options.scenario
  if (!('httpOrigins' in scenario)) return null
  let resolve!: (engine: Engine) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<Engine>((yes, no) => ((resolve = yes), (reject = no)))
  promise.catch(() => undefined)
  const sockets = installSocketRoute(scenario, promise)
  const controller = globalThis.navigator?.serviceWorker?.controller
  const ownWorker = options.workerUrl === undefined && options.handlers === undefined
  const workerUrl = defaultWorkerUrl(scenario, options.workerDirectory ?? '/', false)
  const held = ownWorker && controller?.scriptURL === workerUrl ? Promise.resolve() : null
  return { engine: { promise, resolve, reject }, sockets, held }
}
