import type { DeliveryRecord } from '../model/store.ts'
import type { Fact } from '../model/fact.ts'
import type { ClockStatus } from '../wire/wire.ts'

/** The typed event map through which the panel, tests and adapters observe the engine. */
export interface EngineEvents {
  fact: Fact
  request: RequestLog
  socket: { workspace: string | null; url: string; direction: 'in' | 'out'; frame: unknown }
  delivery: DeliveryRecord
  /** A workspace's clock changed (moved, re-scaled, enabled, reset); writes that leave it alone say nothing. */
  clock: ClockChange
  warning: EngineWarning
  /** A request or an answer that breaks the scenario's spec. */
  violation: ContractViolation
  /** The store was lost while running: the state now lives in memory (`engine.storage` says the same). */
  storage: StorageMode
}

/** A request or answer that does not match the scenario's OpenAPI spec. */
export interface ContractViolation {
  /** The operation's id (its operationId, else `METHOD path`). */
  operation: string
  method: string
  /** The request's path. */
  path: string
  /** The status the request was refused with, or the answer's. */
  status: number
  direction: 'request' | 'response'
  message: string
  /** The parameter or body field at fault (requests). */
  field?: string
  /** Wall-clock ms. */
  at: number
}

export interface RequestLog {
  request_id: string
  workspace: string
  method: string
  url: string
  status: number
  persona: string | null
  /** Answered by a handler of the app's or a test's own, before the scenario (absent: the mock answered). */
  overridden?: true
  /** With a reality continuum: whether the mock, the real backend, or both blended answered. */
  reality?: 'mock' | 'real' | 'blended'
  /** Why the mock answered a request chosen for reality: `unreachable`, `timeout`, `http-503`… */
  upstream_error?: string
}

export interface ClockChange {
  workspace: string
  status: ClockStatus
}

/** Something the engine cannot honour or had to work around; never silently dropped. */
export interface EngineWarning {
  /**
   * `scenario`: a config key it does not act on; `webhooks`: a delivery it could not make;
   * `contract`: an answer that breaks the spec; `storage`: the store failed and memory took over, or
   * the rest of the stored state could not be read after a reload.
   */
  source: 'scenario' | 'webhooks' | 'contract' | 'storage' | 'snapshots' | 'reality'
  message: string
}

/**
 * Where the engine keeps its state. IndexedDB survives reloads and is shared by the origin's tabs;
 * memory (IndexedDB could not be opened, or failed while running: `reason` is the browser's word
 * for it) lasts as long as the page and is this tab's alone.
 */
export type StorageMode =
  | { readonly kind: 'indexeddb'; readonly database: string }
  | {
      readonly kind: 'memory'
      readonly reason: string
      /** IndexedDB opened but failed while running: what was done before stays, in memory. */
      readonly lost?: true
    }

export type Listener<T> = (payload: T) => void

/** The listening half of an emitter: observers subscribe, only its owner emits. */
export interface Subscribable<Events extends { [K in keyof Events]: unknown }> {
  /** Returns a function that removes the listener. */
  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void
  off<K extends keyof Events>(type: K, listener: Listener<Events[K]>): void
}

/** A minimal typed event emitter: the engine's one observation channel (panel, tests, adapters). */
export class Emitter<Events extends { [K in keyof Events]: unknown }> implements Subscribable<Events> {
  readonly #listeners = new Map<keyof Events, Set<Listener<never>>>()

  /** What observers get: `on` and `off`, no `emit`. */
  readonly view: Subscribable<Events> = Object.freeze({ on: this.on.bind(this), off: this.off.bind(this) })

  on<K extends keyof Events>(type: K, listener: Listener<Events[K]>): () => void {
    let set = this.#listeners.get(type)
    if (!set) {
      set = new Set()
      this.#listeners.set(type, set)
    }
    set.add(listener as Listener<never>)
    return () => this.off(type, listener)
  }

  off<K extends keyof Events>(type: K, listener: Listener<Events[K]>): void {
    this.#listeners.get(type)?.delete(listener as Listener<never>)
  }

  emit<K extends keyof Events>(type: K, payload: Events[K]): void {
    const set = this.#listeners.get(type)
    if (!set) return
    for (const listener of [...set]) {
      // One broken listener must not stop the others, nor the engine.
      try {
        ;(listener as Listener<Events[K]>)(payload)
      } catch (error) {
        queueMicrotask(() => {
          throw error
        })
      }
    }
  }
}

/** Warnings kept for late observers besides the scenario's: the most recent ones. */
const KEPT_WARNINGS = 200

/** Every warning so far for observers that come late: the scenario's, then the most recent of running. */
export class WarningLog {
  readonly #warnings: EngineWarning[]
  readonly #pinned: number

  constructor(scenarioWarnings: readonly string[]) {
    this.#warnings = scenarioWarnings.map((message) => ({ source: 'scenario', message }))
    this.#pinned = this.#warnings.length
  }

  get all(): readonly EngineWarning[] {
    return this.#warnings
  }

  add(warning: EngineWarning): void {
    if (this.#warnings.length >= this.#pinned + KEPT_WARNINGS) this.#warnings.splice(this.#pinned, 1)
    this.#warnings.push(warning)
  }
}
