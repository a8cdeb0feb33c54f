import type { RealityRatioSource, RealityStatusBody } from '../core/wire/wire.ts'
import { button, h } from './dom.ts'
import { formatInstant } from './format.ts'
import { StatusLine } from './status-line.ts'
import type { PanelContext } from './panel-context.ts'

/** The pattern a ratio for every route is kept under. */
const EVERY_ROUTE = '*'

/** A ratio as the continuum decided it for a route, and why. */
interface Decided {
  ratio: number
  source: RealityRatioSource
}

/**
 * The workspace's reality continuum: the real backend it answers from, how answers are merged,
 * and each route's share of real answers with where that share comes from. A ratio set here (for
 * one route, a pattern, or every other route) wins over the config and the schedule until it is
 * cleared or the workspace is reset. Hidden when the scenario has no continuum.
 */
export class RealityCard {
  readonly element = h('section', { class: 'card grow reality', 'aria-label': 'Reality', 'data-testid': 'reality-card', hidden: true })
  readonly #ctx: PanelContext
  readonly #summary = h('div')
  readonly #routes = h('tbody')
  readonly #pattern = h('input', { type: 'text', placeholder: '/api/products, /api/users/*', 'aria-label': 'Route pattern', size: 20 })
  readonly #patternRatio = ratioInput('Ratio for the route pattern')
  readonly #status = new StatusLine({ class: 'card-message', 'data-testid': 'reality-message' })
  /** The ratios the rows show, to leave them alone when a load finds them unchanged. */
  #shown = ''

  constructor(ctx: PanelContext) {
    this.#ctx = ctx
    this.element.append(
      h('h3', null, 'Reality'),
      this.#summary,
      h('table', null,
        h('thead', null, h('tr', null, h('th', null, 'Route'), h('th', null, 'Ratio'), h('th', null, 'From'), h('th', null, 'Set by hand'))),
        this.#routes,
      ),
      h('form', { class: 'row', novalidate: true, onsubmit: (event: SubmitEvent) => this.#submit(event, this.#pattern.value.trim(), this.#patternRatio) },
        h('label', null, 'Route ', this.#pattern), this.#patternRatio, h('button', { type: 'submit' }, 'Set'),
      ),
      h('p', { class: 'muted small' }, 'Ratio: the share of answers from the real backend, 0 (all mocked) to 1 (all real). Other methods than GET go to it only at 1.'),
      this.#status.element,
    )
  }

  /** Reads the continuum of the workspace on show; the card stays hidden without one. */
  async load(): Promise<void> {
    const status = await this.#ctx.call<RealityStatusBody>('GET', '/__verisim/reality')
    this.element.hidden = !status.enabled
    if (status.enabled) this.#render(status)
  }

  #render(status: RealityStatusBody): void {
    this.#summary.replaceChildren(
      h('p', { 'data-testid': 'reality-upstream' }, 'Upstream ',
        status.upstream ? h('span', { class: 'mono' }, status.upstream) : h('span', { class: 'error-line' }, 'none: every answer is mocked')),
      h('p', { class: 'muted', 'data-testid': 'reality-mode' },
        `Strategy ${status.merge_strategy ?? '—'} · mode ${status.transition_mode ?? '—'} · at ${formatInstant(Date.parse(status.virtual_time))} (virtual, UTC)`),
    )
    // Rows are rebuilt only when a ratio changed, keeping what is being typed into them.
    const shown = JSON.stringify([status.routes, status.ratio, status.source, status.manual])
    if (shown === this.#shown) return
    this.#shown = shown
    const typed = new Map([...this.#routes.querySelectorAll('input')].map((input) => [input.closest('tr')?.dataset.pattern, input.value]))
    const rows = status.routes.map((route) => this.#row(route.pattern, route.pattern, route, status.manual))
    rows.push(this.#row(EVERY_ROUTE, 'every other route', status, status.manual))
    for (const row of rows) {
      const input = row.querySelector('input')
      if (input) input.value = typed.get(row.dataset.pattern) ?? ''
    }
    this.#routes.replaceChildren(...rows)
  }

  #row(pattern: string, label: string, decided: Decided, manual: Readonly<Record<string, number>>): HTMLElement {
    const input = ratioInput(`Ratio for ${label}`)
    const clear = Object.hasOwn(manual, pattern) ? button('Clear', () => void this.#set(pattern, null), { 'aria-label': `Clear the ratio of ${label}` }) : null
    return h('tr', { 'data-testid': 'reality-route', 'data-pattern': pattern, 'data-source': decided.source },
      h('td', { class: 'mono' }, label),
      h('td', { class: 'mono', 'data-testid': 'reality-ratio' }, String(decided.ratio)),
      h('td', null, h('span', { class: 'badge' }, decided.source)),
      h('td', null,
        h('form', { class: 'inline', novalidate: true, onsubmit: (event: SubmitEvent) => this.#submit(event, pattern, input) }, input, h('button', { type: 'submit', 'aria-label': `Set the ratio of ${label}` }, 'Set')),
        clear,
      ),
    )
  }

  /** An empty or unreadable field is sent as it is: the server's refusal says what it wants. */
  #submit(event: SubmitEvent, pattern: string, input: HTMLInputElement): void {
    event.preventDefault()
    void this.#set(pattern, input.value === '' ? input.value : Number(input.value))
  }

  /** Sets (or, with null, takes back) the ratio of `pattern`; an empty pattern or `*` is every other route. */
  async #set(pattern: string, ratio: number | string | null): Promise<void> {
    const route = pattern === '' || pattern === EVERY_ROUTE ? null : pattern
    const name = route ?? 'every other route'
    await this.#status.act(async () => {
      this.#render(await this.#ctx.call<RealityStatusBody>('POST', '/__verisim/reality', route === null ? { ratio } : { route, ratio }))
      return ratio === null ? `The ratio set for ${name} is cleared.` : `Ratio of ${name} set to ${String(ratio)}.`
    })
  }
}

function ratioInput(label: string): HTMLInputElement {
  return h('input', { type: 'number', min: 0, max: 1, step: 0.05, class: 'narrow', 'aria-label': label })
}
