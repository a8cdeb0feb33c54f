import { test as base, type Page } from '@playwright/test'

/** A webhook delivery as the mock made it (any endpoint). */
export interface SeenWebhook {
  id: string
  event: string
  url: string
  endpoint: string
  status: string
  attempts: number
  payload: Record<string, unknown>
}

/** A frame the mock pushed to one of the page's sockets. */
export interface SeenFrame {
  url: string
  workspace: string | null
  frame: Record<string, unknown>
}

export interface ClockStatus {
  enabled: boolean
  current_time: string
  scale_factor: number
  real_time: string
}

interface WaitOptions {
  timeout?: number
}

export interface VerisimFixture {
  /** The workspace the fixture works in (`default`: every test has its own browser context, so its own state). */
  readonly workspace: string
  /** Waits until the page's mock has started (the app's own code may still be loading: wait for its UI as usual). */
  ready(options?: WaitOptions): Promise<void>
  /** Calls the mock's HTTP API from the page: `request('POST', '/api/orders', {...})`. */
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>
  time: {
    status(): Promise<ClockStatus>
    enable(options?: { time?: string; scale?: number }): Promise<ClockStatus>
    advance(duration: string): Promise<ClockStatus>
    set(time: string): Promise<ClockStatus>
    reset(): Promise<ClockStatus>
  }
  webhooks: {
    /** Resolves with the first delivery of `event` (matching `predicate`) made since the page loaded. */
    waitFor(event: string, predicate?: (webhook: SeenWebhook) => boolean, options?: WaitOptions): Promise<SeenWebhook>
    all(): Promise<SeenWebhook[]>
  }
  sockets: {
    /** Resolves with the first frame of `type` (matching `predicate`) pushed to any of the page's mocked sockets. */
    waitFor(type: string, predicate?: (frame: Record<string, any>) => boolean, options?: WaitOptions): Promise<Record<string, any>>
    all(): Promise<SeenFrame[]>
  }
  state: {
    /** Empties the workspace: entities, lifecycles, deliveries, endpoints, clock, persona. */
    reset(): Promise<void>
  }
  /** Creates orders for a persona in one transaction, as if each had been posted; resolves with their ids. */
  seed(personaId: string, orders: Array<{ product_id: string; quantity: number }>): Promise<string[]>
}

interface Recorded {
  webhooks: SeenWebhook[]
  frames: SeenFrame[]
  started: boolean
}

declare global {
  interface Window {
    verisimRecorded?: Recorded
    /** The started mock itself, for calls that have no HTTP route on the page's origin. */
    verisimInstance?: { engine: { seedOrders(workspace: string, personaId: string, orders: unknown[]): Promise<string[]> }; stop(): Promise<void> }
  }
}

/** Runs in the page before its scripts: records what the mock sends once `startVerisim()` announces itself. */
function recorder(): void {
  const recorded: Recorded = { webhooks: [], frames: [], started: false }
  window.verisimRecorded = recorded
  ;(globalThis as any).verisimTestHook = {
    started(verisim: { engine: any; stop(): Promise<void> }) {
      const { engine } = verisim
      window.verisimInstance = verisim
      recorded.started = true
      engine.events.on('delivery', (d: any) => {
        const seen = { id: d.id, event: d.event, url: d.url, endpoint: d.endpoint, status: d.status, attempts: d.attempts, payload: JSON.parse(d.body) }
        const at = recorded.webhooks.findIndex((w) => w.id === d.id)
        if (at >= 0) recorded.webhooks[at] = seen
        else recorded.webhooks.push(seen)
      })
      engine.events.on('socket', (s: any) => {
        if (s.direction === 'out') recorded.frames.push({ url: s.url, workspace: s.workspace, frame: s.frame })
      })
    },
  }
}

const POLL_MS = 50

async function waitFor<T>(read: () => Promise<T[]>, match: (item: T) => boolean, what: string, timeout: number): Promise<T> {
  const deadline = Date.now() + timeout
  for (;;) {
    const found = (await read()).find(match)
    if (found !== undefined) return found
    if (Date.now() > deadline) throw new Error(`verisim: no ${what} within ${timeout} ms`)
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

function fixtureFor(page: Page): VerisimFixture {
  const workspace = 'default'
  const request: VerisimFixture['request'] = (method, path, body) =>
    page.evaluate(
      async (args) => {
        const response = await fetch(args.path, {
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
  const recorded = () => page.evaluate(() => window.verisimRecorded ?? { webhooks: [], frames: [], started: false })
  return {
    workspace,
    async ready({ timeout = 20_000 } = {}) {
      await page.waitForFunction(() => window.verisimRecorded?.started === true, null, { timeout })
    },
    request,
    time: {
      status: async () => (await request('GET', '/__mockforge/time-travel/status')).body as ClockStatus,
      enable: (options = {}) => clock('enable', options),
      advance: (duration) => clock('advance', { duration }),
      set: (time) => clock('set', { time }),
      reset: () => clock('reset'),
    },
    webhooks: {
      all: async () => (await recorded()).webhooks,
      waitFor: (event, predicate = () => true, { timeout = 10_000 } = {}) =>
        waitFor(async () => (await recorded()).webhooks, (w) => w.event === event && predicate(w), `webhook ${event}`, timeout),
    },
    sockets: {
      all: async () => (await recorded()).frames,
      waitFor: async (type, predicate = () => true, { timeout = 10_000 } = {}) =>
        (await waitFor(async () => (await recorded()).frames, (f) => f.frame.type === type && predicate(f.frame), `socket frame ${type}`, timeout)).frame,
    },
    state: {
      async reset() {
        const res = await request('DELETE', '/api/v1/consistency/state')
        if (res.status !== 200) throw new Error(`verisim: reset failed with ${res.status}: ${JSON.stringify(res.body)}`)
      },
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

/**
 * Playwright's `test` with a `verisim` fixture: the page's mock recorded from its first script
 * (webhooks, socket frames) and driven from the test (clock, state, seed).
 */
export const test = base.extend<{ verisim: VerisimFixture }>({
  verisim: async ({ page }, use) => {
    await page.addInitScript(recorder)
    await use(fixtureFor(page))
  },
})

export { expect } from '@playwright/test'
