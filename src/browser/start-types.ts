import type { Engine, StorageMode } from '../core/engine/engine.ts'
import type { Scenario, ScenarioSource } from '../core/scenario/scenario.ts'
import type { ValidatorsFactory } from './contract-runtime.ts'
import type { InterceptionMode } from './interception-mode.ts'
import type { MockHandler } from './mock-handler.ts'
import type { RouteHandler } from './overrides.ts'
import type { RequestContext } from './request-context.ts'
import type { RoutePattern } from './route-pattern.ts'

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

/**
 * A scenario compiled in Node (what the Vite plugin hands the page): the page starts its worker
 * and routes its sockets at once, without loading the scenario compiler.
 */
export type PrecompiledScenario = Scenario & Pick<CompiledScenarioSource, 'validatorsFactory' | 'printedWarnings'>

export interface StartOptions {
  /** The scenario: its parsed files (with its compiled validators, if any), or an already compiled one. */
  scenario: CompiledScenarioSource | PrecompiledScenario
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

/** What the page did before the engine's chunk loaded: the sockets it routes, and whether its requests are held already. */
export interface EarlyStart {
  /** Resolved with the engine once it has started: sockets opened before then are connected to it. */
  engine: { promise: Promise<Engine>; resolve(engine: Engine): void; reject(error: unknown): void }
  /** Puts the router back on top of what MSW wrapped it in, and takes it away on stop. */
  sockets: { reassert(): void; restore(): void }
  /** Set when Verisim's worker controls the page already (a reload): it holds the mocked requests. */
  held: Promise<void> | null
}
