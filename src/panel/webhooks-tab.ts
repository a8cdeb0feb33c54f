import type { DeliveryBody, DeliveryListBody, EndpointBody, EndpointListBody } from '../core/wire/wire.ts'
import { button, h, pretty } from './dom.ts'
import { formatIn, stateColour } from './format.ts'
import type { PanelContext } from './panel-context.ts'
import { TabView } from './tab-view.ts'

const SHOWN = 200

/** Where the standalone inspector is served (it listens on the same BroadcastChannel): beside the worker scripts. */
export const DEFAULT_INSPECTOR_URL = '/verisim-inspector.html'

/** Webhook endpoints and the outbox: each delivery's status, attempts and next retry; retry a dead one. */
export class WebhooksTab extends TabView {
  readonly id = 'webhooks'
  readonly label = 'Webhooks'
  readonly #endpoints = h('tbody')
  readonly #deliveries = h('ol', { class: 'deliveries', 'data-testid': 'deliveries' })
  readonly #summary = h('span', { class: 'muted' })
  readonly #url = h('input', { type: 'url', required: true, placeholder: 'http://127.0.0.1:4000/hooks', 'aria-label': 'Endpoint URL' })
  readonly #events = h('input', { type: 'text', value: '*', 'aria-label': 'Events (comma-separated)', size: 16 })
  readonly #secret = h('input', { type: 'text', placeholder: 'secret (optional)', 'aria-label': 'Signing secret (optional)', size: 14, autocomplete: 'off' })
  readonly #expanded = new Set<string>()
  #names = new Map<string, string>()

