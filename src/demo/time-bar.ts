import type { ClockAction, ClockStatus, ShopApi } from './api.ts'
import { button, el } from './dom.ts'
import { clockFace } from './format.ts'
import { settle } from './settle.ts'

const DEMO_DAY = '2025-01-27T00:00:00Z'

/** Calls `listener` with the shop's clock each time it changes; returns a function that stops it. */
export type ClockFeed = (listener: (status: ClockStatus) => void) => () => void

interface Move {
  label: string
  action: ClockAction
  body?: Record<string, string>
  testid: string
  title: string
}

const MOVES: Move[] = [
  { label: '+1 hour', action: 'advance', body: { duration: '1h' }, testid: 'advance-hour', title: 'Move the virtual clock one hour forward' },
  { label: '+1 day', action: 'advance', body: { duration: '1d' }, testid: 'advance-day', title: 'Move the virtual clock one day forward' },
  { label: '+1 week', action: 'advance', body: { duration: '1w' }, testid: 'advance-week', title: 'Move the virtual clock one week forward' },
]

/**
 * The demo's clock: the backend's virtual now, and buttons that move it. It reads the clock once,
 * then follows its changes, wherever they are made (these buttons, the devtools panel, another
 * tab, a test); in between, the face runs locally at the clock's scale.
 */
export class TimeBar {
  readonly node: HTMLElement
  readonly #date = el('span', { class: 'clock-date' })
  readonly #time = el('span', { class: 'clock-time' })
  readonly #mode = el('span', { class: 'pill', 'data-testid': 'clock-mode' })
  readonly #error = el('p', { class: 'timebar-error', role: 'alert' })
  #status: ClockStatus | null = null
  #syncedAt = 0
  /** How many statuses were shown: an answer that was on its way while a change came is older than it. */
  #shown = 0
  #queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly api: ShopApi,
    private readonly clocks: ClockFeed,
    private readonly allowed: boolean,
    private readonly onMoved: () => void,
  ) {
    const moves = MOVES.map((move) => this.#button(move.label, { 'data-testid': move.testid, title: move.title }, move.action, move.body))
    const travel = this.#button('Travel to 27 Jan 2025', { class: 'ghost', title: 'Start time travel on Monday 27 January 2025, 00:00 UTC' }, 'enable', { time: DEMO_DAY })
    const reset = this.#button('Back to real time', { class: 'ghost' }, 'reset')
    this.node = el(
      'section',
      { class: 'timebar', 'aria-label': 'Demo clock' },
      el('div', { class: 'timebar-inner' },
        el('div', { class: 'timebar-now' },
          el('span', { class: 'timebar-label' }, 'Virtual time'),
          el('span', { class: 'clock', 'data-testid': 'clock-now' }, this.#date, ' ', this.#time),
          this.#mode,
        ),
        el('div', { class: 'timebar-actions', role: 'group', 'aria-label': 'Move the virtual clock' }, ...moves, el('span', { class: 'divider', 'aria-hidden': 'true' }), travel, reset),
        this.#error,
      ),
    )
    if (!allowed) this.#error.textContent = 'This scenario turns time travel off: the clock follows real time.'
  }

  start(): void {
    this.clocks((status) => this.#show(status))
    settle(this.#sync(), 'clock sync')
    // Drawing only: the seconds move on the face, nothing is asked of the mock.
    setInterval(() => this.#draw(), 1000)
  }

  async #sync(): Promise<void> {
    const shown = this.#shown
    const status = await this.api.clock()
    if (status.ok && this.#shown === shown) this.#show(status.data)
  }

  /** The clock's current virtual instant as this page last saw it. */
  now(): number {
    const status = this.#status
    if (!status?.enabled) return Date.now()
    return Date.parse(status.current_time) + (Date.now() - this.#syncedAt) * status.scale_factor
  }

  #button(label: string, props: Record<string, string>, action: ClockAction, body?: Record<string, string>): HTMLButtonElement {
    const node = button(label, props, () => {
      // One move after the other: three quick clicks are three days.
      const move = this.#queue.then(() => this.#move(action, body))
      this.#queue = move.catch(() => undefined)
      settle(move, `clock ${action}`)
    })
    node.disabled = !this.allowed
    return node
  }

  async #move(action: ClockAction, body?: Record<string, string>): Promise<void> {
    const result = await this.api.travel(action, body)
    this.#error.textContent = result.ok ? '' : result.error.message
    if (result.ok) this.#show(result.data.status)
    this.onMoved()
  }

  #show(status: ClockStatus): void {
    this.#shown++
    this.#status = status
    this.#syncedAt = Date.now()
    const speed = status.scale_factor === 0 ? ' · frozen' : status.scale_factor === 1 ? '' : ` · ×${status.scale_factor}`
    this.#mode.textContent = status.enabled ? `Time travel${speed}` : 'Real time'
    this.#mode.classList.toggle('pill-accent', status.enabled)
    this.#draw()
  }

  #draw(): void {
    const face = clockFace(this.now())
    this.#date.textContent = face.date
    this.#time.textContent = face.time
  }
}
