import { h } from './dom.ts'
import { StatusLine } from './status-line.ts'
import { messageOf, type PanelContext } from './panel-context.ts'

/**
 * A tab of the panel. It loads when shown and again when the world changes while it is on show;
 * a change while hidden only marks it stale. Loads never overlap: one more runs after the current.
 */
export abstract class TabView {
  abstract readonly id: string
  abstract readonly label: string
  readonly element = h('div', { class: 'tab-body' })
  protected readonly ctx: PanelContext
  protected readonly stops: Array<() => void> = []
  readonly #status = new StatusLine()
  /** A line for results and errors of the last action, read out politely. */
  protected readonly message = this.#status.element
  #visible = false
  #stale = true
  #running: Promise<void> | null = null
  #again = false
  #ticking: { ms: number; tick: () => void; handle: ReturnType<typeof setInterval> | null } | null = null

  /** `watch`: what makes it stale: any change of the world (the default), or only a workspace switch. */
  constructor(ctx: PanelContext, watch: 'world' | 'workspace' = 'world') {
    this.ctx = ctx
    this.stops.push(watch === 'world' ? ctx.onWorldChange(() => this.invalidate()) : ctx.onWorkspace(() => this.invalidate()))
  }

  get visible(): boolean {
    return this.#visible
  }

  show(): void {
    this.#visible = true
    if (this.#ticking) this.#ticking.handle ??= setInterval(this.#ticking.tick, this.#ticking.ms)
    if (this.#stale) this.refresh()
  }

  hide(): void {
    this.#visible = false
    if (this.#ticking?.handle != null) clearInterval(this.#ticking.handle)
    if (this.#ticking) this.#ticking.handle = null
  }

  /** Runs `tick` every `ms` while the tab is on show (a live clock, "next try in …"). */
  protected tickWhileShown(ms: number, tick: () => void): void {
    this.#ticking = { ms, tick, handle: null }
  }

  invalidate(): void {
    this.#stale = true
    if (this.#visible) this.refresh()
  }

  refresh(): void {
    if (this.#running) {
      this.#again = true
      return
    }
    this.#stale = false
    this.#running = this.load()
      .catch((error: unknown) => this.say(messageOf(error), true))
      .finally(() => {
        this.#running = null
        if (this.#again) {
          this.#again = false
          this.refresh()
        }
      })
  }

  /** Resolves once the current load (and any queued after it) is done. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running
  }

  destroy(): void {
    this.hide()
    for (const stop of this.stops.splice(0)) stop()
  }

  protected abstract load(): Promise<void>

  protected say(text: string, error = false): void {
    this.#status.say(text, error)
  }

  /** Runs a person's action: its error is shown, never thrown. */
  protected act(action: () => Promise<string | void>): Promise<void> {
    return this.#status.act(action)
  }
}
