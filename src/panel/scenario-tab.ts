import type { InterceptionMode } from '../browser/interception-mode.ts'
import type { StorageMode } from '../core/engine/events.ts'
import type { ActivePersonaBody, StateResetBody } from '../core/wire/wire.ts'
import { button, h } from './dom.ts'
import { OperationsList } from './operations-list.ts'
import type { PanelContext } from './panel-context.ts'
import { RealityCard } from './reality-card.ts'
import { StateCard } from './state-card.ts'
import { TabView } from './tab-view.ts'

const WORKSPACE = /^[A-Za-z0-9_.-]{1,64}$/

/** The scenario: how HTTP reaches it, where its state lives, which workspace and persona, the config's warnings, resetting the clock or the whole workspace, its state as a link or a file, and its reality continuum. */
export class ScenarioTab extends TabView {
  readonly id = 'scenario'
  readonly label = 'Scenario'
  readonly #workspace = h('input', { type: 'text', list: 'verisim-workspaces', 'aria-label': 'Workspace', size: 14, pattern: WORKSPACE.source })
  readonly #known = h('datalist', { id: 'verisim-workspaces' })
  readonly #persona = h('select', { 'aria-label': 'Persona' })
  readonly #active = h('output', { 'data-testid': 'active-persona' })
  readonly #warnings = h('ul', { class: 'warnings', 'data-testid': 'warnings' })
  #storage: HTMLElement | null
  /** Erasing a workspace takes a second press: the first only arms the button for a few seconds. */
  readonly #reset = button('Reset workspace…', () => this.#resetWorkspace(), { class: 'danger' })
  #armed: ReturnType<typeof setTimeout> | null = null
  /** The spec's operations, when the scenario has an OpenAPI document. */
  readonly #operations: OperationsList | null
  readonly #reality: RealityCard

