import { INSPECTOR_CHANNEL } from '../browser/webhook-transports.ts'
import type { InspectorMessage } from '../core/wire/wire.ts'
import { h, pretty } from '../panel/dom.ts'
import { formatClockTime } from '../panel/format.ts'

// A standalone page: it only listens. Any tab of the origin running Verisim posts each delivery here.
const KEEP = 1000
const list = byId<HTMLOListElement>('messages')
const filter = byId<HTMLInputElement>('filter')
const count = byId('count')
const empty = byId('empty')
let received = 0

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id)
  if (!node) throw new Error(`The inspector page has no #${id}`)
  return node as T
}

function row(message: InspectorMessage): HTMLLIElement {
  const body = message.body as Record<string, unknown> | null
  const about = body && typeof body === 'object' ? (body.order_id ?? body.user_id) : undefined
  const headers = Object.entries(message.headers ?? {})
  const item = h('li', { 'data-delivery': message.delivery_id, 'data-event': message.event },
    h('details', null,
      h('summary', null,
        h('span', { class: 'mono muted' }, formatClockTime(Date.now())),
        h('span', { class: 'event' }, message.event),
        about === undefined ? null : h('span', { class: 'mono' }, String(about)),
        h('span', { class: 'mono muted' }, message.delivery_id),
        h('span', { class: 'mono' }, `→ ${message.url}`),
        h('span', { class: 'muted' }, `${message.endpoint} · ${message.workspace}`),
      ),
      h('h2', null, 'Headers'),
      h('table', null, ...headers.map(([name, value]) => h('tr', null, h('td', { class: 'mono muted' }, name), h('td', { class: 'mono' }, value)))),
      h('h2', null, 'Body'),
      h('pre', null, pretty(message.body)),
    ),
  )
  item.hidden = !visible(item)
  return item
}

function visible(item: HTMLElement): boolean {
  const wanted = filter.value.trim().toLowerCase()
  return wanted === '' || (item.textContent ?? '').toLowerCase().includes(wanted)
}

function update(): void {
  count.textContent = `${received} received`
  empty.hidden = list.children.length > 0
}

const channel = new BroadcastChannel(INSPECTOR_CHANNEL)
channel.addEventListener('message', (event: MessageEvent) => {
  const message = event.data as InspectorMessage
  if (!message || typeof message !== 'object' || typeof message.delivery_id !== 'string') return
  received++
  list.prepend(row(message))
  while (list.children.length > KEEP) list.lastElementChild?.remove()
  update()
})
filter.addEventListener('input', () => {
  for (const item of list.children) (item as HTMLElement).hidden = !visible(item as HTMLElement)
})
byId('clear').addEventListener('click', () => {
  list.replaceChildren()
  received = 0
  update()
})
document.documentElement.dataset.inspector = 'listening'
update()
