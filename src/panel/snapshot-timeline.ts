import type { SnapshotBody } from '../core/wire/wire.ts'
import { button, h } from './dom.ts'
import { formatInstant } from './format.ts'
import { messageOf, type PanelContext } from './panel-context.ts'

const TRIGGER_LABEL: Readonly<Record<string, string>> = { advance: 'before advance', set: 'before set', reset: 'before reset' }

/** What made a snapshot, in words: the clock change it was kept before, or that someone named it. */
export function snapshotTrigger(snapshot: SnapshotBody): string {
  return (snapshot.trigger && TRIGGER_LABEL[snapshot.trigger]) ?? (snapshot.auto ? 'automatic' : 'named')
}

/**
 * The workspace's snapshots on a timeline, newest first: those kept before each clock change and
 * the named ones, each with a "Back to here" button whose restore is the owner's to run.
 * Loads never overlap: one more runs after the current.
 */
export class SnapshotTimeline {
  readonly element: HTMLElement
  readonly #list = h('ol', { class: 'snapshots', 'data-testid': 'snapshot-timeline', 'aria-label': 'Snapshots, newest first' })
  readonly #count = h('span', { class: 'muted' })
  readonly #ctx: PanelContext
  readonly #restore: (snapshot: SnapshotBody) => void
  #running: Promise<void> | null = null
  #again = false

  constructor(ctx: PanelContext, restore: (snapshot: SnapshotBody) => void) {
    this.#ctx = ctx
    this.#restore = restore
    this.element = h('section', { class: 'card grow', 'aria-label': 'Snapshots' },
      h('h3', null, 'Snapshots ', this.#count),
      this.#list,
      h('p', { class: 'muted small' }, 'One is kept before every advance, set or reset of the clock (the last 20). Going back restores the whole workspace; deliveries already made stay in its history.'),
    )
  }

  refresh(): void {
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = this.#load().finally(() => {
      this.#running = null
      if (this.#again) {
        this.#again = false
        this.refresh()
      }
    })
  }

  async #load(): Promise<void> {
    const workspace = this.#ctx.workspace
    let snapshots: SnapshotBody[]
    try {
      snapshots = await this.#ctx.call<SnapshotBody[]>('GET', '/__verisim/snapshots')
    } catch (error) {
      this.#count.textContent = ''
      this.#list.replaceChildren(h('li', { class: 'error-line' }, `Snapshots could not be read: ${messageOf(error)}`))
      return
    }
    if (workspace !== this.#ctx.workspace) return
    // Newest first, as the API lists them (creation order: two kept in the same millisecond stay apart).
    const newest = snapshots
    this.#count.textContent = `(${newest.length})`
    this.#list.replaceChildren(...newest.map((s) => this.#item(s)))
    if (newest.length === 0) this.#list.append(h('li', { class: 'muted' }, 'None yet: move the clock and the state before it is kept here.'))
  }

  #item(snapshot: SnapshotBody): HTMLElement {
    const trigger = snapshotTrigger(snapshot)
    return h('li', {
      class: snapshot.auto ? 'auto' : 'named', 'data-testid': 'snapshot-item', 'data-snapshot': snapshot.id, 'data-trigger': snapshot.trigger ?? 'none',
      title: `${snapshot.name} · kept ${new Date(snapshot.created_at).toLocaleString()} · ${Math.ceil(snapshot.size_bytes / 1024)} KB`,
    },
      h('span', { class: 'mono', 'data-testid': 'snapshot-time' }, formatInstant(Date.parse(snapshot.virtual_time))),
      h('span', { class: 'badge', 'data-testid': 'snapshot-trigger' }, trigger),
      snapshot.auto ? null : h('span', { class: 'mono' }, snapshot.name),
      h('span', { class: 'muted' }, `${snapshot.entities} ${snapshot.entities === 1 ? 'entity' : 'entities'}`),
      button('Back to here', () => this.#restore(snapshot), { 'aria-label': `Back to here: ${snapshot.name}` }),
    )
  }
}
