import type { Scenario } from './scenario.ts'
import type { DeliveryRecord } from './store.ts'
import { outgoingRequest, RECEIVER_PATH, type OutgoingRequest, type WebhookTransports } from './webhooks.ts'
import type { World } from './world.ts'

/** What the runner needs of the engine that hosts it. */
export interface OutboxHost {
  readonly scenario: Scenario
  readonly transports: WebhookTransports | undefined
  world(): World
  /** Whether this engine may send: it leads, and it has not stopped. */
  active(): boolean
  exclusive<T>(task: () => Promise<T>): Promise<T>
  commit(): Promise<void>
  /** Runs a request's route inside the unit of work being prepared (no commit); resolves with its status. */
  route(request: Request, workspace: string): Promise<number>
  warn(message: string): void
}

/**
 * Sends webhook deliveries: those the mock receives itself inside the commit that made them,
 * the others one at a time, in the order the facts happened, from the outbox.
 */
export class OutboxRunner {
  readonly #host: OutboxHost
  readonly #queue: string[] = []
  #draining: Promise<void> | null = null

  constructor(host: OutboxHost) {
    this.#host = host
  }

  /** Resolves when the current run through the outbox ends. */
  get draining(): Promise<void> | null {
    return this.#draining
  }

  /** Queues deliveries and starts sending if this engine may. */
  enqueue(ids: Iterable<string>): void {
    for (const id of ids) this.#queue.push(id)
    this.#drain()
  }

  /** Picks up every pending delivery (on taking the lead: after a reload or a hand-over). */
  resume(): void {
    const pending: string[] = []
    for (const delivery of this.#host.world().deliveries()) if (delivery.status === 'pending') pending.push(delivery.id)
    this.enqueue(pending)
  }

  /**
   * A delivery to a URL the mock serves is made inside the commit that created it: the fact, the
   * receipt and the outcome are one transaction, so it is never pending, lost or made twice.
   */
  async deliverInline(delivery: DeliveryRecord, shown: Array<[DeliveryRecord, OutgoingRequest]>): Promise<void> {
    const request = await this.#outgoing(delivery)
    shown.push([delivery, request])
    const url = new URL(delivery.url)
    if (url.pathname.startsWith(RECEIVER_PATH)) {
      // The mock's own receiver: the delivered record is the receipt, stored once.
      this.#settle(delivery.id, 200, undefined, true)
      return
    }
    const headers = { ...request.headers, 'X-MockForge-Workspace': delivery.workspace }
    const status = await this.#host.route(new Request(url, { method: 'POST', headers, body: request.body }), delivery.workspace)
    this.#settle(delivery.id, status)
  }

  #outgoing(delivery: DeliveryRecord): Promise<OutgoingRequest> {
    const endpoint = this.#host.scenario.webhookEndpoints.find((e) => e.name === delivery.endpoint)
    return outgoingRequest(delivery, endpoint?.secret ?? null)
  }

  #drain(): void {
    const host = this.#host
    if (this.#draining || !host.active()) return
    this.#draining = (async () => {
      for (let id = this.#queue.shift(); id !== undefined && host.active(); id = this.#queue.shift()) {
        const delivery = await host.exclusive(async () => host.world().delivery(id))
        if (delivery?.status !== 'pending') continue
        try {
          await this.#attempt(delivery)
        } catch (error) {
          // The outcome could not be stored; the delivery stays pending and resumes on the next start.
          host.warn(`Webhook delivery ${delivery.id} could not be recorded: ${messageOf(error)}`)
        }
      }
    })().finally(() => {
      this.#draining = null
    })
  }

  async #attempt(delivery: DeliveryRecord): Promise<void> {
    const host = this.#host
    const request = await this.#outgoing(delivery)
    host.transports?.inspect?.(delivery, request)
    // Only URLs the mock does not serve get here: its own are delivered inside their commit.
    let status: number | undefined
    let failure: string | undefined
    try {
      if (host.transports?.send) status = (await host.transports.send(delivery.url, request)).status
      else failure = `No transport can reach ${delivery.url} from here.`
    } catch (error) {
      failure = `Could not reach ${delivery.url}: ${messageOf(error)} (a network error, or the receiver does not allow CORS).`
    }
    await host.exclusive(async () => {
      this.#settle(delivery.id, status, failure)
      await host.commit()
    })
  }

  /** Records the outcome of one attempt (stored by the next commit). */
  #settle(id: string, status: number | undefined, failure?: string, receivedByMock = false): void {
    const world = this.#host.world()
    const current = world.delivery(id)
    if (!current) return
    const ok = status !== undefined && status >= 200 && status < 300
    world.putDelivery({
      ...current,
      attempts: current.attempts + 1,
      status: ok ? 'delivered' : 'failed',
      ...(status !== undefined ? { response_status: status } : {}),
      ...(ok ? {} : { last_error: failure ?? `The receiver answered HTTP ${status}.` }),
      ...(receivedByMock ? { received_by_mock: true as const } : {}),
    })
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
