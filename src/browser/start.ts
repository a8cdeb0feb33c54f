import type { RequestHandler } from 'msw'
import type { MockHandler } from './mock-handler.ts'
import { Engine, serves, type StorageMode } from '../core/engine/engine.ts'
import { singleTab } from '../core/engine/tabs.ts'
import { loadScenario } from '../core/scenario/load-scenario.ts'
import type { Scenario, ScenarioSource } from '../core/scenario/scenario.ts'
import { browserTabs } from './browser-tabs.ts'
import { instantiateValidators, type ValidatorsFactory } from './contract-runtime.ts'
import { httpHandlers, overridesHandler } from './http-handlers.ts'
import { interceptHttp } from './http-interception.ts'
import type { MockedListener } from './http-network.ts'
import type { InterceptionMode } from './interception-mode.ts'
import { openStore } from './open-store.ts'
import { Overrides, type RouteHandler } from './overrides.ts'
import { provideContext, RequestContext } from './request-context.ts'
import type { RoutePattern } from './route-pattern.ts'
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
   * How the page's HTTP requests reach the mock: `'service-worker'`, or `'in-page'` when the
   * browser gave the page no working Service Worker (none, blocked, an insecure origin, a hard
   * reload past it): the page's own `fetch` and `XMLHttpRequest` are then answered in the page,
   * and requests not made by its JavaScript (images, iframes, forms, navigations) are not mocked.
   */
  readonly mode: InterceptionMode
  /**
   * Adds handlers of your own (MSW's `http.get(…)`…), asked before the scenario and before those
   * added earlier: an override of one route. With Verisim's filtering worker (no `handlers` at
   * start) only the URLs the scenario serves reach the page; a handler for another is warned about.
   */
  use(...handlers: MockHandler[]): void
  /** Drops the handlers `use` added (those given to startVerisim stay). */
  resetHandlers(): void
  /**
   * Overrides one route, as Playwright's `page.route` does: `route('GET /api/products/:id', (route) =>
   * route.fulfill({ json }))`. Asked before everything else, latest first; `route.fallback()` leaves
   * the request to the one before, and after the first to your handlers and the scenario.
   */
  route(pattern: RoutePattern, handler: RouteHandler): void
  /** Removes the overrides of `pattern` (only `handler`'s when given). */
  unroute(pattern: RoutePattern, handler?: RouteHandler): void
  /** The scenario's world as `request` sees it (what `verisimContext(request)` gives), for handlers of your own. */
  context(request: Request): RequestContext
  /** Stops serving, restores every patched global, closes the store. */
  stop(): Promise<void>
}

/** What startVerisim returns: the mock once started, and the moment the page's mocked requests wait for it. */
export interface Starting extends Promise<Verisim> {
  /**
   * Resolves as soon as the page's requests to the scenario's URLs (fetch, XMLHttpRequest,
   * WebSocket) are held until the mock answers them, long before it has read its world: an app
   * started from here has its first request mocked without waiting for the whole start.
   */
  readonly held: Promise<void>
}

/** The composition root: opens the store, builds the engine, starts the worker, routes sockets. */
export function startVerisim(options: StartOptions): Starting {
  let held: Promise<void> | undefined
  const started = start(options, (holding) => (held = holding))
  // Failing before it held anything, start fails as a whole (and is said once, where it is awaited).
  held ??= started.then(() => undefined)
  held.catch(() => undefined)
  return Object.assign(started, { held })
}

