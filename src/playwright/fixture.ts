import {
  test as base, type Page, type PlaywrightTestArgs, type PlaywrightTestOptions, type PlaywrightWorkerArgs, type PlaywrightWorkerOptions, type TestType,
} from '@playwright/test'
import type { FulfillOptions, RouteRequest } from '../browser/overrides.ts'
import type { ContextSnapshot } from '../browser/request-context.ts'
import type { RoutePattern } from '../browser/route-pattern.ts'
import type { ClockStatus, SnapshotBody, SnapshotDocument, SnapshotRestoredBody } from '../core/wire/wire.ts'
import { recorder, type FrameOf, type Report, type SeenFrame, type SeenWebhook } from './page-recorder.ts'
import { RouteBridge, type TestBody, type TestRoute, type TestRouteHandler } from './route-bridge.ts'
import { Seen } from './seen.ts'

export type { ClockStatus, ContextSnapshot, FrameOf, SnapshotBody, SnapshotDocument, SnapshotRestoredBody, FulfillOptions, RoutePattern, RouteRequest, SeenFrame, SeenWebhook, TestBody, TestRoute, TestRouteHandler }

interface WaitOptions {
  timeout?: number
}

export interface VerisimFixture {
  /** The workspace the fixture works in (`default`: every test has its own browser context, so its own state). */
  readonly workspace: string
  /**
   * Waits until the mock has started in the page's current document (the app's own code may still
   * be loading: wait for its UI as usual). After a reload or a navigation it waits for the new
   * document's start, not the old one's.
   */
  ready(options?: WaitOptions): Promise<void>
  /**
   * Asks the page's mock, as the scenario answers (overrides and the app's own handlers are not
   * asked, so a route handler may call it for the URL it overrides): `request('POST', '/api/orders', {...})`.
   */
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>
  /**
   * Overrides a route of the mock for the rest of the test, reloads and navigations included, as
   * `page.route` does: `route('GET /api/products', (route) => route.fulfill({ json: [] }))`. The
   * handler runs here, in the test; `route.fallback()` leaves the request to the override added
   * before, and after the first to the scenario; `route.abort()` makes the page's fetch reject;
   * `await route.context()` tells the request's workspace, persona and virtual time. Later
   * overrides are asked first. A pattern is `METHOD /path/:param/*`, a path (any method), a full
   * URL or a RegExp (tested against the full URL).
   */
  route(pattern: RoutePattern, handler: TestRouteHandler): Promise<void>
  /** Removes the overrides of `pattern` (only `handler`'s when given). */
  unroute(pattern: RoutePattern, handler?: TestRouteHandler): Promise<void>
  time: {
    status(): Promise<ClockStatus>
    enable(options?: { time?: string; scale?: number }): Promise<ClockStatus>
    advance(duration: string): Promise<ClockStatus>
    set(time: string): Promise<ClockStatus>
    reset(): Promise<ClockStatus>
  }
  webhooks: {
    /**
     * Resolves with the first delivery of `event` (matching `predicate`) seen since the test
     * opened the page, reloads included: one already seen at once, else as soon as it is made.
     */
    waitFor<E extends string>(event: E, predicate?: (webhook: SeenWebhook<E>) => boolean, options?: WaitOptions): Promise<SeenWebhook<E>>
    /** Every delivery seen since the test opened the page, in the order first made, each as last updated. */
    all(): Promise<SeenWebhook[]>
  }
  sockets: {
    /**
     * Resolves with the first frame of `type` (matching `predicate`) pushed to any of the page's
     * mocked sockets since the test opened it, reloads included: one already seen at once, else as
     * soon as it is sent.
     */
    waitFor<T extends string>(type: T, predicate?: (frame: FrameOf<T>) => boolean, options?: WaitOptions): Promise<FrameOf<T>>
    /** Every frame pushed since the test opened the page, reloads included. */
    all(): Promise<SeenFrame[]>
  }
  state: {
    /** Empties the workspace: entities, lifecycles, deliveries, endpoints, clock, persona. */
    reset(): Promise<void>
    /** Keeps a snapshot of the workspace as it is now (named `snapshot-<virtual time>` without a name). */
    snapshot(name?: string): Promise<SnapshotBody>
    /** The workspace's snapshots, newest first (the automatic ones kept before each clock change too). */
    list(): Promise<SnapshotBody[]>
    /** Makes the workspace what a snapshot (its id or name) held; deliveries already made are not sent again. */
    restore(idOrName: string): Promise<SnapshotRestoredBody>
    /** A snapshot (its id or name) as a document, or the workspace as it is now without one. */
    export(idOrName?: string): Promise<SnapshotDocument>
    /**
     * Makes the workspace what an exported document held (from another page, context or browser):
     * it is kept as a snapshot (its name, suffixed when taken) and restored. Build a world once in
     * `beforeAll`, export it, import it in each test.
     */
    import(document: SnapshotDocument): Promise<SnapshotRestoredBody>
  }
  /** Creates orders for a persona in one transaction, as if each had been posted; resolves with their ids. */
  seed(personaId: string, orders: Array<{ product_id: string; quantity: number }>): Promise<string[]>
}

