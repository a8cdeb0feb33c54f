import type { Engine } from '../core/engine/engine.ts'
import type { ClockChangeBody, ClockStatus } from '../core/wire/wire.ts'
import { PANEL_ORIGIN, type EventLog } from './event-log.ts'

/** An error answer of the mock, with its message for the person who caused it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * What every tab shares: the engine (observed through its events and its HTTP API only), the
 * recorded log, the workspace on show and its clock.
 */
export class PanelContext {
  readonly engine: Engine
  readonly log: EventLog
  #workspace: string
  #clock: ClockStatus | null = null
  readonly #workspaceListeners = new Set<() => void>()
  readonly #clockListeners = new Set<() => void>()
  readonly #stop: () => void

  constructor(engine: Engine, log: EventLog, workspace: string) {
    this.engine = engine
    this.log = log
    this.#workspace = workspace
    this.#stop = engine.events.on('clock', ({ workspace: ws, status }) => {
      if (ws === this.#workspace) this.#setClock(status)
    })
  }

  get workspace(): string {
    return this.#workspace
  }

  setWorkspace(workspace: string): void {
    if (workspace === this.#workspace) return
    this.#workspace = workspace
    this.#clock = null
    for (const listener of this.#workspaceListeners) listener()
    void this.refreshClock()
  }

  onWorkspace(listener: () => void): () => void {
    this.#workspaceListeners.add(listener)
    return () => this.#workspaceListeners.delete(listener)
  }

  /** Calls the mock's HTTP API for the workspace on show; an error answer throws ApiError. */
  async call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const url = new URL(path, PANEL_ORIGIN)
    if (path.startsWith('/api/v1/consistency')) url.searchParams.set('workspace', this.#workspace)
    const headers: Record<string, string> = { 'X-MockForge-Workspace': this.#workspace }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    const response = await this.engine.handle(new Request(url, { method, headers, body: body === undefined ? null : JSON.stringify(body) }))
    const text = await response.text()
    let parsed: Record<string, unknown> = {}
    try {
      parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {}
    } catch {
      parsed = { message: text }
    }
    if (!response.ok) {
      throw new ApiError(response.status, String(parsed.error ?? 'error'), String(parsed.message ?? `HTTP ${response.status}`))
    }
    return parsed as T
  }

  /** The workspace's clock as last seen (null until the first answer). */
  get clock(): ClockStatus | null {
    return this.#clock
  }

  /** The virtual now of the workspace, extrapolated from its last status at its scale. */
  virtualNow(real = Date.now()): number {
    const status = this.#clock
    if (!status) return real
    const rate = status.enabled ? status.scale_factor : 1
    return Date.parse(status.current_time) + (real - Date.parse(status.real_time)) * rate
  }

  async refreshClock(): Promise<void> {
    const workspace = this.#workspace
    const status = await this.call<ClockStatus>('GET', '/__mockforge/time-travel/status')
    if (workspace === this.#workspace) this.#setClock(status)
  }

  /** Runs a time-travel action (`advance`, `set`, …) and takes the status it answers. */
  async changeClock(action: string, body: Record<string, unknown> = {}): Promise<void> {
    const result = await this.call<ClockChangeBody>('POST', `/__mockforge/time-travel/${action}`, body)
    this.#setClock(result.status)
  }

  onClock(listener: () => void): () => void {
    this.#clockListeners.add(listener)
    return () => this.#clockListeners.delete(listener)
  }

  /**
   * Calls `listener` (at most every 60 ms) when the workspace's world may have changed: a fact,
   * a clock change, or a request that is not a plain read.
   */
  onWorldChange(listener: () => void): () => void {
    let queued = false
    let live = true
    const poke = (workspace: string | null) => {
      if (workspace !== this.#workspace || queued) return
      queued = true
      // A timer, not a frame: a tab in the background still catches up.
      setTimeout(() => {
        queued = false
        if (live) listener()
      }, 60)
    }
    const { events } = this.engine
    const stops = [
      events.on('fact', (fact) => poke(fact.workspace)),
      events.on('clock', (clock) => poke(clock.workspace)),
      events.on('request', (request) => {
        if (request.method !== 'GET') poke(request.workspace)
      }),
      this.onWorkspace(() => poke(this.#workspace)),
    ]
    return () => {
      live = false
      for (const stop of stops) stop()
    }
  }

  destroy(): void {
    this.#stop()
    this.#workspaceListeners.clear()
    this.#clockListeners.clear()
  }

  #setClock(status: ClockStatus): void {
    this.#clock = status
    for (const listener of this.#clockListeners) listener()
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
