import type { SnapshotDocument, SnapshotRestoredBody } from '../core/wire/wire.ts'
import { button, h } from './dom.ts'
import { formatInstant } from './format.ts'
import { StatusLine } from './status-line.ts'
import { messageOf, type PanelContext } from './panel-context.ts'
import { encodeStateLink, MAX_LINK_LENGTH, stateLinkUrl } from '../browser/state-link.ts'

/**
 * The workspace's whole world taken elsewhere and brought back: as a link that starts a page with
 * it, as a file, and from a file. Results and the server's refusals show on the card's own line.
 */
export class StateCard {
  readonly element: HTMLElement
  readonly #ctx: PanelContext
  readonly #changed: () => void
  readonly #link = h('input', { type: 'text', readonly: true, class: 'state-link', 'aria-label': 'Link to this state', 'data-testid': 'state-link', onfocus: () => this.#link.select() })
  /** A plain div: the panel's rules for inputs and rows would override `hidden`. */
  readonly #linkBox = h('div', { hidden: true }, this.#link)
  readonly #export = button('Export file', () => void this.#run(() => this.#exportFile()), { 'data-testid': 'export-state' })
  readonly #file = h('input', { type: 'file', accept: 'application/json,.json', 'data-testid': 'import-state', onchange: () => void this.#run(() => this.#importFile()) })
  readonly #status = new StatusLine({ class: 'card-message', 'data-testid': 'state-message' })

  /** `changed`: called once an import has replaced the workspace's world. */
  constructor(ctx: PanelContext, changed: () => void) {
    this.#ctx = ctx
    this.#changed = changed
    this.element = h('section', { class: 'card', 'aria-label': 'State' },
      h('h3', null, 'State'),
      h('div', { class: 'row' },
        button('Copy link to this state', () => void this.#run(() => this.#copyLink()), { 'data-testid': 'copy-state-link' }),
        this.#export,
        h('label', null, 'Import file', this.#file),
      ),
      this.#linkBox,
      h('p', { class: 'muted small' }, 'A link or a file holds the whole workspace: entities, links, lifecycles, clock, persona and endpoints. Importing replaces this workspace\'s world and keeps it as a snapshot.'),
      this.#status.element,
    )
  }

  async #copyLink(): Promise<string> {
    this.#linkBox.hidden = true
    this.#export.classList.remove('attention')
    const document = await this.#ctx.call<SnapshotDocument>('GET', '/__verisim/state')
    const link = stateLinkUrl(await encodeStateLink(document))
    if (link.length > MAX_LINK_LENGTH) {
      this.#export.classList.add('attention')
      this.#export.focus()
      throw new Error(`This world is too large for a link (${Math.ceil(link.length / 1000)} KB); use Export file instead.`)
    }
    this.#link.value = link
    this.#linkBox.hidden = false
    try {
      if (!navigator.clipboard) throw new Error('no clipboard on this page')
      await navigator.clipboard.writeText(link)
      return `Link copied (${Math.ceil(link.length / 1000)} KB): it opens this page with this world.`
    } catch (error) {
      this.#link.focus()
      return `The clipboard refused the link (${messageOf(error)}): copy it from the field.`
    }
  }

  async #exportFile(): Promise<string> {
    this.#export.classList.remove('attention')
    const document = await this.#ctx.call<SnapshotDocument>('GET', '/__verisim/state')
    const at = Date.parse(document.snapshot.virtual_time)
    const name = `verisim-state-${this.#ctx.workspace}-${fileTime(at)}.json`
    const url = URL.createObjectURL(new Blob([JSON.stringify(document, null, 2)], { type: 'application/json' }))
    h('a', { href: url, download: name }).click()
    // The download has its own copy by then; the URL would otherwise hold the text for the page's life.
    setTimeout(() => URL.revokeObjectURL(url), 30_000)
    return `Exported ${name} (${document.snapshot.entities} entities).`
  }

  async #importFile(): Promise<string | void> {
    const file = this.#file.files?.[0]
    if (!file) return
    // Cleared, so that choosing the same file again imports it again.
    this.#file.value = ''
    let document: unknown
    try {
      document = JSON.parse(await file.text())
    } catch (error) {
      throw new Error(`${file.name} is not a JSON file: ${messageOf(error)}`, { cause: error })
    }
    const result = await this.#ctx.call<SnapshotRestoredBody>('PUT', '/__verisim/state', document)
    await this.#ctx.refreshClock()
    this.#changed()
    return `Restored '${result.snapshot.name}' at ${formatInstant(Date.parse(result.virtual_time))}.`
  }

  #run(action: () => Promise<string | void>): Promise<void> {
    this.#status.say('…')
    return this.#status.act(action)
  }
}

/** An instant as it can stand in a file name on every system: `2025-01-28T00-00-05Z`. */
function fileTime(ms: number): string {
  return Number.isFinite(ms) ? `${new Date(ms).toISOString().slice(0, 19).replace(/:/g, '-')}Z` : 'unknown-time'
}