declare global {
  interface Window {
    /** The started mock itself, for calls that have no HTTP route on the page's origin. */
    verisimInstance?: {
      engine: { seedOrders(workspace: string, personaId: string, orders: ReadonlyArray<{ product_id: string; quantity: number }>): Promise<string[]> }
      context(request: Request): { snapshot(): Promise<ContextSnapshot>; scenario(input: string, init?: RequestInit): Promise<Response> }
      stop(): Promise<void>
    }
  }
}

/** The function the page's recorder reports through (exposed before any of the page's scripts run). */
const BINDING = 'verisimReport'

/** What the page reported, kept in the test's process for the whole test, across reloads. */
interface Reports {
  webhooks: Seen<SeenWebhook>
  frames: Seen<SeenFrame>
  /** The documents (see `Report`) whose mock has started. */
  starts: Seen<number>
}

/** The page's current document, named as its recorder names it: by its time origin. */
async function documentOf(page: Page): Promise<number> {
  for (;;) {
    try {
      return await page.evaluate(() => performance.timeOrigin)
    } catch (error) {
      // A navigation replaced the document while it answered: ask the one that replaced it.
      if (!String(error).includes('Execution context was destroyed')) throw error
    }
  }
}

function fixtureFor(page: Page, reports: Reports, routes: RouteBridge): VerisimFixture {
  const workspace = 'default'
  const request: VerisimFixture['request'] = (method, path, body) =>
    page.evaluate(
      async (args) => {
        const verisim = window.verisimInstance
        if (!verisim) throw new Error('verisim: the mock has not started in this page (await verisim.ready() first)')
        const response = await verisim.context(new Request(location.href)).scenario(args.path, {
          method: args.method,
          headers: { 'Content-Type': 'application/json', 'X-MockForge-Workspace': args.workspace },
          body: args.body === undefined ? undefined : JSON.stringify(args.body),
        })
        const text = await response.text()
        return { status: response.status, body: text ? JSON.parse(text) : null }
      },
      { method, path, body, workspace },
    )
  const clock = async (action: string, body?: unknown): Promise<ClockStatus> => {
    const res = await request('POST', `/__mockforge/time-travel/${action}`, body ?? {})
    if (res.status !== 200) throw new Error(`verisim: time-travel ${action} failed with ${res.status}: ${JSON.stringify(res.body)}`)
    return res.body.status as ClockStatus
  }
  return {
    workspace,
    async ready({ timeout = 20_000 } = {}) {
      const document = await documentOf(page)
      await reports.starts.waitFor((started) => started >= document, 'mock start', timeout)
    },
    request,
    route: (pattern, handler) => routes.route(pattern, handler),
    unroute: (pattern, handler) => routes.unroute(pattern, handler),
    time: {
      status: async () => (await request('GET', '/__mockforge/time-travel/status')).body as ClockStatus,
      enable: (options = {}) => clock('enable', options),
      advance: (duration) => clock('advance', { duration }),
      set: (time) => clock('set', { time }),
      reset: () => clock('reset'),
    },
    webhooks: {
      all: async () => reports.webhooks.all(),
      waitFor: async <E extends string>(event: E, predicate: (webhook: SeenWebhook<E>) => boolean = () => true, { timeout = 10_000 } = {}) => {
        // A delivery of `event` carries that event's payload: the mock makes both from one fact.
        const typed = (w: SeenWebhook) => w as unknown as SeenWebhook<E>
        return typed(await reports.webhooks.waitFor((w) => w.event === event && predicate(typed(w)), `webhook ${event}`, timeout))
      },
    },
    sockets: {
      all: async () => reports.frames.all(),
      waitFor: async <T extends string>(type: T, predicate: (frame: FrameOf<T>) => boolean = () => true, { timeout = 10_000 } = {}) =>
        (await reports.frames.waitFor((f) => f.frame.type === type && predicate(f.frame as FrameOf<T>), `socket frame ${type}`, timeout)).frame as FrameOf<T>,
    },
    state: {
      async reset() {
        await expectStatus(request('DELETE', '/api/v1/consistency/state'), 200, 'reset')
      },
      snapshot: (name) => expectStatus(request('POST', '/__verisim/snapshots', name === undefined ? {} : { name }), 201, 'snapshot'),
      list: () => expectStatus(request('GET', '/__verisim/snapshots'), 200, 'list of snapshots'),
      restore: (idOrName) => expectStatus(request('POST', `/__verisim/snapshots/${encodeURIComponent(idOrName)}/restore`), 200, `restore of '${idOrName}'`),
      export: (idOrName) =>
        expectStatus(request('GET', idOrName === undefined ? '/__verisim/state' : `/__verisim/snapshots/${encodeURIComponent(idOrName)}/export`), 200, 'export'),
      import: (document) => expectStatus(request('PUT', '/__verisim/state', document), 200, 'import'),
    },
    async seed(personaId, orders) {
      return page.evaluate((args) => {
        const verisim = window.verisimInstance
        if (!verisim) throw new Error('verisim: the mock has not started in this page (await verisim.ready() first)')
        return verisim.engine.seedOrders(args.workspace, args.personaId, args.orders)
      }, { personaId, orders, workspace })
    },
  }
}

