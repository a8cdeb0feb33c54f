import type { Domain } from '../model/domain.ts'
import type { DeliveryRecord } from '../model/store.ts'
import { messageOf } from '../errors.ts'
import type { WebhookPolicy } from '../scenario/scenario.ts'
import { DueIndex } from '../time/due-index.ts'
import type { Scheduler } from '../time/scheduler.ts'
import { afterAttempt, type Outcome } from './retry-policy.ts'
import { outgoingRequest, secretOf, type WebhookTransports } from './webhooks.ts'

/** What the runner needs of its host: the policy, ways out, real time, and units of work. */
export interface OutboxPort {
  readonly policy: WebhookPolicy
  readonly transports: WebhookTransports | undefined
  /** Real (wall-clock) time in ms: retries wait in real time, for a receiver to recover. */
  wallNow(): number
  /** Absent: due retries wait for `wake()`. */
  readonly scheduler?: Scheduler | undefined
  /**
   * Runs `task` on the domain after every change queued before it, and stores what it changed in
   * one commit (rejects when the store refuses it). The host publishes that commit: its pending
   * deliveries come back through `enqueue`.
   */
  unitOfWork<T>(task: (domain: Domain) => T): Promise<T>
  /** Runs `task` on the domain after every change queued before it, without changing anything. */
  read<T>(task: (domain: Domain) => T): Promise<T>
  warn(message: string): void
}

/**
 * Sends the webhook deliveries the mock does not receive itself (those are made inside the commit
 * that created them). They leave the outbox (already stored as pending) in lanes, one lane per
 * endpoint and subject: a lane sends one delivery at a time, in the order the facts happened, and
 * waits out its head's backoff; at most `policy.concurrency` lanes send at once, so a long
 * time-travel jump does not flood a receiver. Every outcome is stored before the next attempt of
 * its lane. It sends only between `resume()` (this tab leads) and `stop()`.
 */
export class OutboxRunner {
  readonly #port: OutboxPort
  /** Pending deliveries per lane, oldest first; the head is the one being sent or waited for. */
  readonly #lanes = new Map<string, DeliveryRecord[]>()
  /** Lanes whose head may be sent now, in the order they became ready. */
  readonly #ready: string[] = []
  /** Lanes whose head waits for its next attempt (real time). */
  readonly #waiting = new DueIndex()
  readonly #inFlight = new Set<string>()
  #active = false
  #cancelTimer: (() => void) | null = null
  #idle: Deferred | null = null

  constructor(port: OutboxPort) {
    this.#port = port
  }

  /** While deliveries are being sent or are ready to be: resolves when none are (retries waiting for later do not count). */
  get draining(): Promise<void> | null {
    return this.#idle?.promise ?? null
  }

  /** Queues the pending ones of `deliveries` (in the order given) and sends what is due. */
  enqueue(deliveries: readonly DeliveryRecord[]): void {
    for (const delivery of deliveries) {
      if (delivery.status !== 'pending') continue
      const lane = laneOf(delivery)
      const queue = this.#lanes.get(lane)
      const queued = queue?.findIndex((d) => d.id === delivery.id) ?? -1
      if (queue && queued >= 0) queue[queued] = delivery
      else if (queue && queue.length > 0) queue.push(delivery)
      else {
        this.#lanes.set(lane, [delivery])
        this.#place(lane, delivery)
      }
    }
    this.#pump()
  }

  /** Starts sending, from every pending delivery (on taking the lead: after a reload or a hand-over). */
  resume(pending: readonly DeliveryRecord[]): void {
    this.#active = true
    this.#lanes.clear()
    this.#ready.length = 0
    this.#waiting.clear()
    this.enqueue(pending)
  }

  /** Sends what has come due (the engine's tick, for hosts without a scheduler). */
  wake(): void {
    this.#pump()
  }