  constructor(ctx: PanelContext, mode: InterceptionMode | null) {
    super(ctx)
    const { scenario } = ctx.engine
    // An engine built without a description of its store (unit tests) has no line.
    this.#storage = ctx.engine.storage && storageLine(ctx.engine.storage)
    this.#persona.append(...scenario.personas.map((p) => h('option', { value: p.id }, `${p.name} (${p.id})`)))
    this.#reality = new RealityCard(ctx)
    this.element.append(
      h('div', { class: 'columns' },
        h('section', { class: 'card', 'aria-label': 'Workspace and persona' },
          h('h3', null, 'Scenario ', h('span', { class: 'mono' }, scenario.name)),
          h('p', { class: 'muted' }, `HTTP ${scenario.httpOrigins.join(', ') || '—'} · sockets ${scenario.socketUrls.join(', ') || '—'}`),
          interceptionLine(mode),
          this.#storage,
          h('form', { class: 'row', onsubmit: (event: SubmitEvent) => this.#switch(event) },
            h('label', null, 'Workspace ', this.#workspace), this.#known, h('button', { type: 'submit' }, 'Switch'),
          ),
          h('div', { class: 'row' },
            h('label', null, 'Persona ', this.#persona),
            button('Activate', () => this.act(async () => {
              await ctx.call('POST', '/api/v1/consistency/persona', { persona_id: this.#persona.value })
              this.invalidate()
              return `Activated ${this.#persona.value} in ${ctx.workspace}.`
            })),
          ),
          h('p', null, 'Active persona: ', this.#active),
          h('div', { class: 'row' },
            button('Reset clock', () => this.act(async () => {
              await ctx.changeClock('reset')
              return 'The clock follows real time again.'
            })),
            this.#reset,
          ),
          h('p', { class: 'muted small' },
            'Resetting the workspace erases its entities, links, lifecycles, deliveries, endpoints, clock and persona; other workspaces keep theirs.'),
          this.message,
        ),
        new StateCard(ctx, () => this.invalidate()).element,
        this.#reality.element,
        h('section', { class: 'card grow', 'aria-label': 'Config warnings' },
          h('h3', null, 'Warnings'),
          this.#warnings,
        ),
      ),
    )
    const report = ctx.engine.contract
    this.#operations = report ? new OperationsList(ctx.engine, report) : null
    if (this.#operations) this.element.append(h('div', { class: 'columns' }, this.#operations.element))
    this.stops.push(ctx.engine.events.on('warning', () => this.#renderWarnings()))
    this.stops.push(ctx.engine.events.on('storage', (storage) => this.#showStorage(storage)))
    this.#renderWarnings()
  }

  protected async load(): Promise<void> {
    this.#workspace.value = this.ctx.workspace
    const seen = new Set(['default', this.ctx.workspace])
    for (const entry of this.ctx.log.entries) if (entry.workspace) seen.add(entry.workspace)
    this.#known.replaceChildren(...[...seen].sort().map((ws) => h('option', { value: ws })))
    // Loaded again on every change of the world, the clock's included: a schedule's ratio follows it.
    await Promise.all([this.#loadPersona(), this.#reality.load()])
  }

  async #loadPersona(): Promise<void> {
    try {
      const { persona } = await this.ctx.call<ActivePersonaBody>('GET', '/api/v1/consistency/persona')
      this.#active.textContent = `${persona.traits.name ?? persona.id} (${persona.id})`
      this.#persona.value = persona.id
    } catch {
      this.#active.textContent = 'none (log in, or activate one)'
    }
  }

  #resetWorkspace(): void {
    const workspace = this.ctx.workspace
    if (this.#armed === null) {
      this.#reset.textContent = `Confirm: erase ${workspace}`
      this.#reset.setAttribute('aria-pressed', 'true')
      this.#armed = setTimeout(() => this.#disarm(), 5000)
      return
    }
    this.#disarm()
    void this.act(async () => {
      const result = await this.ctx.call<StateResetBody>('DELETE', '/api/v1/consistency/state')
      await this.ctx.refreshClock()
      this.invalidate()
      return `Workspace ${workspace} reset: ${result.removed.entities} entities and ${result.removed.deliveries} deliveries removed.`
    })
  }

  #disarm(): void {
    if (this.#armed !== null) clearTimeout(this.#armed)
    this.#armed = null
    this.#reset.textContent = 'Reset workspace…'
    this.#reset.removeAttribute('aria-pressed')
  }

  override destroy(): void {
    this.#disarm()
    this.#operations?.destroy()
    super.destroy()
  }

  #switch(event: SubmitEvent): void {
    event.preventDefault()
    const name = this.#workspace.value.trim()
    if (!WORKSPACE.test(name)) return this.say(`"${name}" is not a workspace name: letters, digits, '.', '_' or '-' (at most 64).`, true)
    this.ctx.setWorkspace(name)
    this.say(`Showing workspace ${name}.`)
  }

  /** IndexedDB failed while running: the line says memory from now on. */
  #showStorage(storage: StorageMode): void {
    if (!this.#storage) return
    const line = storageLine(storage)
    this.#storage.replaceWith(line)
    this.#storage = line
  }

  #renderWarnings(): void {
    const warnings = this.ctx.engine.warnings
    this.#warnings.replaceChildren(
      ...warnings.map((w) => h('li', null, h('span', { class: `badge src-${w.source}` }, w.source), ' ', w.message)),
    )
    if (warnings.length === 0) this.#warnings.append(h('li', { class: 'muted' }, 'No warnings.'))
  }
}

/** How the page's HTTP reaches the mock: what in-page interception does not see is said, since those requests go out unmocked. */
function interceptionLine(mode: InterceptionMode | null): HTMLElement | null {
  if (mode === 'service-worker') return h('p', { class: 'muted', 'data-testid': 'interception' }, 'HTTP: Service Worker — the page\'s requests to the scenario\'s URLs, whatever makes them')
  if (mode === 'in-page') {
    return h('p', { class: 'error-line', 'data-testid': 'interception' },
      "HTTP: in the page, without a Service Worker (the console says why) — only the page's fetch and XMLHttpRequest; images, iframes, forms and navigations are not mocked")
  }
  return null
}

/** Where the state lives: said plainly when it is memory only, since a reload then loses it. */
function storageLine(storage: StorageMode): HTMLElement {
  if (storage.kind === 'indexeddb') {
    return h('p', { class: 'muted', 'data-testid': 'storage' }, 'State: IndexedDB ', h('span', { class: 'mono' }, storage.database), ' — survives reloads, shared by this origin\'s tabs')
  }
  const text = storage.lost
    ? `State: memory only — IndexedDB failed while running (${storage.reason}); everything done before is kept, but from now on it will not survive a reload, and other tabs do not share it`
    : `State: memory only — IndexedDB could not be opened (${storage.reason}); it will not survive a reload, and other tabs do not share it`
  return h('p', { class: 'error-line', 'data-testid': 'storage' }, text)
}