async function start(options: StartOptions, holding: (held: Promise<void>) => void): Promise<Verisim> {
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
    const overrides = new Overrides({
      mocked: (origin) => origin === location.origin || scenario.httpOrigins.includes(origin),
      context: async (request) => new RequestContext(await engine, request).snapshot(),
    })
    // Answers of handlers of the app's or a test's own are logged as overridden and held to the
    // spec (the engine's own carry its request id and were logged and checked as they were made).
    const observe: MockedListener = ({ request, response }) => {
      if (response.headers.has('X-MockForge-Request-ID') || response.bodyUsed) return
      const copy = response.clone()
      // An engine that failed to start is reported where start fails; any other failure here is said.
      void engine.then((started) => started.observeAnswer(request, copy), () => undefined).catch((error: unknown) => console.warn('[verisim] could not check an answer of your own handlers:', error))
    }
    const served = (url: string) => serves(scenario, location.origin, url)
    const handlers = [overridesHandler(overrides, (request) => observe({ request, response: Response.error() })), ...((options.handlers ?? []) as RequestHandler[]), ...httpHandlers(served, engine)]
    const workerUrl = options.workerUrl ?? defaultWorkerUrl(scenario, options.workerDirectory ?? '/', options.handlers !== undefined)
    // A page that will have no worker (none in this browser, a hard reload past it) answers its own
    // fetch and XMLHttpRequest at once, as its app may run before the mock has started; a page the
    // worker controls has its mocked requests held in Verisim's worker until it says it is ready.
    const controlled = Boolean(globalThis.navigator?.serviceWorker?.controller)
    // An early start that fails is not the last word: interceptHttp tries the page again and says why it cannot.
    const early = controlled ? null : workerless(workerUrl).then((none) => (none ? import('./in-page-http.ts').then(({ startInPage }) => startInPage(handlers, observe)) : null)).catch(() => null)
    const intercepting = interceptHttp(handlers, { workerUrl, served, onMocked: observe, early }).then((http) => {
      undoWorker.push(() => http.stop())
      performance.mark('verisim:worker-started')
      // Outermost, so that mocked sockets reach the engine directly and others the native WebSocket.
      undoSockets.push(installSocketRoute(scenario, engine, globalThis, nativeWebSocket))
      return http
    })
    // A first visit waits for the worker to take control; sockets are routed once HTTP is intercepted.
    holding(Promise.all([early?.then((network) => network ?? intercepting), scenario.socketUrls.length > 0 ? intercepting : null]).then(() => undefined))
    const [ready, intercepted] = await Promise.allSettled([engine, intercepting])
    if (ready.status === 'rejected') throw ready.reason
    if (intercepted.status === 'rejected') throw intercepted.reason
    const http = intercepted.value
    for (const warning of ready.value.contract?.warnings ?? []) console.warn(`[verisim] scenario '${scenario.name}': ${warning}`)
    undoSockets.push(ready.value.events.on('warning', ({ source, message }) => console.warn(`[verisim] ${source}: ${message}`)))
    // Only Verisim's own worker filters: in the page every request of its JavaScript is seen.
    const filtered = http.mode === 'service-worker' && options.workerUrl === undefined && options.handlers === undefined
    undoEngine.push(provideContext(ready.value))
    const opened = (await opening).storage
    const verisim: Verisim = {
      engine: ready.value,
      // The engine's: IndexedDB may fail while running, and memory takes over.
      get storage() {
        return ready.value.storage ?? opened
      },
      mode: http.mode,
      stop,
      use: (...added) => {
        for (const { info } of filtered ? added : []) {
          const path = (info as { path?: unknown }).path
          if (typeof path === 'string') warnUnreached(`the handler for ${info.header}`, path, served, 'Pass it as `handlers` to startVerisim (or the Vite plugin\'s `handlers` module) instead.')
        }
        http.use(...(added as RequestHandler[]))
      },
      resetHandlers: () => http.resetHandlers(),
      route: (pattern, handler) => {
        overrides.route(pattern, handler)
        const target = typeof pattern === 'string' ? pattern.trim().replace(/^[A-Za-z]+\s+/, '').split(/[?#]/)[0]! : null
        if (filtered && target) warnUnreached(`the override for ${pattern}`, target, served, "verisim.route covers the URLs the scenario serves; in a Playwright test, page.route covers the others.")
      },
      unroute: (pattern, handler) => overrides.unroute(pattern, handler),
      context: (request) => new RequestContext(ready.value, request),
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
 * A handler or an override whose path the filtering worker never sends to the page would silently
 * never run: say so, with what to do. (Paths with `*` may match served URLs too: not judged.)
 */
function warnUnreached(what: string, path: string, served: (url: string) => boolean, instead: string): void {
  if (path.includes('*')) return
  const url = new URL(path.replace(/\/:[^/]+/g, '/x'), location.href).href
  if (!served(url)) console.warn(`[verisim] ${what} will not run: the page's worker sends only the scenario's URLs to the page. ${instead}`)
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

/** Whether this page will have no Service Worker: none for it, or one it was loaded past (a hard reload). */
async function workerless(workerUrl: string): Promise<boolean> {
  const container = globalThis.navigator?.serviceWorker as ServiceWorkerContainer | undefined
  if (!container || location.protocol === 'file:' || !globalThis.isSecureContext) return true
  const url = new URL(workerUrl, location.href).href
  return (await container.getRegistrations()).some((registration) => registration.active?.scriptURL === url)
}