/** The body of an answer of `status`; any other is thrown with the mock's own message. */
async function expectStatus(answer: Promise<{ status: number; body: any }>, status: number, what: string): Promise<any> {
  const res = await answer
  if (res.status !== status) throw new Error(`verisim: ${what} failed with ${res.status}: ${res.body?.message ?? JSON.stringify(res.body)}`)
  return res.body
}

/**
 * Playwright's `test` with a `verisim` fixture: the page's mock recorded from its first script
 * (webhooks, socket frames) and driven from the test (clock, state, seed). The page reports what
 * it sees as it happens through an exposed function; the fixture keeps it for the whole test
 * (a reload starts a new mock, but what the old one did stays seen).
 */
// Typed from `@playwright/test` by name: inferred, its declaration would name `playwright/test`,
// which only npm's hoisting puts within an app's reach.
export const test: TestType<PlaywrightTestArgs & PlaywrightTestOptions & { verisim: VerisimFixture }, PlaywrightWorkerArgs & PlaywrightWorkerOptions> = base.extend<{
  verisim: VerisimFixture
}>({
  verisim: async ({ page }, use) => {
    const { fixture, detach } = await attach(page)
    await use(fixture)
    detach()
  },
})

/**
 * The `verisim` fixture for a page of your own, such as one opened in `beforeAll` to build a world
 * once and export it (`verisim.state.export()`) for each test to import. Call it before the page
 * loads anything: it records the page from its first script.
 */
export async function verisimFor(page: Page): Promise<VerisimFixture> {
  return (await attach(page)).fixture
}

async function attach(page: Page): Promise<{ fixture: VerisimFixture; detach(): void }> {
  const reports: Reports = { webhooks: new Seen((w) => w.id), frames: new Seen(), starts: new Seen() }
  await page.exposeBinding(BINDING, ({ frame }, batch: Report[]) => {
    // Frames inside the page (iframes) have recorders of their own; the fixture follows the page.
    if (frame !== page.mainFrame()) return
    for (const report of batch) {
      if (report.type === 'started') reports.starts.add(report.document)
      else if (report.type === 'webhook') reports.webhooks.add(report.webhook)
      else reports.frames.add(report.frame)
    }
  })
  await page.addInitScript(recorder, BINDING)
  // After the recorder: it wraps the test hook the recorder sets.
  const routes = new RouteBridge(page)
  await routes.install()
  const closed = () => {
    for (const seen of [reports.webhooks, reports.frames, reports.starts]) seen.fail((what) => new Error(`verisim: the page closed while waiting for ${what}`))
  }
  page.on('close', closed)
  return {
    fixture: fixtureFor(page, reports, routes),
    detach() {
      page.off('close', closed)
      for (const seen of [reports.webhooks, reports.frames, reports.starts]) seen.close()
    },
  }
}

export { expect } from '@playwright/test'
