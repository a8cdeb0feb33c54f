import { DueIndex } from '../time/due-index.ts'
import type { WebhookPolicy } from '../scenario/scenario.ts'
import type { DeliveryRecord } from '../model/store.ts'
import { outgoingRequest, RECEIVER_PATH, type OutgoingRequest, type WebhookTransports } from './webhooks.ts'
import { afterAttempt, type Outcome } from './retry-policy.ts'
import type { World } from '../model/world.ts'

/** What the runner needs of the engine that hosts it. */
export interface OutboxHost {
  readonly policy: WebhookPolicy
  readonly transports: WebhookTransports | undefined
  world(): World
  /** Real (wall-clock) time in ms: retries wait in real time, for a receiver to recover. */
  wallNow(): number
  /** Runs `task` after `delayMs` of real time; returns a cancel function. Absent: due retries wait for `wake()`. */
  schedule?(delayMs: number, task: () => void): () => void
  /** The signing secret of the delivery's endpoint, if it has one. */
  secretOf(delivery: DeliveryRecord): string | null
  /** Whether this engine may send: it leads, and it has not stopped. */
  active(): boolean
  exclusive<T>(task: () => Promise<T>): Promise<T>
  commit(): Promise<void>
  /** Runs a request's route inside the unit of work being prepared (no commit); resolves with its status. */
  route(request: Request, workspace: string): Promise<number>
  warn(message: string): void
}

/**
 * Sends webhook deliveries. Those the mock receives itself are made inside the commit that made
 * them. The others leave the outbox (already stored as pending) in lanes, one lane per endpoint
 * and subject: a lane sends one delivery at a time, in the order the facts happened, and waits
 * out its head's backoff; at most `policy.concurrency` lanes send at once, so a long time-travel
 * jump does not flood a receiver. Every outcome is stored before the next attempt of its lane.
 */
export class OutboxRunner {
  readonly #host: OutboxHost
  /** Delivery ids per lane, oldest first; the head is the one being sent or waited for. */
  readonly #lanes = new Map<string, string[]>()
  /** Lanes whose head may be sent now, in the order they became ready. */
  readonly #ready: string[] = []
  /** Lanes whose head waits for its next attempt (real time). */
  readonly #waiting = new DueIndex()
  readonly #inFlight = new Set<string>()
  #cancelTimer: (() => void) | null = null
  #idle: { promise: Promise<void>; resolve: () => void } | null = null

  constructor(host: OutboxHost) {
    this.#host = host
  }

  /** While deliveries are being sent or are ready to be: resolves when none are (retries waiting for later do not count). */
  get draining(): Promise<void> | null {
    return this.#idle?.promise ?? null
  }

  /** Queues pending deliveries (in the order given) and starts sending if this engine may. */
  enqueue(ids: Iterable<string>): void {
    const world = this.#host.world()
    for (const id of ids) {
      const delivery = world.delivery(id)
      if (delivery?.status !== 'pending') continue
      const lane = laneOf(delivery)
      const queue = this.#lanes.get(lane)
      if (queue?.includes(id)) continue
      if (queue && queue.length > 0) queue.push(id)
      else {
        this.#lanes.set(lane, [id])
        this.#place(lane, delivery)
      }
    }
    this.#pump()
  }

