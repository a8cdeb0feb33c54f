import type { RequestHandler } from 'msw'
import type { MockHandler } from './mock-handler.ts'
import { setupWorker } from 'msw/browser'
import { Engine, serves, type StorageMode } from '../core/engine/engine.ts'
import { singleTab } from '../core/engine/tabs.ts'
import { loadScenario } from '../core/scenario/load-scenario.ts'
import type { Scenario, ScenarioSource } from '../core/scenario/scenario.ts'
import { browserTabs } from './browser-tabs.ts'
import { instantiateValidators, type ValidatorsFactory } from './contract-runtime.ts'
import { httpHandlers } from './http-handlers.ts'
import { openStore } from './open-store.ts'
import { assertUnpatched } from './patches.ts'
import { warningsToPrint } from './scenario-warnings.ts'
import { timerScheduler } from './timer-scheduler.ts'
import { browserWebhookTransports } from './webhook-transports.ts'
import { installSocketRoute } from './websocket-route.ts'

/**
 * A scenario as Verisim's Node tools hand it to the page: its JSON, with the OpenAPI document's
 * validators as the factory of their compiled module (`virtual:verisim/validators` in Vite,
 * `validators.js` beside `scenario.json` for the script tag).
 */
export type CompiledScenarioSource = ScenarioSource & {
  /** The validators module's default export (null or absent: the scenario has no OpenAPI document). */
  validatorsFactory?: ValidatorsFactory | null
  /** In `scenario.json`: the validators module's file name, beside it. */
  validatorsModule?: string
  /** The warnings the Node tool that compiled it already printed: the page does not print them again. */
  printedWarnings?: string[]
}

export interface StartOptions {
  /** The scenario: its parsed files (with its compiled validators, if any), or an already compiled one. */
  scenario: CompiledScenarioSource | Scenario
  /**
   * Where the worker script is served. By default Verisim's filter (`verisim-sw.js`, which loads
   * MSW's `mockServiceWorker.js`), or MSW's own worker when you pass `handlers` of your own.
   */
  workerUrl?: string
  /**
   * The folder the worker scripts (`verisim-sw.js`, `mockServiceWorker.js`) are served from, as a
   * URL path ending in `/`: by default the site root. A worker controls only pages below its folder.
   */
  workerDirectory?: string
  /** IndexedDB database holding the state; one per scenario by default. */
  database?: string
  /**
   * Your own MSW handlers; they are asked first, before the scenario's routes. With them, every
   * request of the page goes through the page (MSW's worker), since their URLs are not known.
   */
  handlers?: MockHandler[]
}

export interface Verisim {
  readonly engine: Engine
  /**
   * Where the state lives: `{ kind: 'indexeddb', database }`, or `{ kind: 'memory', reason }` when
   * IndexedDB could not be opened or failed while running (`lost: true`; the state then lasts as
   * long as the page, and this tab does not share it with the origin's others).
   */
  readonly storage: StorageMode
  /**
   * Adds handlers of your own (MSW's `http.get(…)`…), asked before the scenario and before those
   * added earlier: an override of one route. With Verisim's filtering worker (no `handlers` at
   * start) only the URLs the scenario serves reach the page; a handler for another is warned about.
   */
  use(...handlers: MockHandler[]): void
  /** Drops the handlers `use` added (those given to startVerisim stay). */
  resetHandlers(): void
  /** Stops serving, restores every patched global, closes the store. */
  stop(): Promise<void>
}

