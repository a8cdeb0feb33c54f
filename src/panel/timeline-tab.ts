import type { EngineEvents } from '../core/engine/engine.ts'
import { button, h, pretty } from './dom.ts'
import type { Channel, LogEntry } from './event-log.ts'
import { formatClockTime, stateColour } from './format.ts'
import type { PanelContext } from './panel-context.ts'
import { TabView } from './tab-view.ts'
import { foldNewestFirst, foldOnto, type TimelineRow } from './timeline-rows.ts'

const CHANNELS: ReadonlyArray<[Channel, string]> = [['http', 'HTTP'], ['socket', 'Socket'], ['lifecycle', 'Lifecycle'], ['webhook', 'Webhook']]
const SHOWN = 300

/**
 * Everything the mock did, newest first: requests, socket frames, lifecycle steps, webhook
 * deliveries. The same request made again and again in a row (a client polling) is one row with
 * its count, showing the latest. With a reality continuum, a request's row says whether the mock,
 * the real backend or both blended answered it (the filter finds `real`, `blended`, `mock`).
 */
export class TimelineTab extends TabView {
  readonly id = 'timeline'
  readonly label = 'Timeline'
  readonly #list = h('ol', { class: 'timeline', 'data-testid': 'timeline' })
  readonly #filter = h('input', { type: 'search', placeholder: 'entity, e.g. ORD-1001', 'aria-label': 'Filter by entity' })
  readonly #count = h('span', { class: 'muted' })
  readonly #on = new Set<Channel>(CHANNELS.map(([channel]) => channel))
  readonly #open = new Set<number>()
  #pending: LogEntry[] = []
  #flush: ReturnType<typeof setTimeout> | null = null
  /** The newest row on show: a repeat of its request folds into it. */
  #top: { row: TimelineRow; node: HTMLElement } | null = null

