import type { InterceptionMode } from '../browser/interception-mode.ts'
import type { Engine } from '../core/engine/engine.ts'
import { ClockTab } from './clock-tab.ts'
import { button, h } from './dom.ts'
import { EventLog } from './event-log.ts'
import { formatInstant } from './format.ts'
import { GraphTab } from './graph-tab.ts'
import { PanelContext } from './panel-context.ts'
import { DEFAULT_SIZE, loadPanelState, savePanelState, type PanelState } from './panel-state.ts'
import { PANEL_CSS } from './panel-styles.ts'
import { ScenarioTab } from './scenario-tab.ts'
import type { TabView } from './tab-view.ts'
import { TimelineTab } from './timeline-tab.ts'
import { DEFAULT_INSPECTOR_URL, WebhooksTab } from './webhooks-tab.ts'

export interface MountOptions {
  /** Events recorded since before the panel loaded (the launcher's); else it records from now. */
  log?: EventLog
  /** Called by the panel's close button and Escape. */
  onClose?: () => void
  /** Moves focus to the selected tab once mounted (when a person opened it). */
  focus?: boolean
  /** The standalone webhook inspector page the webhooks tab links to. */
  inspectorUrl?: string
  /** How the page's HTTP reaches the mock, for the Scenario tab. */
  mode?: InterceptionMode
}

export interface MountedPanel {
  unmount(): void
}

const MIN = { bottom: 140, right: 340 } as const

/** Hosts with a panel in them: a second panel in one host would share its shadow root and fight over it. */
const mounted = new WeakSet<HTMLElement>()