  /** Picks up every pending delivery (on taking the lead: after a reload or a hand-over). */
  resume(): void {
    this.#lanes.clear()
    this.#ready.length = 0
    this.#waiting.clear()
    this.enqueue(this.#host.world().deliveries().filter((d) => d.status === 'pending').map((d) => d.id))
  }

  /** Sends what has come due (the engine's tick, for hosts without a scheduler). */
  wake(): void {
    this.#pump()
  }

  stop(): void {
    this.#cancelTimer?.()
    this.#cancelTimer = null
    if (this.#inFlight.size === 0) this.#settleIdle()
  }

  /**
   * A delivery to a URL the mock serves is made inside the commit that created it: the fact, the
   * receipt and the outcome are one transaction, so it is never pending, lost or made twice.
   */
  async deliverInline(delivery: DeliveryRecord, shown: Array<[DeliveryRecord, OutgoingRequest]>): Promise<void> {
    const request = await outgoingRequest(delivery, this.#host.secretOf(delivery))
    shown.push([delivery, request])
    const url = new URL(delivery.url)
    if (url.pathname.startsWith(RECEIVER_PATH)) {
      // The mock's own receiver: the delivered record is the receipt, stored once.
      this.#record(delivery.id, { kind: 'received' })
      return
    }
    const headers = { ...request.headers, 'X-MockForge-Workspace': delivery.workspace }
    const status = await this.#host.route(new Request(url, { method: 'POST', headers, body: request.body }), delivery.workspace)
    // The mock's own routes answer the same way every time: no retries.
    this.#record(delivery.id, { kind: 'answered', status, final: true })
  }

  /** Puts a lane whose head is `head` where it belongs: ready now, or waiting for its next attempt. */
  #place(lane: string, head: DeliveryRecord): void {
    const at = head.next_attempt_at
    if (at !== undefined && at > this.#host.wallNow()) this.#waiting.set(lane, at, head.ordinal)
    else this.#ready.push(lane)
  }

  #pump(): void {
    const host = this.#host
    if (!host.active()) {
      // Another tab sends from now on (or nobody, once stopped): only what is in flight finishes here.
      if (this.#inFlight.size === 0) this.#settleIdle()
      return
    }
    const now = host.wallNow()
    for (let due = this.#waiting.peek(); due && due.at <= now; due = this.#waiting.peek()) {
      this.#waiting.pop()
      this.#ready.push(due.key)
    }
    while (this.#inFlight.size < host.policy.concurrency && this.#ready.length > 0) {
      const lane = this.#ready.shift() as string
      const id = this.#lanes.get(lane)?.[0]
      if (id === undefined || this.#inFlight.has(lane)) continue
      this.#inFlight.add(lane)
      this.#idle ??= deferred()
      void this.#send(lane, id).finally(() => {
        this.#inFlight.delete(lane)
        this.#pump()
      })
    }
    this.#armTimer()
    if (this.#inFlight.size === 0 && this.#ready.length === 0) this.#settleIdle()
  }

  #settleIdle(): void {
    this.#idle?.resolve()
    this.#idle = null
  }

  #armTimer(): void {
    const host = this.#host
    this.#cancelTimer?.()
    this.#cancelTimer = null
    const next = this.#waiting.peek()
    if (!next || !host.schedule) return
    this.#cancelTimer = host.schedule(Math.max(0, next.at - host.wallNow()), () => this.#pump())
  }

  /** One attempt of a lane's head, its outcome stored; then the lane moves on or waits. */
  async #send(lane: string, id: string): Promise<void> {
    const host = this.#host
    const delivery = await host.exclusive(async () => host.world().delivery(id))
    if (delivery?.status === 'pending') {
      try {
        await this.#attempt(delivery)
      } catch (error) {
        // The outcome could not be stored: the delivery stays pending and is tried again on the next start.
        host.warn(`Webhook delivery ${delivery.id} could not be recorded: ${messageOf(error)}`)
        this.#lanes.delete(lane)
        return
      }
    }
    const after = host.world().delivery(id)
    const queue = this.#lanes.get(lane) ?? []
    if (after?.status !== 'pending') queue.splice(queue.indexOf(id) >>> 0, 1)
    if (queue.length === 0) {
      this.#lanes.delete(lane)
      return
    }
    const head = host.world().delivery(queue[0] as string)
    if (head) this.#place(lane, head)
  }

  async #attempt(pending: DeliveryRecord): Promise<void> {
    const host = this.#host
    // Each attempt is stamped and signed afresh (receivers refuse stale timestamps); its id stays.
    const delivery = { ...pending, timestamp: Math.floor(host.wallNow() / 1000) }
    const request = await outgoingRequest(delivery, host.secretOf(delivery))
    host.transports?.inspect?.(delivery, request)
    let outcome: Outcome
    try {
      if (!host.transports?.send) outcome = { kind: 'unreachable', error: `No transport can reach ${delivery.url} from here.` }
      else outcome = { kind: 'answered', status: (await host.transports.send(delivery.url, request)).status, final: false }
    } catch (error) {
      outcome = { kind: 'unreachable', error: `Could not reach ${delivery.url}: ${messageOf(error)} (a network error, or the receiver does not allow CORS).` }
    }
    await host.exclusive(async () => {
      this.#record(delivery.id, outcome, delivery.timestamp)
      await host.commit()
    })
  }

  /** Stores how an attempt ended (stamped `timestamp` when it was signed afresh), by the retry policy. */
  #record(id: string, outcome: Outcome, timestamp?: number): void {
    const world = this.#host.world()
    const current = world.delivery(id)
    if (!current) return
    const attempted = timestamp === undefined ? current : { ...current, timestamp }
    world.putDelivery(afterAttempt(attempted, outcome, this.#host.policy, this.#host.wallNow()))
  }
}

/** One lane per endpoint and subject: `order:ORD-1001`'s deliveries to one endpoint go in order. */
function laneOf(delivery: DeliveryRecord): string {
  return `${delivery.endpoint}\u0000${delivery.subject ?? delivery.id}`
}

// Promise.withResolvers needs Node 22; the package supports Node 20.
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
