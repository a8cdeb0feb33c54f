import { startVerisim } from '../browser/start.ts'
import { INSPECTOR_CHANNEL } from '../browser/webhook-transports.ts'
import type { InspectorMessage } from '../core/webhooks.ts'
import { byId, el, prepend } from './dom.ts'
import { loadScenarioFiles } from './scenario-files.ts'

const root = document.documentElement
const STEPS = ['pending', 'processing', 'shipped', 'delivered', 'completed']

interface Order {
  id: string
  status: string
  product_name?: string
  quantity: number
  total: number
  created_at: string
  tracking_number?: string
  [milestone: string]: unknown
}

async function boot(): Promise<void> {
  const name = new URLSearchParams(location.search).get('scenario') ?? 'e2e-persona-flow'
  const verisim = await startVerisim({ scenario: await loadScenarioFiles(name) })
  const { scenario } = verisim.engine
  const api = scenario.httpOrigins[0] ?? location.origin
  const socketUrl = scenario.socketUrls[0]
  root.dataset.verisim = 'ready'
  new Shop(api, socketUrl).start()
}

class Shop {
  #orderId: string | null = sessionStorage.getItem('verisim-demo:order')

  constructor(
    private readonly api: string,
    private readonly socketUrl: string | undefined,
  ) {}

  start(): void {
    byId<HTMLFormElement>('login-form').addEventListener('submit', (event) => {
      event.preventDefault()
      settle(this.login(new FormData(event.currentTarget as HTMLFormElement)))
    })
    for (const button of document.querySelectorAll<HTMLButtonElement>('[data-clock]')) {
      button.addEventListener('click', () => settle(this.clock(button.dataset.clock ?? 'status', button.dataset.body ?? '{}')))
    }
    this.connectSocket()
    this.listenToWebhooks()
    settle(this.refresh())
    setInterval(() => settle(this.showClock()), 1000)
  }

