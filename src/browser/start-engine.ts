import type { RequestHandler } from 'msw'
import { Engine, serves } from '../core/engine/engine.ts'
import { singleTab } from '../core/engine/tabs.ts'
import type { Scenario, ScenarioSource } from '../core/scenario/scenario.ts'
import { browserTabs } from './browser-tabs.ts'
import { httpHandlers, overridesHandler } from './http-handlers.ts'
import { interceptHttp } from './http-interception.ts'
import type { MockedListener } from './http-network.ts'
import { openStore } from './open-store.ts'
import { Overrides } from './overrides.ts'
import { provideContext, RequestContext } from './request-context.ts'
import type { RequestGate } from './request-gate.ts'
import { warningsToPrint } from './scenario-warnings.ts'
import type { CompiledScenarioSource, EarlyStart, PrecompiledScenario, StartOptions, Verisim } from './start-types.ts'
import { timerScheduler } from './timer-scheduler.ts'
import { browserWebhookTransports } from './webhook-transports.ts'
import { browserUpstream } from './upstream-port.ts'
import { installSocketRoute } from './websocket-route.ts'
import { defaultWorkerUrl } from './worker-url.ts'

/**
 * The composition root, loaded by startVerisim as a chunk of its own: opens the store, builds the
 * engine, starts the worker, routes sockets (unless the page routed them already: `early`).
 * `gate`: the page's requests that wait for the mock to hold them (its globals go on stop).
 */
export function startEngine(options: StartOptions, early: EarlyStart | null, gate: RequestGate | null = null): { started: Promise<Verisim>; held: Promise<void> } {
  let hold!: (holding: Promise<void>) => void
  // Settles as the requests are held, or with start if it fails before it held anything.
  const held = new Promise<void>((resolve, reject) => (hold = (holding) => holding.then(resolve, reject)))
  held.catch(() => undefined)
  const started = start(options, early, gate, hold)
  hold(started.then(() => undefined))
  return { started, held }
}

async function start(options: StartOptions, early: EarlyStart | null, gate: RequestGate | null, holding: (held: Promise<void>) => void): Promise<Verisim> {
  const scenario = await compiledScenario(options.scenario)
  const printed = 'printedWarnings' in options.scenario ? options.scenario.printedWarnings : []
  for (const warning of warningsToPrint(scenario.warnings, printed)) console.warn(`[verisim] scenario '${scenario.name}': ${warning}`)

  // MSW's worker.start() wraps WebSocket too; the router keeps the browser's own for unmocked URLs.
  const nativeWebSocket = globalThis.WebSocket
  // Undone on stop(), or at once if starting fails half-way: the page's globals (the worker and its
  // fetch patches, the socket router, the request gate) in reverse order of patching, since each of
  // MSW and the router puts back what it found; then the engine and its store, in reverse order of doing.
  const undoGlobals: Array<() => unknown> = []
  if (gate) undoGlobals.push(() => gate.restore())
  if (early) undoGlobals.push(() => early.sockets.restore())
  const undoEngine: Array<() => unknown> = []
  const stop = async () => {
    for (const steps of [undoGlobals, undoEngine]) for (const step of steps.splice(0).reverse()) await step()
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
        upstream: { port: browserUpstream(), override: new URLSearchParams(location.search).get('verisim-upstream') ?? undefined },
      })
      undoEngine.push(() => started.settled(), () => started.stop())
      // A world handed over in the address bar is the page's before its first answer.
      if (location.search.includes('verisim-state=')) await import('./apply-state-link.ts').then(({ applyStateLink }) => applyStateLink(started))
      performance.mark('verisim:engine-started')
      // Sockets the page opened already talk to the engine now, whatever the worker is doing.
      early?.engine.resolve(started)
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
    // The page's own fetch and XMLHttpRequest are what MSW wraps in the page, not the gate's.
    const startInPage = () => import('./in-page-http.ts').then((inPageHttp) => (gate?.handOver(), inPageHttp.startInPage(handlers, observe)))
    const inPage = controlled ? null : workerless(workerUrl).then((none) => (none ? startInPage() : null)).catch(() => null)
    const intercepting = interceptHttp(handlers, { workerUrl, served, onMocked: observe, early: inPage, startInPage }).then((http) => {
      undoGlobals.push(() => http.stop())
      performance.mark('verisim:worker-started')
      // Outermost, so that mocked sockets reach the engine directly and others the native WebSocket.
      if (early) early.sockets.reassert()
      else undoGlobals.push(installSocketRoute(scenario, engine, globalThis, nativeWebSocket).restore)
      return http
    })
    // A first visit waits for the worker to take control; sockets are routed once HTTP is intercepted.
    // Verisim's worker holds a controlled page's mocked requests itself; MSW's own (with handlers
    // of the app's, or a worker of its choosing) lets them go until its handshake with this page.
    const workerHolds = controlled && options.workerUrl === undefined && options.handlers === undefined
    const waitsForWorker = !workerHolds || (scenario.socketUrls.length > 0 && !early)
    holding(Promise.all([inPage?.then((network) => network ?? intercepting), waitsForWorker ? intercepting : null]).then(() => undefined))
    const [ready, intercepted] = await Promise.allSettled([engine, intercepting])
    if (ready.status === 'rejected') throw ready.reason
    if (intercepted.status === 'rejected') throw intercepted.reason
    const http = intercepted.value
    for (const warning of ready.value.contract?.warnings ?? []) console.warn(`[verisim] scenario '${scenario.name}': ${warning}`)
    undoEngine.push(ready.value.events.on('warning', ({ source, message }) => console.warn(`[verisim] ${source}: ${message}`)))
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

/**
 * The scenario compiled, its OpenAPI validators instantiated from their module's factory. The
 * compiler and the validators' runtime helpers are loaded only when needed: the Vite plugin hands
 * the page a compiled scenario, and a scenario without a spec has no validators.
 */
async function compiledScenario(given: CompiledScenarioSource | PrecompiledScenario): Promise<Scenario> {
  const { validatorsFactory, printedWarnings: _printed, ...rest } = given
  const validators = validatorsFactory ? (await import('./contract-runtime.ts')).instantiateValidators(validatorsFactory) : undefined
  if ('httpOrigins' in rest) {
    const scenario = rest as Scenario
    return validators && scenario.contract ? { ...scenario, contract: { ...scenario.contract, validators } } : scenario
  }
  const { validatorsModule: _file, ...source } = rest as CompiledScenarioSource
  const { loadScenario } = await import('../core/scenario/load-scenario.ts')
  return loadScenario(validators ? { ...source, validators } : (source as ScenarioSource))
}

/** Whether this page will have no Service Worker: none for it, or one it was loaded past (a hard reload). */
async function workerless(workerUrl: string): Promise<boolean> {
  const container = globalThis.navigator?.serviceWorker as ServiceWorkerContainer | undefined
  if (!container || location.protocol === 'file:' || !globalThis.isSecureContext) return true
  const url = new URL(workerUrl, location.href).href
  return (await container.getRegistrations()).some((registration) => registration.active?.scriptURL === url)
}