/** Renders the devtools into a shadow root of `host`. Nothing leaks in or out but the engine's events and HTTP API. */
export function mountPanel(host: HTMLElement, engine: Engine, options: MountOptions = {}): MountedPanel {
  if (mounted.has(host)) throw new Error('[verisim] This element already shows the devtools panel: unmount it first.')
  mounted.add(host)
  const state = loadPanelState()
  const ownLog = options.log ? null : new EventLog(engine)
  const ctx = new PanelContext(engine, options.log ?? (ownLog as EventLog), state.workspace)
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' })
  const tabs: TabView[] = [new ClockTab(ctx), new GraphTab(ctx), new TimelineTab(ctx), new WebhooksTab(ctx, options.inspectorUrl ?? DEFAULT_INSPECTOR_URL), new ScenarioTab(ctx, options.mode ?? null)]
  let current = tabs.find((t) => t.id === state.tab) ?? (tabs[0] as TabView)
  let dock = state.dock
  let size = state.size

  const tabButtons = tabs.map((tab) =>
    h('button', {
      type: 'button', role: 'tab', id: `tab-${tab.id}`, 'aria-controls': `tabpanel-${tab.id}`, 'data-tab': tab.id,
      onclick: () => select(tab),
      onkeydown: (event: KeyboardEvent) => onTabKey(event, tab),
    }, tab.label),
  )
  const sections = tabs.map((tab) => h('section', { role: 'tabpanel', id: `tabpanel-${tab.id}`, 'aria-labelledby': `tab-${tab.id}`, tabindex: 0 }, tab.element))
  const miniClock = h('span', { class: 'mini-clock', title: 'Virtual now (UTC)', 'data-testid': 'mini-clock' })
  const workspaceLabel = h('b')
  const dockButtons = (['bottom', 'right'] as const).map((side) =>
    button(side === 'bottom' ? '▁' : '▕', () => setDock(side), { class: 'icon', 'aria-label': `Dock to the ${side}`, title: `Dock to the ${side}`, 'data-dock': side }),
  )
  const resizer = h('div', { class: 'resizer', role: 'separator', tabindex: 0, 'aria-label': 'Resize the panel (arrow keys)', onpointerdown: startDrag, onkeydown: onResizeKey })
  const panel = h('div', { class: 'panel', role: 'region', 'aria-label': 'Verisim devtools', 'data-testid': 'verisim-panel', onkeydown: onPanelKey },
    resizer,
    h('header', { class: 'bar' },
      h('strong', { class: 'brand' }, 'Verisim'),
      h('div', { role: 'tablist', 'aria-label': 'Verisim devtools' }, ...tabButtons),
      h('span', { class: 'spacer' }),
      miniClock,
      h('span', { class: 'ws' }, 'workspace ', workspaceLabel),
      ...dockButtons,
      button('✕', () => options.onClose?.(), { class: 'icon', 'aria-label': 'Close the panel (Alt+Shift+V)', title: 'Close (Alt+Shift+V)', 'data-action': 'close' }),
    ),
    h('div', { class: 'content' }, ...sections),
  )
  root.replaceChildren(h('style', null, PANEL_CSS), panel)

  function select(tab: TabView, focus = false): void {
    current.hide()
    current = tab
    tabs.forEach((t, i) => {
      const selected = t === tab
      tabButtons[i]?.setAttribute('aria-selected', String(selected))
      tabButtons[i]?.setAttribute('tabindex', selected ? '0' : '-1')
      if (sections[i]) sections[i].hidden = !selected
    })
    tab.show()
    if (focus) tabButtons[tabs.indexOf(tab)]?.focus()
    savePanelState({ tab: tab.id })
  }

  function onTabKey(event: KeyboardEvent, tab: TabView): void {
    const i = tabs.indexOf(tab)
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key]
    if (to === undefined) return
    event.preventDefault()
    select(tabs[(to + tabs.length) % tabs.length] as TabView, true)
  }

  function onPanelKey(event: KeyboardEvent): void {
    const target = event.composedPath()[0]
    if (event.key === 'Escape' && !(target instanceof HTMLInputElement || target instanceof HTMLSelectElement)) options.onClose?.()
  }

  function layout(): void {
    const max = dock === 'bottom' ? window.innerHeight - 40 : window.innerWidth - 120
    const min = MIN[dock]
    const shown = Math.round(Math.max(min, Math.min(size, Math.max(min, max))))
    panel.className = `panel dock-${dock}`
    panel.style.height = dock === 'bottom' ? `${shown}px` : ''
    panel.style.width = dock === 'right' ? `${shown}px` : ''
    resizer.setAttribute('aria-orientation', dock === 'bottom' ? 'horizontal' : 'vertical')
    resizer.setAttribute('aria-valuenow', String(shown))
    resizer.setAttribute('aria-valuemin', String(min))
    resizer.setAttribute('aria-valuemax', String(Math.max(min, max)))
    dockButtons.forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.dock === dock)))
  }

  function resize(to: number): void {
    size = to
    layout()
    savePanelState({ size })
  }

  function setDock(side: PanelState['dock']): void {
    if (side === dock) return
    dock = side
    size = DEFAULT_SIZE[side]
    layout()
    savePanelState({ dock, size })
  }

  function onResizeKey(event: KeyboardEvent): void {
    const grow = dock === 'bottom' ? { ArrowUp: 20, ArrowDown: -20 } : { ArrowLeft: 20, ArrowRight: -20 }
    const step = grow[event.key as keyof typeof grow]
    if (step === undefined) return
    event.preventDefault()
    resize(Number(resizer.getAttribute('aria-valuenow')) + step)
  }

  function startDrag(event: PointerEvent): void {
    event.preventDefault()
    resizer.setPointerCapture(event.pointerId)
    const move = (e: PointerEvent) => resize(dock === 'bottom' ? window.innerHeight - e.clientY : window.innerWidth - e.clientX)
    const end = () => {
      resizer.removeEventListener('pointermove', move)
      resizer.removeEventListener('pointerup', end)
      resizer.removeEventListener('pointercancel', end)
    }
    resizer.addEventListener('pointermove', move)
    resizer.addEventListener('pointerup', end)
    resizer.addEventListener('pointercancel', end)
  }

  const showWorkspace = () => {
    workspaceLabel.textContent = ctx.workspace
    savePanelState({ workspace: ctx.workspace })
  }
  const tickClock = () => {
    const status = ctx.clock
    miniClock.textContent = status ? `${formatInstant(ctx.virtualNow())}${status.enabled ? ` ×${status.scale_factor}` : ' (real)'}` : ''
  }
  const stops = [ctx.onWorkspace(showWorkspace), ctx.onClock(tickClock)]
  const ticker = setInterval(tickClock, 1000)
  window.addEventListener('resize', layout)
  showWorkspace()
  layout()
  select(current, options.focus)
  void ctx.refreshClock().catch(() => undefined)

  return {
    unmount() {
      clearInterval(ticker)
      window.removeEventListener('resize', layout)
      for (const stop of stops) stop()
      for (const tab of tabs) tab.destroy()
      ctx.destroy()
      ownLog?.stop()
      root.replaceChildren()
      mounted.delete(host)
    },
  }
}