  async call(method: string, path: string, body?: unknown): Promise<{ ok: boolean; status: number; body: any }> {
    const response = await fetch(`${this.api}${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { ok: response.ok, status: response.status, body: await response.json() }
  }

  async refresh(): Promise<void> {
    await Promise.all([this.showWho(), this.showProducts(), this.showClock(), this.showOrder()])
  }

  async login(form: FormData): Promise<void> {
    const result = await this.call('POST', '/api/auth/login', { email: form.get('email'), password: form.get('password') })
    byId('login-error').textContent = result.ok ? '' : result.body.message
    await this.refresh()
  }

  async showWho(): Promise<void> {
    const me = await this.call('GET', '/api/auth/me')
    byId('who').textContent = me.ok ? `${me.body.user.name} · ${me.body.user.subscription_tier}` : 'Signed out'
  }

  async showProducts(): Promise<void> {
    const { body } = await this.call('GET', '/api/products')
    byId('products-note').textContent = body.persona ? `picked for you (${body.persona.preferences.categories.join(', ')})` : 'all products'
    byId('products').replaceChildren(
      ...body.products.map((product: { id: string; name: string; price: number; category: string; description: string; in_stock: boolean }) => {
        const buy = el('button', { 'data-product': product.id }, product.in_stock ? 'Order one' : 'Out of stock')
        buy.disabled = !product.in_stock
        buy.addEventListener('click', () => settle(this.order(product.id)))
        return el('li', {}, el('strong', {}, product.name), el('span', { class: 'muted' }, `${product.category} · ${product.description}`), el('span', { class: 'price' }, `$${product.price.toFixed(2)}`), buy)
      }),
    )
  }

  async order(productId: string): Promise<void> {
    const result = await this.call('POST', '/api/orders', { product_id: productId, quantity: 1 })
    byId('order-error').textContent = result.ok ? '' : result.body.message
    if (!result.ok) return
    this.#orderId = result.body.id
    sessionStorage.setItem('verisim-demo:order', result.body.id)
    await this.showOrder()
  }

  async showOrder(): Promise<void> {
    if (!this.#orderId) return
    const result = await this.call('GET', `/api/orders/${encodeURIComponent(this.#orderId)}`)
    if (!result.ok) return
    const order = result.body as Order
    const reached = STEPS.indexOf(order.status)
    byId('order').replaceChildren(
      el('p', {}, el('strong', { 'data-testid': 'order-id' }, order.id), ` · ${order.quantity} × ${order.product_name ?? ''} · $${order.total.toFixed(2)} · status `, el('strong', { 'data-testid': 'order-status' }, order.status)),
      el('ol', { class: 'steps' }, ...STEPS.map((step, i) => {
        const at = step === 'pending' ? order.created_at : order[`${step}_at`]
        const label = typeof at === 'string' ? `${step} · ${formatTime(at)}` : step
        return el('li', { class: i < reached ? 'done' : i === reached ? 'current' : '' }, label)
      })),
      el('p', { class: 'muted' }, order.tracking_number ? `Tracking number ${order.tracking_number}` : 'No tracking number yet'),
    )
  }

  async clock(action: string, body: string): Promise<void> {
    const result = await this.call('POST', `/__mockforge/time-travel/${action}`, JSON.parse(body))
    byId('clock-error').textContent = result.ok ? '' : result.body.message
    await Promise.all([this.showClock(), this.showOrder()])
  }

  async showClock(): Promise<void> {
    const { body } = await this.call('GET', '/__mockforge/time-travel/status')
    byId('clock-now').textContent = formatTime(body.current_time)
    byId('clock-mode').textContent = body.enabled ? `time travel · ×${body.scale_factor}` : 'real time'
  }

  connectSocket(): void {
    if (!this.socketUrl) return
    const state = byId('socket-state')
    const socket = new WebSocket(this.socketUrl)
    socket.addEventListener('open', () => {
      state.textContent = 'connected'
      socket.send(JSON.stringify({ type: 'init', workspace: 'default' }))
    })
    socket.addEventListener('close', () => {
      state.textContent = 'closed'
    })
    socket.addEventListener('message', (event) => {
      const frame = JSON.parse(String(event.data)) as Record<string, unknown>
      const text = frame.type === 'order_status_update' ? `${frame.order_id} is ${frame.status}` : frame.type === 'order_created' ? `${frame.order_id} created` : frame.type === 'payment_received' ? `payment ${frame.payment_id} of $${frame.amount}` : String(frame.type)
      prepend(byId('socket-log'), el('li', {}, text, ' ', el('span', { class: 'muted' }, typeof frame.timestamp === 'string' ? formatTime(frame.timestamp) : '')))
      if (frame.order_id === this.#orderId) settle(this.showOrder())
    })
  }

  listenToWebhooks(): void {
    const channel = new BroadcastChannel(INSPECTOR_CHANNEL)
    channel.addEventListener('message', (event: MessageEvent<InspectorMessage>) => {
      const hook = event.data
      const body = hook.body as Record<string, unknown>
      prepend(byId('webhook-log'), el('li', {}, el('code', {}, hook.event), ` ${String(body.order_id ?? '')} → ${hook.url}`))
    })
  }
}

/**
 * Runs a UI update to its end. A request cut short (the page reloading, the mock stopped) is
 * reported on the console; it must not become an uncaught error of the shop.
 */
function settle(update: Promise<unknown>): void {
  update.catch((error: unknown) => console.warn('[demo] update failed:', error instanceof Error ? error.message : error))
}

function formatTime(iso: string): string {
  return new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC'
}

boot().catch((error: unknown) => {
  root.dataset.verisim = 'error'
  root.dataset.verisimError = error instanceof Error ? error.message : String(error)
  document.body.prepend(el('p', { class: 'error', role: 'alert' }, `Verisim could not start: ${root.dataset.verisimError}`))
  console.error(error)
})