/** The composition root: opens the store, builds the engine, starts the worker, routes sockets. */
export async function startVerisim(options: StartOptions): Promise<Verisim> {
  assertUnpatched('WebSocket')
  const scenario = 'httpOrigins' in options.scenario ? options.scenario : loadScenario(withValidators(options.scenario))
  const printed = 'printedWarnings' in options.scenario ? options.scenario.printedWarnings : []
  for (const warning of warningsToPrint(scenario.warnings, printed)) console.warn(`[verisim] scenario '${scenario.name}': ${warning}`)

  // MSW's worker.start() wraps WebSocket too; the router keeps the browser's own for unmocked URLs.
  const nativeWebSocket = globalThis.WebSocket
  // Undone on stop(), or at once if starting fails half-way: sockets, then the worker, then the
  // engine and its store, each in reverse order of doing.
  const undoSockets: Array<() => unknown> = []
  const undoWorker: Array<() => unknown> = []
  const undoEngine: Array<() => unknown> = []
  const stop = async () => {
    for (const steps of [undoSockets, undoWorker, undoEngine]) for (const step of steps.splice(0).reverse()) await step()
  }
  try {
    const database = options.database ?? `verisim:${scenario.name}`
    performance.mark('verisim:start')
    // Never fails: without IndexedDB the state lives in memory.
    const opening = openStore(database)
    // The engine reads its world while the worker registers: neither waits for the other.
    const engine = (async () => {
      const { store, storage } = await opening
      performance.mark('verisim:store-opened')
      undoEngine.push(() => store.close())
      // Tabs share a state through the database; on memory each tab leads its own.
      const tabs = storage.kind === 'indexeddb' ? browserTabs(database) : null
      if (tabs) undoEngine.push(() => tabs.close())
      const webhooks = browserWebhookTransports()
      undoEngine.push(() => webhooks.close())
      const started = await Engine.start({
        scenario,
        store,
        wallNow: () => Date.now(),
        scheduler: timerScheduler,
        webhooks,
        pageOrigin: location.origin,
        tabs: tabs ?? singleTab(),
        storage,
      })
      undoEngine.push(() => started.settled(), () => started.stop())
      performance.mark('verisim:engine-started')
      return started
    })()
    // MSW checks an installed worker for updates without waiting for the answer; when that check
    // fails (the dev server restarting, a moment offline) the worker in place keeps serving, so the
    // failure is a warning, not an uncaught error in the app.
    const updateFailed = (event: PromiseRejectionEvent) => {
      const reason = event.reason as { message?: unknown } | undefined
      if (typeof reason?.message === 'string' && /^Failed to update a ServiceWorker\b.*(verisim-sw|mockServiceWorker)\.js/.test(reason.message)) {
        event.preventDefault()
        console.warn(`[verisim] ${reason.message} (the worker in place keeps serving)`)
      }
    }
    globalThis.addEventListener('unhandledrejection', updateFailed)
    undoWorker.push(() => globalThis.removeEventListener('unhandledrejection', updateFailed))
    // The worker's answers to MSW's handshake are otherwise held until DOMContentLoaded, which
    // waits for every module script of the page: the app's modules would delay the mock.
    navigator.serviceWorker?.startMessages()
    const worker = setupWorker(...((options.handlers ?? []) as RequestHandler[]), ...httpHandlers((url) => serves(scenario, location.origin, url), engine))
    const workerStarted = worker
      .start({
        onUnhandledRequest: 'bypass',
        quiet: true,
        serviceWorker: { url: options.workerUrl ?? defaultWorkerUrl(scenario, options.workerDirectory ?? '/', options.handlers !== undefined) },
      })
      .then(() => {
        undoWorker.push(() => worker.stop())
        performance.mark('verisim:worker-started')
      })
    // Answers of handlers of the app's or a test's own are logged as overridden and held to the
    // spec (the engine's own carry its request id and were logged and checked as they were made).
    const observe = ({ request, response }: { request: Request; response: Response }) => {
      if (response.headers.has('X-MockForge-Request-ID') || response.bodyUsed) return
      const copy = response.clone()
      // An engine that failed to start is reported where start fails; any other failure here is said.
      void engine.then((started) => started.observeAnswer(request, copy), () => undefined).catch((error: unknown) => console.warn('[verisim] could not check an answer of your own handlers:', error))
    }
    worker.events.on('response:mocked', observe)
    undoWorker.push(() => worker.events.removeListener('response:mocked', observe))
    const [ready, registered] = await Promise.allSettled([engine, workerStarted])
    if (ready.status === 'rejected') throw ready.reason
    if (registered.status === 'rejected') throw registered.reason
    // Outermost, so that mocked sockets reach the engine directly and others the native WebSocket.
    undoSockets.push(installSocketRoute(ready.value, globalThis, nativeWebSocket))
    for (const warning of ready.value.contract?.warnings ?? []) console.warn(`[verisim] scenario '${scenario.name}': ${warning}`)
    undoSockets.push(ready.value.events.on('warning', ({ source, message }) => console.warn(`[verisim] ${source}: ${message}`)))
    const filtered = options.workerUrl === undefined && options.handlers === undefined
    const opened = (await opening).storage
    const verisim: Verisim = {
      engine: ready.value,
      // The engine's: IndexedDB may fail while running, and memory takes over.
      get storage() {
        return ready.value.storage ?? opened
      },
      stop,
      use: (...handlers) => {
        if (filtered) warnUnreached(handlers, (url) => serves(scenario, location.origin, url))
        worker.use(...(handlers as RequestHandler[]))
      },
      resetHandlers: () => worker.resetHandlers(),
    }
    // Test tooling (verisim's Playwright fixture) learns of the mock through this hook, if it set one.
    const hook = (globalThis as { verisimTestHook?: { started(verisim: Verisim): void } }).verisimTestHook
    try {
      hook?.started(verisim)
    } catch (error) {
      console.warn('[verisim] the test hook failed:', error)
    }
    return verisim
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * A handler whose path the filtering worker never sends to the page would silently never run:
 * say so once, with what to do.
 */
function warnUnreached(handlers: readonly MockHandler[], served: (url: string) => boolean): void {
  for (const handler of handlers) {
    const path = (handler.info as { path?: unknown }).path
    if (typeof path !== 'string' || path.includes('*')) continue
    const url = new URL(path.replace(/\/:[^/]+/g, '/x'), location.href).href
    if (!served(url)) {
      console.warn(`[verisim] the handler for ${handler.info.header} will not run: the page's worker sends only the scenario's URLs to the page. Pass it as \`handlers\` to startVerisim (or the Vite plugin's \`handlers\` module) instead.`)
    }
  }
}

/** The source as the scenario compiler takes it: the validators instantiated from their module's factory. */
function withValidators(compiled: CompiledScenarioSource): ScenarioSource {
  const { validatorsFactory, validatorsModule: _file, printedWarnings: _printed, ...source } = compiled
  return validatorsFactory ? { ...source, validators: instantiateValidators(validatorsFactory) } : source
}

/** The worker only sends what the scenario serves to the page; everything else goes straight out. */
function defaultWorkerUrl(scenario: Scenario, directory: string, ownHandlers: boolean): string {
  const folder = directory.endsWith('/') ? directory : `${directory}/`
  if (ownHandlers) return new URL(`${folder}mockServiceWorker.js`, location.href).href
  const query = new URLSearchParams({ origins: scenario.httpOrigins.join(','), paths: scenario.pagePaths.join(',') })
  return new URL(`${folder}verisim-sw.js?${query}`, location.href).href
}
