import type { InterceptionMode } from '../browser/interception-mode.ts'
import type { Engine } from '../core/engine/engine.ts'
import { EventLog } from './event-log.ts'
import { loadPanelState, savePanelState } from './panel-state.ts'
import type { MountedPanel } from './panel.ts'

export interface InstallOptions {
  /** Toggles the panel, e.g. `Alt+Shift+V` (the default) or `Ctrl+Shift+K`. */
  shortcut?: string
  /** Open at once; by default the panel is as it was left (closed the first time). */
  open?: boolean
  /** Where the webhooks tab links to the standalone inspector page (default `/verisim-inspector.html`). */
  inspectorUrl?: string
  /** How the page's HTTP reaches the mock (the running instance's `mode`), shown in the Scenario tab. */
  mode?: InterceptionMode
}

const BUTTON_CSS = `
:host { all: initial !important; display: contents !important; }
button { all: unset; position: fixed; right: 14px; bottom: 14px; z-index: 2147483000; box-sizing: border-box; height: 32px; padding: 0 12px 0 10px;
  border-radius: 16px; background: #1b1f26; color: #dde1e8; border: 1px solid #3a4150; box-shadow: 0 4px 16px rgba(0,0,0,.35);
  font: 600 12px/30px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; cursor: pointer; display: inline-block; visibility: visible; }
button::before { content: ""; display: inline-block; width: 8px; height: 8px; border-radius: 50%; background: #56d364; margin-right: 7px; vertical-align: 0; }
button:hover { background: #232833; }
button:focus-visible { outline: 2px solid #7aa7ff; outline-offset: 2px; }
button[hidden] { display: none; }
`

/**
 * Adds the floating button and the shortcut that open the devtools panel; the panel's code is
 * loaded on first open. Events are recorded from now on, so the timeline starts with the page.
 * Returns a function that removes everything it added.
 */
export function installPanel(engine: Engine, options: InstallOptions = {}): () => void {
  const log = new EventLog(engine)
  const matches = parseShortcut(options.shortcut ?? 'Alt+Shift+V')
  const buttonHost = document.createElement('verisim-launcher')
  const button = document.createElement('button')
  button.type = 'button'
  button.textContent = 'Verisim'
  button.title = `Verisim devtools (${options.shortcut ?? 'Alt+Shift+V'})`
  button.setAttribute('aria-label', 'Open Verisim devtools')
  button.setAttribute('aria-keyshortcuts', options.shortcut ?? 'Alt+Shift+V')
  const style = document.createElement('style')
  style.textContent = BUTTON_CSS
  buttonHost.attachShadow({ mode: 'open' }).append(style, button)
  document.body.append(buttonHost)

  let panelHost: HTMLElement | null = null
  let mounted: MountedPanel | null = null
  let wanted = false
  let removed = false

  const open = async (focus: boolean) => {
    wanted = true
    savePanelState({ open: true })
    button.hidden = true
    if (panelHost) return
    panelHost = document.createElement('verisim-panel')
    document.body.append(panelHost)
    try {
      const { mountPanel } = await import('./panel.ts')
      // Closed or uninstalled while the code was loading.
      if (removed || !wanted || mounted || !panelHost) return
      mounted = mountPanel(panelHost, engine, { log, onClose: () => close(true), focus, inspectorUrl: options.inspectorUrl, mode: options.mode })
    } catch (error) {
      console.warn('[verisim] the devtools panel failed to load:', error)
      if (!removed) close(false)
    }
  }
  const close = (focus: boolean) => {
    wanted = false
    savePanelState({ open: false })
    mounted?.unmount()
    mounted = null
    panelHost?.remove()
    panelHost = null
    button.hidden = false
    if (focus) button.focus()
  }
  const toggle = (focus: boolean) => (wanted ? close(focus) : void open(focus))
  const onKey = (event: KeyboardEvent) => {
    if (!matches(event)) return
    event.preventDefault()
    toggle(true)
  }
  button.addEventListener('click', () => toggle(true))
  window.addEventListener('keydown', onKey, true)
  if (options.open ?? loadPanelState().open) void open(false)

  return () => {
    removed = true
    window.removeEventListener('keydown', onKey, true)
    mounted?.unmount()
    panelHost?.remove()
    buttonHost.remove()
    log.stop()
  }
}

/** `Alt+Shift+V` → a test of a keydown. The key is matched by its physical code too (Alt changes `key` on macOS). */
function parseShortcut(shortcut: string): (event: KeyboardEvent) => boolean {
  const parts = shortcut.split('+').map((p) => p.trim().toLowerCase())
  const key = parts.pop() ?? ''
  const wants = { alt: parts.includes('alt'), shift: parts.includes('shift'), ctrl: parts.includes('ctrl') || parts.includes('control'), meta: parts.includes('meta') || parts.includes('cmd') }
  return (event) =>
    event.altKey === wants.alt && event.shiftKey === wants.shift && event.ctrlKey === wants.ctrl && event.metaKey === wants.meta &&
    (event.key.toLowerCase() === key || event.code.toLowerCase() === `key${key}` || event.code.toLowerCase() === `digit${key}`)
}