  stop(): void {
    this.#active = false
    this.#cancelTimer?.()
    this.#cancelTimer = null
    if (this.#inFlight.size === 0) this.#settleIdle()
  }

  /** Puts a lane whose head is `head` where it belongs: ready now, or waiting for its next attempt. */
  #place(lane: string, head: DeliveryRecord): void {
    const at = head.next_attempt_at
    if (at !== undefined && at > this.#port.wallNow()) this.#waiting.set(lane, at, head.ordinal)
    else this.#ready.push(lane)
  }

  #pump(): void {
    const port = this.#port
    if (!this.#active) {
      // Another tab sends from now on (or nobody, once stopped): only what is in flight finishes here.
      if (this.#inFlight.size === 0) this.#settleIdle()
      return
    }
    const wallNow = port.wallNow()
    for (let due = this.#waiting.peek(); due && due.at <= wallNow; due = this.#waiting.peek()) {
      this.#waiting.pop()
      this.#ready.push(due.key)
    }
    while (this.#inFlight.size < port.policy.concurrency && this.#ready.length > 0) {
      const lane = this.#ready.shift() as string
      const head = this.#lanes.get(lane)?.[0]
      if (head === undefined || this.#inFlight.has(lane)) continue
      this.#inFlight.add(lane)
      this.#idle ??= deferred()
      void this.#send(lane, head.id).finally(() => {
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
    const port = this.#port
    this.#cancelTimer?.()
    this.#cancelTimer = null
    const next = this.#waiting.peek()
    if (!next || !port.scheduler) return
    this.#cancelTimer = port.scheduler.schedule(Math.max(0, next.at - port.wallNow()), () => this.#pump())
  }

  /** One attempt of a lane's head, its outcome stored; then the lane moves on or waits. */
  async #send(lane: string, id: string): Promise<void> {
    // Read afresh: it may have been delivered, or killed with its endpoint, since it was queued.
    const pending = await this.#port.read((domain) => {
      const delivery = domain.world.delivery(id)
      return delivery?.status === 'pending' ? { delivery, secret: secretOf(domain, delivery) } : null
    })
    let after: DeliveryRecord | undefined
    if (pending) {
      try {
        after = await this.#attempt(pending.delivery, pending.secret)
      } catch (error) {
        // The outcome could not be stored: the delivery stays pending and is tried again on the next start.
        this.#port.warn(`Webhook delivery ${id} could not be recorded: ${messageOf(error)}`)
        this.#lanes.delete(lane)
        return
      }
    }
    const queue = this.#lanes.get(lane) ?? []
    const at = queue.findIndex((d) => d.id === id)
    if (at >= 0 && after?.status === 'pending') queue[at] = after
    else if (at >= 0) queue.splice(at, 1)
    const head = queue[0]
    if (head) this.#place(lane, head)
    else this.#lanes.delete(lane)
  }

  /** Sends one attempt and stores how it ended; resolves with the delivery as stored. */
  async #attempt(pending: DeliveryRecord, secret: string | null): Promise<DeliveryRecord | undefined> {
    const port = this.#port
    // Each attempt is stamped and signed afresh (receivers refuse stale timestamps); its id stays.
    const delivery = { ...pending, timestamp: Math.floor(port.wallNow() / 1000) }
    const request = await outgoingRequest(delivery, secret)
    port.transports?.inspect?.(delivery, request)
    let outcome: Outcome
    try {
      if (!port.transports?.send) outcome = { kind: 'unreachable', error: `No transport can reach ${delivery.url} from here.` }
      else outcome = { kind: 'answered', status: (await port.transports.send(delivery.url, request)).status, final: false }
    } catch (error) {
      outcome = { kind: 'unreachable', error: `Could not reach ${delivery.url}: ${messageOf(error)} (a network error, or the receiver does not allow CORS).` }
    }
    return port.unitOfWork(({ world }) => {
      const current = world.delivery(delivery.id)
      if (!current) return undefined
      const next = afterAttempt({ ...current, timestamp: delivery.timestamp }, outcome, port.policy, port.wallNow())
      world.putDelivery(next)
      return next
    })
  }
}

/** One lane per endpoint and subject: `order:ORD-1001`'s deliveries to one endpoint go in order. */
function laneOf(delivery: DeliveryRecord): string {
  return `${delivery.endpoint}\u0000${delivery.subject ?? delivery.id}`
}

interface Deferred {
  promise: Promise<void>
  resolve: () => void
}

// Promise.withResolvers needs Node 22; the package supports Node 20.
function deferred(): Deferred {
  let resolve!: () => void
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}
