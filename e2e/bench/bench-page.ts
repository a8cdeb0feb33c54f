// The page `npm run bench` measures: Verisim on the demo scenario, plus bare MSW handlers in the
// same worker as the baseline every ratio is taken against.
import { http, HttpResponse } from 'msw'
import { startVerisim, type Verisim } from '../../src/browser/start.ts'
import { loadScenarioFiles } from '../../src/demo/scenario-files.ts'

let bareBody: Record<string, any> = {}
const bareHandlers = [
  http.get('/__bench/bare', () => HttpResponse.json(bareBody)),
  http.post('/__bench/bare', async ({ request }) => {
    await request.text()
    return HttpResponse.json(bareBody, { status: 201 })
  }),
  // P2's floor: the bare handler, answering once it has stored what a new order stores, as Verisim does.
  http.post('/__bench/bare-stored', async ({ request }) => {
    await request.text()
    await storeLikeAnOrder()
    return HttpResponse.json(bareBody, { status: 201 })
  }),
]

/**
 * The records `POST /api/orders` stores in the demo scenario, in one IndexedDB transaction of the
 * same shape (Verisim's object stores and link index; the sizes of its records): the workspace with
 * its order count, the order and its payment, the log of the webhook delivery the mock received
 * itself, and the store's version. Its own database, beside the mock's.
 */
const floor = new Promise<IDBDatabase>((resolve, reject) => {
  const opening = indexedDB.open('verisim-bench-floor', 1)
  opening.onupgradeneeded = () => {
    const db = opening.result
    for (const table of ['workspaces', 'delivery_log', 'meta']) db.createObjectStore(table)
    db.createObjectStore('entities').createIndex('refs', 'refs', { multiEntry: true })
  }
  opening.onsuccess = () => resolve(opening.result)
  opening.onerror = () => reject(opening.error)
})
let stored = 0

async function storeLikeAnOrder(): Promise<void> {
  const db = await floor
  const n = ++stored
  const at = new Date().toISOString()
  const tx = db.transaction(['workspaces', 'entities', 'delivery_log', 'meta'], 'readwrite')
  tx.objectStore('workspaces').put({ id: 'default', clock: { enabled: false, scale: 1, anchorVirtual: 0, anchorWall: 0 }, persona: 'user-123', counters: { order: 1000 + n, payment: n }, ordinal: n }, 'default')
  const order = { id: `ORD-${1000 + n}`, user_id: 'user-123', product_id: 'prod-123', quantity: 1, status: 'pending', total: 99.99, created_at: at, payment_ids: [`PAY-${n}`] }
  tx.objectStore('entities').put({ workspace: 'default', type: 'order', id: order.id, created_at: n, ordinal: 2 * n, data: order, lifecycle: { state: 'pending', since: at, due: at }, refs: ['default\u0000user-123', 'default\u0000prod-123'] }, `default\u0000order\u0000${order.id}`)
  tx.objectStore('entities').put({ workspace: 'default', type: 'payment', id: `PAY-${n}`, created_at: n, ordinal: 2 * n + 1, data: { id: `PAY-${n}`, order_id: order.id, amount: 99.99, status: 'received', created_at: at }, refs: [`default\u0000${order.id}`] }, `default\u0000payment\u0000PAY-${n}`)
  tx.objectStore('delivery_log').put({ id: `default\u0000${n}`, workspace: 'default', deliveries: [{ id: crypto.randomUUID(), workspace: 'default', endpoint: 'order_status_update', url: 'http://localhost:3000/api/webhooks/order-status', event: 'order.created', payload: { event: 'order.created', order_id: order.id, user_id: 'user-123', status: 'pending', timestamp: at }, status: 'delivered', attempts: 1, ordinal: n, created_at: at }] }, `default\u0000${n}`)
  tx.objectStore('meta').put(n, 'version')
  tx.commit()
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve()
    tx.onabort = () => reject(tx.error)
  })
}

interface Timing {
  a: number[]
  b: number[]
}

async function time(url: string, init: RequestInit): Promise<number> {
  const start = performance.now()
  const response = await fetch(url, { cache: 'no-store', ...init })
  await response.text()
  return performance.now() - start
}