  constructor(ctx: PanelContext, inspectorUrl: string) {
    super(ctx)
    this.tickWhileShown(1000, () => this.#tick())
    this.element.append(
      h('div', { class: 'columns' },
        h('section', { class: 'card', 'aria-label': 'Endpoints' },
          h('h3', null, 'Endpoints'),
          h('table', { class: 'endpoints' },
            h('thead', null, h('tr', null, h('th', null, 'Name'), h('th', null, 'URL'), h('th', null, 'Events'), h('th', null, ''))),
            this.#endpoints,
          ),
          h('form', { class: 'row', onsubmit: (event: SubmitEvent) => this.#add(event) },
            this.#url, this.#events, this.#secret, h('button', { type: 'submit' }, 'Add endpoint'),
          ),
          this.message,
          h('p', null, h('a', { href: inspectorUrl, target: '_blank', rel: 'noopener' }, 'Open the webhook inspector ↗'),
            h('span', { class: 'muted' }, ' (another tab, listening on BroadcastChannel verisim:webhooks)')),
        ),
        h('section', { class: 'card grow', 'aria-label': 'Deliveries' },
          h('h3', null, 'Deliveries ', this.#summary),
          this.#deliveries,
        ),
      ),
    )
    this.stops.push(ctx.engine.events.on('delivery', (d) => {
      if (d.workspace === ctx.workspace) this.invalidate()
    }))
  }


  protected async load(): Promise<void> {
    const [endpoints, deliveries] = await Promise.all([
      this.ctx.call<EndpointListBody>('GET', '/__mockforge/webhooks'),
      this.ctx.call<DeliveryListBody>('GET', '/__mockforge/webhooks/deliveries'),
    ])
    this.#names = new Map(endpoints.endpoints.map((e) => [e.id, e.name]))
    this.#endpoints.replaceChildren(...endpoints.endpoints.map((e) => this.#endpointRow(e)))
    if (endpoints.endpoints.length === 0) this.#endpoints.append(h('tr', null, h('td', { colspan: 4, class: 'muted' }, 'No endpoints.')))
    const newest = [...deliveries.deliveries].reverse().slice(0, SHOWN)
    this.#summary.textContent = `${newest.length} shown of ${deliveries.total}`
    this.#deliveries.replaceChildren(...newest.map((d) => this.#deliveryRow(d)))
    if (newest.length === 0) this.#deliveries.append(h('li', { class: 'muted' }, 'No deliveries yet.'))
  }

  #endpointRow(endpoint: EndpointBody): HTMLElement {
    return h('tr', { 'data-endpoint': endpoint.id },
      h('td', null, endpoint.name, endpoint.signed ? h('span', { class: 'muted', title: 'signs X-Webhook-Signature' }, ' 🔏') : null),
      h('td', { class: 'mono wrap' }, endpoint.url),
      h('td', { class: 'mono' }, endpoint.events.join(', ')),
      h('td', null, endpoint.source === 'runtime'
        ? button('Remove', () => this.act(async () => {
          await this.ctx.call('DELETE', `/__mockforge/webhooks/${encodeURIComponent(endpoint.id)}`)
          this.invalidate()
          return `Removed ${endpoint.name}.`
        }), { 'aria-label': `Remove endpoint ${endpoint.name}` })
        : h('span', { class: 'muted' }, 'config')),
    )
  }

  #deliveryRow(delivery: DeliveryBody): HTMLElement {
    const open = this.#expanded.has(delivery.id)
    const chip = h('span', { class: 'chip', 'data-testid': 'delivery-status' }, delivery.status)
    chip.style.setProperty('--chip', stateColour(delivery.status === 'delivered' ? 'completed' : delivery.status))
    const { payload } = delivery
    const about = 'order_id' in payload ? payload.order_id : payload.user_id
    const body = h('pre', { class: 'json', hidden: !open }, pretty({ url: delivery.url, headers: delivery.headers, payload: delivery.payload }))
    const toggle = button(open ? 'Hide' : 'Show', () => {
      const now = body.hidden
      body.hidden = !now
      toggle.textContent = now ? 'Hide' : 'Show'
      toggle.setAttribute('aria-expanded', String(now))
      if (now) this.#expanded.add(delivery.id)
      else this.#expanded.delete(delivery.id)
    }, { 'aria-expanded': String(open), 'aria-label': `Payload of ${delivery.id}` })
    const next = delivery.next_attempt_at ? Date.parse(delivery.next_attempt_at) : null
    return h('li', { 'data-delivery': delivery.id, 'data-status': delivery.status, 'data-event': delivery.event },
      h('div', { class: 'line' },
        chip,
        h('span', { class: 'mono' }, delivery.event),
        h('span', { class: 'mono' }, about),
        h('span', { class: 'muted', title: delivery.url }, `→ ${this.#names.get(delivery.endpoint) ?? delivery.endpoint}`),
        h('span', { class: 'attempts' }, `attempts ${delivery.attempts}${delivery.attempt_limit ? `/${delivery.attempt_limit}` : ''}`),
        delivery.response_status ? h('span', { class: 'muted' }, `HTTP ${delivery.response_status}`) : null,
        next === null ? null : h('span', { class: 'next', 'data-next': next }, `next try ${formatIn(next - Date.now())}`),
        h('span', { class: 'spacer' }),
        delivery.status === 'dead'
          ? button('Retry', () => this.act(async () => {
            await this.ctx.call('POST', `/__mockforge/webhooks/deliveries/${encodeURIComponent(delivery.id)}/retry`)
            this.invalidate()
            return `Retrying ${delivery.id}.`
          }), { 'aria-label': `Retry ${delivery.id}` })
          : null,
        toggle,
      ),
      delivery.last_error ? h('div', { class: 'error-line' }, delivery.last_error) : null,
      body,
    )
  }

  #add(event: SubmitEvent): void {
    event.preventDefault()
    const events = this.#events.value.split(',').map((e) => e.trim()).filter(Boolean)
    void this.act(async () => {
      const secret = this.#secret.value.trim()
      const created = await this.ctx.call<EndpointBody>('POST', '/__mockforge/webhooks', { url: this.#url.value.trim(), events, ...(secret ? { secret } : {}) })
      this.#url.value = ''
      this.#secret.value = ''
      this.invalidate()
      return `Added ${created.name}.`
    })
  }

  #tick(): void {
    for (const cell of this.#deliveries.querySelectorAll<HTMLElement>('[data-next]')) {
      cell.textContent = `next try ${formatIn(Number(cell.dataset.next) - Date.now())}`
    }
  }
}
