import type { ConsistencyStateBody, SnapshotBody, SnapshotRestoredBody } from '../core/wire/wire.ts'
import { button, h } from './dom.ts'
import { formatIn, formatInstant, stateColour } from './format.ts'
import type { PanelContext } from './panel-context.ts'
import { SnapshotTimeline } from './snapshot-timeline.ts'
import { TabView } from './tab-view.ts'
import { upcomingTransitions, type Upcoming } from './upcoming.ts'

const SHOWN = 40

/** The workspace's virtual clock: where it stands, moving it, what happens next, and going back to before a change. */
export class ClockTab extends TabView {
  readonly id = 'clock'
  readonly label = 'Clock'
  readonly #now = h('output', { class: 'clock-now', 'data-testid': 'clock-now' })
  readonly #mode = h('span', { class: 'clock-mode', 'data-testid': 'clock-mode' })
  readonly #toggle = button('Enable', () => this.#change(this.ctx.clock?.enabled ? 'disable' : 'enable'))
  readonly #duration = h('input', { type: 'text', placeholder: '90m, 2 days, 1w', 'aria-label': 'Duration to advance', size: 12 })
  readonly #date = h('input', { type: 'datetime-local', step: 1, 'aria-label': 'Date and time (UTC)' })
  readonly #scale = h('input', { type: 'number', min: 0, step: 'any', 'aria-label': 'Scale (× real time)', class: 'narrow' })
  readonly #upcoming = h('ol', { class: 'upcoming', 'data-testid': 'upcoming' })
  readonly #snapshots: SnapshotTimeline
  #items: Upcoming[] = []

  constructor(ctx: PanelContext) {
    super(ctx)
    this.#snapshots = new SnapshotTimeline(ctx, (snapshot) => void this.#restore(snapshot))
    const advance = (label: string, duration: string, name: string) =>
      button(label, () => this.#change('advance', { duration }), { 'aria-label': name })
    this.element.append(
      h('div', { class: 'columns' },
        h('section', { class: 'card', 'aria-label': 'Virtual clock' },
          h('h3', null, 'Virtual now ', h('span', { class: 'muted' }, '(UTC)')),
          this.#now,
          h('p', { class: 'muted' }, this.#mode),
          h('div', { class: 'row' },
            advance('+1 hour', '1h', 'Advance 1 hour'), advance('+1 day', '1d', 'Advance 1 day'), advance('+7 days', '7d', 'Advance 7 days'),
            h('form', { class: 'inline', onsubmit: (event: SubmitEvent) => this.#submit(event, () => this.#change('advance', { duration: this.#duration.value.trim() })) },
              this.#duration, h('button', { type: 'submit' }, 'Advance')),
          ),
          h('form', { class: 'row', onsubmit: (event: SubmitEvent) => this.#submit(event, () => this.#setDate()) },
            h('label', null, 'Set date ', this.#date), h('button', { type: 'submit' }, 'Set'),
          ),
          h('form', { class: 'row', onsubmit: (event: SubmitEvent) => this.#submit(event, () => this.#change('scale', { scale: Number(this.#scale.value) })) },
            h('label', null, 'Scale ×', this.#scale), h('button', { type: 'submit' }, 'Apply'),
            this.#toggle,
            button('Reset to real time', () => this.#change('reset')),
          ),
          this.message,
        ),
        h('section', { class: 'card grow', 'aria-label': 'Upcoming transitions' },
          h('h3', null, 'Upcoming transitions'),
          this.#upcoming,
        ),
        this.#snapshots.element,
      ),
    )
    this.stops.push(ctx.onClock(() => {
      this.#renderClock()
      if (this.visible) this.#snapshots.refresh()
    }))
    this.tickWhileShown(250, () => this.#tick())
  }

  override show(): void {
    super.show()
    this.#renderClock()
    this.#snapshots.refresh()
  }

  protected async load(): Promise<void> {
    const [state] = await Promise.all([
      this.ctx.call<ConsistencyStateBody>('GET', '/api/v1/consistency/state'),
      this.ctx.refreshClock(),
    ])
    this.#items = upcomingTransitions(Object.values(state.entity_state))
    this.#renderUpcoming()
  }

  #submit(event: SubmitEvent, action: () => Promise<void>): void {
    event.preventDefault()
    void action()
  }

  async #change(action: string, body: Record<string, unknown> = {}): Promise<void> {
    await this.act(async () => {
      await this.ctx.changeClock(action, body)
      return `${action} ✓ — now ${formatInstant(this.ctx.virtualNow())}`
    })
  }

  async #restore(snapshot: SnapshotBody): Promise<void> {
    await this.act(async () => {
      const result = await this.ctx.call<SnapshotRestoredBody>('POST', `/__verisim/snapshots/${encodeURIComponent(snapshot.id)}/restore`)
      await this.ctx.refreshClock()
      this.invalidate()
      return `Back to ${result.snapshot.name} ✓ — now ${formatInstant(this.ctx.virtualNow())}`
    })
  }

  async #setDate(): Promise<void> {
    const value = this.#date.value
    if (!value) return this.say('Pick a date and time first.', true)
    // datetime-local has no zone: the clock speaks UTC, and so does this field.
    await this.#change('set', { time: `${value.length === 16 ? `${value}:00` : value}Z` })
  }

  #renderClock(): void {
    const status = this.ctx.clock
    this.#toggle.textContent = status?.enabled ? 'Disable' : 'Enable'
    this.#mode.textContent = !status
      ? '…'
      : status.enabled
        ? `time travel on · ×${status.scale_factor}${status.scale_factor === 0 ? ' (frozen)' : ''}`
        : 'time travel off · follows real time'
    // Not while someone is typing a scale.
    if (status && !this.#scale.matches(':focus')) this.#scale.value = String(status.scale_factor)
    if (status && this.#date.value === '') this.#date.value = new Date(this.ctx.virtualNow()).toISOString().slice(0, 16)
    this.#tick()
  }

  #tick(): void {
    this.#now.textContent = this.ctx.clock ? formatInstant(this.ctx.virtualNow()) : '…'
    const now = this.ctx.virtualNow()
    for (const li of this.#upcoming.querySelectorAll<HTMLElement>('[data-due]')) {
      const when = li.querySelector('.when')
      if (when) when.textContent = formatIn(Number(li.dataset.due) - now)
    }
  }

  #renderUpcoming(): void {
    const now = this.ctx.virtualNow()
    const rows = this.#items.slice(0, SHOWN).map((item) => {
      const chip = h('span', { class: 'chip' }, item.to)
      chip.style.setProperty('--chip', stateColour(item.to))
      return h('li', { 'data-node': item.node, 'data-due': item.dueAt },
        h('span', { class: 'mono' }, item.id), ' → ', chip, ' ', h('span', { class: 'when' }, formatIn(item.dueAt - now)),
        ' ', h('span', { class: 'muted' }, `(${item.type}, now ${item.from})`),
      )
    })
    if (this.#items.length > SHOWN) rows.push(h('li', { class: 'muted' }, `+${this.#items.length - SHOWN} more`))
    if (rows.length === 0) rows.push(h('li', { class: 'muted' }, 'Nothing is scheduled: log in and create an order.'))
    this.#upcoming.replaceChildren(...rows)
  }
}
