import { expect, type Page } from '@playwright/test'

/** A JSON body as a client reads it (the unit tests use the same loose shape). */
export type Json = Record<string, any>

export interface ApiResponse {
  status: number
  /** Every header the page may read, names lower-cased (cross-origin: only the exposed ones). */
  headers: Record<string, string>
  /** The parsed JSON body, or the raw text when the body is not JSON. */
  body: Json
  text: string
  contentType: string
}

export const BACKEND = 'http://localhost:3000'
export const SOCKET = 'ws://localhost:3001'
export const INSPECTOR_CHANNEL = 'verisim:webhooks'
export const DAY_MS = 86_400_000

/** What the helpers below keep on the page's `window` (gone after a reload). */
interface Harness {
  sockets: Record<string, WebSocket>
  frames: Record<string, unknown[]>
  closes: Record<string, { code: number; reason: string }>
  hooks: Json[]
  hookChannel?: BroadcastChannel
}

/** Opens the demo page and waits until it has started the mock; a start failure fails the test with its message. */
/** The console warnings the page prints from now on (only those containing `about`, when given), as they come. */
export function consoleWarnings(page: Page, about?: string): string[] {
  const warnings: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'warning' && (about === undefined || message.text().includes(about))) warnings.push(message.text())
  })
  return warnings
}

export async function gotoReady(page: Page, path = '/'): Promise<void> {
  await page.goto(path)
  await waitReady(page)
}

export async function waitReady(page: Page): Promise<void> {
  const html = page.locator('html[data-verisim="ready"], html[data-verisim="error"]')
  await expect(html, 'the page should set data-verisim to "ready" (or "error") once the mock has started').toHaveCount(1, { timeout: 20_000 })
  const state = await page.evaluate(() => ({
    status: document.documentElement.dataset.verisim,
    error: document.documentElement.dataset.verisimError,
  }))
  if (state.status !== 'ready') throw new Error(`The mock failed to start: ${state.error ?? '(no data-verisim-error)'}`)
}

/** A `fetch` made by the page itself, as a front-end would make it. Objects are sent as JSON; strings as they are. */
export async function api(page: Page, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse> {
  return page.evaluate(
    async (args) => {
      const init: RequestInit = { method: args.method, headers: { ...args.headers }, cache: 'no-store' }
      if (args.body !== undefined) {
        init.body = typeof args.body === 'string' ? args.body : JSON.stringify(args.body)
        ;(init.headers as Record<string, string>)['Content-Type'] = 'application/json'
      }
      const response = await fetch(args.url, init)
      const text = await response.text()
      let parsed: unknown = text
      try {
        parsed = text ? JSON.parse(text) : null
      } catch {
        // Not JSON: the caller sees the text.
      }
      const all: Record<string, string> = {}
      response.headers.forEach((value, name) => {
        all[name.toLowerCase()] = value
      })
      return { status: response.status, headers: all, body: parsed as Record<string, any>, text, contentType: response.headers.get('content-type') ?? '' }
    },
    { method, url, body, headers },
  )
}

/** The body of an answer that is a bare JSON array (`GET /api/products`), as the list it is. */
export const listOf = (res: ApiResponse): Json[] => {
  expect(Array.isArray(res.body), `a JSON array, not ${res.text.slice(0, 80)}`).toBe(true)
  return res.body as unknown as Json[]
}

export const login = (page: Page, email = 'user@example.com', password = 'password123', base = '') =>
  api(page, 'POST', `${base}/api/auth/login`, { email, password })

export const createOrder = (page: Page, productId = 'prod-123', quantity = 2, base = '', headers: Record<string, string> = {}) =>
  api(page, 'POST', `${base}/api/orders`, { product_id: productId, quantity }, headers)

export const timeTravel = (page: Page, action: string, body?: unknown) => api(page, 'POST', `/__mockforge/time-travel/${action}`, body ?? {})

/** Opens `new WebSocket(url)` in the page under `socket`; resolves once it is open. Frames are kept, JSON-parsed when possible. */
export async function openSocket(page: Page, socket: string, url: string = SOCKET): Promise<void> {
  await page.evaluate(
    ({ name, target }) =>
      new Promise<void>((resolve, reject) => {
        const w = window as unknown as { e2eHarness?: Harness }
        const h = (w.e2eHarness ??= { sockets: {}, frames: {}, closes: {}, hooks: [] })
        const frames: unknown[] = []
        h.frames[name] = frames
        const ws = new WebSocket(target)
        h.sockets[name] = ws
        ws.addEventListener('message', (event: MessageEvent) => {
          const data: unknown = event.data
          try {
            frames.push(typeof data === 'string' ? JSON.parse(data) : data)
          } catch {
            frames.push(data)
          }
        })
        ws.addEventListener('close', (event: CloseEvent) => {
          h.closes[name] = { code: event.code, reason: event.reason }
        })
        ws.addEventListener('open', () => resolve())
        ws.addEventListener('error', () => reject(new Error(`new WebSocket(${JSON.stringify(target)}) failed to open`)))
      }),
    { name: socket, target: url },
  )
}

/** Sends on a socket opened by `openSocket`: objects as JSON, strings as they are. */
export async function sendSocket(page: Page, socket: string, message: unknown): Promise<void> {
  await page.evaluate(
    ({ name, data }) => {
      const ws = (window as unknown as { e2eHarness?: Harness }).e2eHarness?.sockets[name]
      if (!ws) throw new Error(`no socket named ${name}`)
      ws.send(typeof data === 'string' ? data : JSON.stringify(data))
    },
    { name: socket, data: message },
  )
}

export async function framesOf(page: Page, socket: string): Promise<Json[]> {
  return page.evaluate((name) => ((window as unknown as { e2eHarness?: Harness }).e2eHarness?.frames[name] ?? []) as Json[], socket)
}

export async function socketState(page: Page, socket: string): Promise<{ readyState: number | null; closed: { code: number; reason: string } | null }> {
  return page.evaluate((name) => {
    const h = (window as unknown as { e2eHarness?: Harness }).e2eHarness
    return { readyState: h?.sockets[name]?.readyState ?? null, closed: h?.closes[name] ?? null }
  }, socket)
}

/** Listens on the webhook inspector channel from inside the page, as a devtool would. */
export async function listenWebhooks(page: Page): Promise<void> {
  await page.evaluate((channelName) => {
    const w = window as unknown as { e2eHarness?: Harness }
    const h = (w.e2eHarness ??= { sockets: {}, frames: {}, closes: {}, hooks: [] })
    h.hookChannel?.close()
    h.hooks = []
    const hooks = h.hooks
    h.hookChannel = new BroadcastChannel(channelName)
    h.hookChannel.addEventListener('message', (event: MessageEvent) => {
      hooks.push(event.data as Json)
    })
  }, INSPECTOR_CHANNEL)
}

export async function webhooksOf(page: Page): Promise<Json[]> {
  return page.evaluate(() => (window as unknown as { e2eHarness?: Harness }).e2eHarness?.hooks ?? [])
}

/** A short, comparable line per frame: `type status-or-amount`. */
export const frameLine = (f: Json): string => `${f.type} ${f.status ?? f.amount ?? f.workspace ?? f.error ?? ''}`.trim()

export const plusMs = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString()

export function decodeJwtPart(part: string | undefined): Json {
  if (!part) throw new Error('missing JWT part')
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Json
}
