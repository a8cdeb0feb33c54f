/** What the panel remembers across reloads, in localStorage under `verisim:panel`. */
export interface PanelState {
  open: boolean
  tab: string
  dock: 'bottom' | 'right'
  /** Height when docked at the bottom, width when docked on the right (CSS px). */
  size: number
  workspace: string
}

export const STATE_KEY = 'verisim:panel'
export const DEFAULT_SIZE = { bottom: 340, right: 520 } as const
const DEFAULTS: PanelState = { open: false, tab: 'clock', dock: 'bottom', size: DEFAULT_SIZE.bottom, workspace: 'default' }

export function loadPanelState(): PanelState {
  let saved: Partial<Record<keyof PanelState, unknown>> = {}
  try {
    saved = JSON.parse(localStorage.getItem(STATE_KEY) ?? '{}') ?? {}
  } catch {
    // Storage blocked or a broken value: the defaults serve.
  }
  return {
    open: typeof saved.open === 'boolean' ? saved.open : DEFAULTS.open,
    tab: typeof saved.tab === 'string' ? saved.tab : DEFAULTS.tab,
    dock: saved.dock === 'right' ? 'right' : 'bottom',
    size: typeof saved.size === 'number' && Number.isFinite(saved.size) ? saved.size : DEFAULTS.size,
    workspace: typeof saved.workspace === 'string' && saved.workspace !== '' ? saved.workspace : DEFAULTS.workspace,
  }
}

export function savePanelState(patch: Partial<PanelState>): void {
  try {
    localStorage.setItem(STATE_KEY, JSON.stringify({ ...loadPanelState(), ...patch }))
  } catch {
    // Not remembered; the panel still works.
  }
}
