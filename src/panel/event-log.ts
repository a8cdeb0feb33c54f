import type { Engine, EngineEvents } from '../core/engine/engine.ts'

/** The origin of the panel's own calls to the engine: they are kept out of the timeline. */
export const PANEL_ORIGIN = 'http://panel.verisim.internal'

/**
 * Reads Verisim makes of its own world, for the panel or a handler's context
 * (`context.verisim.internal`), are not the app's requests: the timeline leaves them out.
 */
function ownRead(url: string): boolean {
  return /^http:\/\/[a-z]+\.verisim\.internal\//.test(url)
}

export type Channel = 'http' | 'socket' | 'lifecycle' | 'webhook'

export type LogEntry = { seq: number; at: number; workspace: string | null } & (
  | { channel: 'http'; event: EngineEvents['request'] }
  | { channel: 'socket'; event: EngineEvents['socket'] }
  | { channel: 'lifecycle'; event: EngineEvents['fact'] }
  | { channel: 'webhook'; event: EngineEvents['delivery'] }
)

/**
 * The most recent requests, socket frames, facts and deliveries, recorded from the moment the
 * panel is installed (before its code is even loaded), so the timeline starts with the page.
 */
export class EventLog {
  readonly #entries: LogEntry[] = []
  readonly #listeners = new Set<(entry: LogEntry) => void>()
  readonly #stops: Array<() => void>
  readonly #limit: number
  #seq = 0

  constructor(engine: Engine, limit = 500) {
    this.#limit = limit
    const { events } = engine
    this.#stops = [
      events.on('request', (event) => {
        if (!ownRead(event.url)) this.#add({ channel: 'http', event, workspace: event.workspace })
      }),
      events.on('socket', (event) => this.#add({ channel: 'socket', event, workspace: event.workspace })),
      events.on('fact', (event) => this.#add({ channel: 'lifecycle', event, workspace: event.workspace })),
      events.on('delivery', (event) => this.#add({ channel: 'webhook', event, workspace: event.workspace })),
    ]
  }

  /** Oldest first. */
  get entries(): readonly LogEntry[] {
    return this.#entries
  }

  listen(listener: (entry: LogEntry) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  clear(): void {
    this.#entries.length = 0
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop()
    this.#listeners.clear()
  }

  #add(partial: Omit<LogEntry, 'seq' | 'at'>): void {
    const entry = { ...partial, seq: ++this.#seq, at: Date.now() } as LogEntry
    this.#entries.push(entry)
    // Trimmed in batches: a catch-up of thousands of facts must not shift the array each time.
    if (this.#entries.length > this.#limit + 100) this.#entries.splice(0, this.#entries.length - this.#limit)
    for (const listener of this.#listeners) listener(entry)
  }
}