/** A JSON request timed to its whole answer; any answer but 2xx is thrown with its body. */
async function call(method: string, url: string, body?: unknown): Promise<{ ms: number; text: string }> {
  const start = performance.now()
  const response = await fetch(url, {
    method,
    cache: 'no-store',
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  })
  const text = await response.text()
  const ms = performance.now() - start
  if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 300)}`)
  return { ms, text }
}

const api = {
  verisim: null as Verisim | null,
  startedAt: 0,
  firstResponseMs: 0,

  setBare(body: Record<string, any>): void {
    bareBody = body
  },

  /** Alternates request a and request b `rounds` times after `warmup` rounds; returns both series in ms. */
  async interleave(a: [string, RequestInit], b: [string, RequestInit], rounds: number, warmup: number): Promise<Timing> {
    const result: Timing = { a: [], b: [] }
    for (let i = 0; i < warmup + rounds; i++) {
      const first = i % 2 === 0
      const ta = first ? await time(...a) : 0
      const tb = await time(...b)
      const ta2 = first ? ta : await time(...a)
      if (i >= warmup) {
        result.a.push(ta2)
        result.b.push(tb)
      }
    }
    return result
  },

  async seed(count: number): Promise<void> {
    const engine = api.verisim?.engine
    if (!engine) throw new Error('Verisim is not running')
    const batch = 5000
    for (let done = 0; done < count; done += batch) {
      const size = Math.min(batch, count - done)
      await engine.seedOrders('default', 'user-123', Array.from({ length: size }, () => ({ product_id: 'prod-123', quantity: 1 })))
    }
  },

  /** Opens a socket on the default workspace; resolves once init is acknowledged. */
  async openSocket(): Promise<void> {
    const ws = new WebSocket('ws://localhost:3001')
    state.frames = 0
    state.lastFrameAt = 0
    ws.addEventListener('message', (event) => {
      state.frames++
      state.lastFrameAt = performance.now()
      const frame = JSON.parse(String(event.data)) as { type: string }
      if (frame.type === 'order_created') state.createdFrameAt.push(performance.now())
    })
    await new Promise<void>((resolve) => ws.addEventListener('open', () => resolve()))
    const acked = new Promise<void>((resolve) => ws.addEventListener('message', () => resolve(), { once: true }))
    ws.send(JSON.stringify({ type: 'init', workspace: 'default' }))
    await acked
    state.frames = 0
  },

  /** Time of `advance {duration}` until its answer and until `frames` socket frames arrived. */
  async advance(duration: string, frames: number): Promise<{ responseMs: number; framesMs: number }> {
    state.frames = 0
    const start = performance.now()
    const response = await fetch('/__mockforge/time-travel/advance', { method: 'POST', body: JSON.stringify({ duration }) })
    if (!response.ok) throw new Error(`advance failed: ${response.status} ${await response.text()}`)
    const responseMs = performance.now() - start
    while (state.frames < frames) await new Promise((resolve) => setTimeout(resolve, 5))
    return { responseMs, framesMs: state.lastFrameAt - start }
  },

  /**
   * P9 snapshots of the world as it stands: `runs` snapshots taken one after another, then `runs`
   * restores of the first, each after a day's advance has moved every order on. Times are request
   * to whole answer, each timed once the webhooks of what came before were sent, so that it is the
   * snapshot's or the restore's own; the restored world is checked against the one kept.
   */
  async snapshots(runs: number): Promise<{ snapshotMs: number[]; restoreMs: number[]; id: string; entities: number; sizeBytes: number }> {
    const engine = api.verisim?.engine
    if (!engine) throw new Error('Verisim is not running')
    const probe = async () => (await call('GET', '/api/v1/consistency/entities/order/ORD-1001')).text
    await engine.settled()
    const before = await probe()
    const snapshotMs: number[] = []
    const made: Array<Record<string, any>> = []
    for (let i = 0; i < runs; i++) {
      const { ms, text } = await call('POST', '/__verisim/snapshots', { name: `p9-${i}` })
      snapshotMs.push(ms)
      made.push(JSON.parse(text) as Record<string, any>)
    }
    const first = made[0]
    if (!first) throw new Error('no snapshot was taken')
    const restoreMs: number[] = []
    for (let i = 0; i < runs; i++) {
      await call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })
      if ((await probe()) === before) throw new Error('the advance did not change the world')
      await engine.settled()
      restoreMs.push((await call('POST', `/__verisim/snapshots/${first.id}/restore`)).ms)
      if ((await probe()) !== before) throw new Error('the restore did not bring the world back')
    }
    return { snapshotMs, restoreMs, id: first.id, entities: first.entities, sizeBytes: first.size_bytes }
  },

  /** The text of `GET /__verisim/snapshots/{id}/export`. */
  async exportSnapshot(id: string): Promise<string> {
    return (await call('GET', `/__verisim/snapshots/${id}/export`)).text
  },

  /** Fact emitted by the engine → `onmessage` of a page socket, per order created. */
  async pushLatency(orders: number): Promise<number[]> {
    const engine = api.verisim?.engine
    if (!engine) throw new Error('Verisim is not running')
    const factAt: number[] = []
    const off = engine.events.on('fact', (fact) => {
      if (fact.event === 'order.created') factAt.push(performance.now())
    })
    state.createdFrameAt = []
    for (let i = 0; i < orders; i++) {
      await fetch('/api/orders', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"product_id":"prod-123","quantity":1}' })
    }
    while (state.createdFrameAt.length < orders) await new Promise((resolve) => setTimeout(resolve, 5))
    off()
    return factAt.map((at, i) => (state.createdFrameAt[i] ?? Number.NaN) - at)
  },
}

const state = { frames: 0, lastFrameAt: 0, createdFrameAt: [] as number[] }

declare global {
  interface Window {
    bench: typeof api
  }
}

window.bench = api
try {
  api.startedAt = performance.now()
  // `?scenario=<folder>` (default the demo's); `?contract=off` serves it without checking requests or answers against its spec.
  const params = new URLSearchParams(location.search)
  const scenario = await loadScenarioFiles(params.get('scenario') ?? 'e2e-persona-flow')
  if (params.get('contract') === 'off') scenario.config = { ...(scenario.config as object), contract: { requests: 'off', responses: 'off' } }
  api.verisim = await startVerisim({ scenario, handlers: bareHandlers })
  await fetch('/api/orders/ORD-1001', { cache: 'no-store' })
  api.firstResponseMs = performance.now() - (performance.getEntriesByName('verisim:worker-started')[0]?.startTime ?? Number.NaN)
  document.documentElement.dataset.verisim = 'ready'
} catch (error) {
  document.documentElement.dataset.verisim = 'error'
  document.documentElement.dataset.verisimError = error instanceof Error ? error.message : String(error)
}