  constructor(ctx: PanelContext) {
    super(ctx, 'workspace')
    const toggles = CHANNELS.map(([channel, label]) =>
      button(label, (event) => {
        const on = !this.#on.has(channel)
        if (on) this.#on.add(channel)
        else this.#on.delete(channel)
        ;(event.currentTarget as HTMLElement).setAttribute('aria-pressed', String(on))
        this.#renderAll()
      }, { 'aria-pressed': 'true', class: `toggle ch-${channel}`, 'data-channel': channel }),
    )
    this.#filter.addEventListener('input', () => this.#renderAll())
    this.element.append(
      h('div', { class: 'toolbar', role: 'group', 'aria-label': 'Channels' }, ...toggles, this.#filter, this.#count,
        button('Clear', () => {
          ctx.log.clear()
          this.#renderAll()
        }),
      ),
      this.#list,
    )
    this.stops.push(ctx.log.listen((entry) => this.#queue(entry)))
    this.stops.push(() => {
      if (this.#flush !== null) clearTimeout(this.#flush)
    })
  }

  protected async load(): Promise<void> {
    this.#renderAll()
  }

  /** New entries arrive in bursts (a catch-up is thousands): they are drawn in batches. */
  #queue(entry: LogEntry): void {
    if (!this.visible) {
      this.invalidate()
      return
    }
    this.#pending.push(entry)
    this.#flush ??= setTimeout(() => {
      this.#flush = null
      const batch = this.#pending.splice(0).filter((e) => this.#matches(e))
      if (batch.length === 0) return
      const top = this.#top
      const shownSeq = top?.row.latest.seq
      const added = foldOnto(top?.row ?? null, batch)
      if (top && shownSeq !== undefined && top.row.latest.seq !== shownSeq) {
        // The row now shows a later request: an expanded row stays expanded.
        if (this.#open.delete(shownSeq)) this.#open.add(top.row.latest.seq)
        const node = this.#row(top.row)
        top.node.replaceWith(node)
        top.node = node
      }
      const nodes = added.slice(-SHOWN).reverse().map((row) => this.#row(row))
      const [newest] = added.slice(-1)
      if (newest && nodes[0]) this.#top = { row: newest, node: nodes[0] }
      this.#list.querySelector('.empty')?.remove()
      this.#list.prepend(...nodes)
      while (this.#list.children.length > SHOWN) this.#list.lastElementChild?.remove()
      this.#countRows()
    }, 50)
  }

  #renderAll(): void {
    this.#pending = []
    const rows = foldNewestFirst(this.#matching(), SHOWN)
    const nodes = rows.map((row) => this.#row(row))
    this.#top = rows[0] && nodes[0] ? { row: rows[0], node: nodes[0] } : null
    if (nodes.length === 0) nodes.push(h('li', { class: 'muted empty' }, 'Nothing yet for this filter.'))
    this.#list.replaceChildren(...nodes)
    this.#countRows()
  }

  /** The log's entries that pass the filters, newest first. */
  *#matching(): Generator<LogEntry> {
    const entries = this.ctx.log.entries
    for (let i = entries.length - 1; i >= 0; i--) {
      const entry = entries[i]
      if (entry && this.#matches(entry)) yield entry
    }
  }

  #countRows(): void {
    const n = this.#list.querySelectorAll('li[data-seq]').length
    this.#count.textContent = `${n}${n >= SHOWN ? '+' : ''} shown`
  }

  #matches(entry: LogEntry): boolean {
    if (!this.#on.has(entry.channel)) return false
    if (entry.workspace !== null && entry.workspace !== this.ctx.workspace) return false
    const wanted = this.#filter.value.trim().toLowerCase()
    return wanted === '' || searchText(entry).toLowerCase().includes(wanted)
  }

  #row({ latest: entry, count }: TimelineRow): HTMLElement {
    const { title, state } = describe(entry)
    const badge = h('span', { class: `badge ch-${entry.channel}` }, entry.channel)
    const chip = state ? h('span', { class: 'chip' }, state) : null
    chip?.style.setProperty('--chip', stateColour(state))
    const times = count > 1 ? h('span', { class: 'count', title: `${count} times in a row; the latest is shown` }, `×${count}`) : null
    const reality = realityOf(entry)
    const failed = entry.channel === 'http' ? entry.event.upstream_error : undefined
    const origin = reality ? h('span', { class: `rl rl-${reality}`, title: REALITY_TITLES[reality] }, failed ? `${reality} · upstream ${failed}` : reality) : null
    const details = h('details', { open: this.#open.has(entry.seq) },
      h('summary', null, h('time', { class: 'mono muted' }, formatClockTime(entry.at)), badge, h('span', { class: 'title' }, title), times, origin, chip),
      h('pre', { class: 'json' }, pretty(payloadOf(entry))),
    )
    details.addEventListener('toggle', () => {
      if (details.open) this.#open.add(entry.seq)
      else this.#open.delete(entry.seq)
    })
    return h('li', { 'data-seq': entry.seq, 'data-channel': entry.channel, 'data-count': count, 'data-reality': reality }, details)
  }
}

function describe(entry: LogEntry): { title: string; state: string | null } {
  switch (entry.channel) {
    case 'http': {
      const url = new URL(entry.event.url)
      const by = entry.event.overridden ? ' (overridden)' : ''
      // Status 0: an override failed the request with a network error.
      const status = entry.event.status === 0 ? 'network error' : entry.event.status
      return { title: `${entry.event.method} ${url.pathname}${url.search} → ${status}${by}`, state: null }
    }
    case 'socket': {
      const frame = entry.event.frame as Record<string, unknown> | null
      const type = frame && typeof frame === 'object' && typeof frame.type === 'string' ? frame.type : 'frame'
      // A `<type>_status_update` of any other type names its entity by `<type>_id` (`loan_id`).
      const own = `${type.replace(/_status_update$/, '')}_id`
      const about = frame && typeof frame === 'object' ? (frame.order_id ?? frame.user_id ?? frame[own] ?? '') : ''
      return { title: `${entry.event.direction === 'in' ? '↑ in' : '↓ out'} ${type} ${String(about)}`.trim(), state: statusOf(frame) }
    }
    case 'lifecycle':
      return { title: `${entry.event.event} ${entry.event.subject} @ ${entry.event.timestamp}`, state: statusOf(entry.event.data) }
    case 'webhook':
      return {
        title: `${entry.event.event} → ${entry.event.endpoint} (${entry.event.id}, attempt ${entry.event.attempts})`,
        state: entry.event.status,
      }
  }
}

type RealityMark = NonNullable<EngineEvents['request']['reality']>

/** What each origin mark of the reality continuum means, for the badge's tooltip. */
const REALITY_TITLES: Readonly<Record<RealityMark, string>> = {
  mock: 'Answered by the mock (the reality continuum did not choose the real backend, or it failed)',
  real: 'Answered by the real backend',
  blended: "The real backend's answer merged with the mock's",
}

/** Where an HTTP answer came from, when the scenario has a reality continuum. */
function realityOf(entry: LogEntry): RealityMark | null {
  return entry.channel === 'http' ? (entry.event.reality ?? null) : null
}

function statusOf(value: unknown): string | null {
  const status = value && typeof value === 'object' ? (value as Record<string, unknown>).status : undefined
  return typeof status === 'string' ? status : null
}

/** What the entity filter searches: the subject and the ids an entry carries. */
function searchText(entry: LogEntry): string {
  switch (entry.channel) {
    case 'http':
      return `${entry.event.url} ${entry.event.reality ?? ''}`
    case 'socket':
      return JSON.stringify(entry.event.frame) ?? ''
    case 'lifecycle':
      return `${entry.event.subject} ${JSON.stringify(entry.event.data)}`
    case 'webhook':
      return `${entry.event.subject ?? ''} ${entry.event.body}`
  }
}

function payloadOf(entry: LogEntry): unknown {
  if (entry.channel !== 'webhook') return entry.event
  let body: unknown = entry.event.body
  try {
    body = JSON.parse(entry.event.body)
  } catch {
    // Shown as the text it was.
  }
  return { ...entry.event, body }
}
