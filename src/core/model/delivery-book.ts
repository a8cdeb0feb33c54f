import { RECENT_DELIVERIES, type DeliveryLogRecord, type DeliveryRecord, type StoreOp } from './store.ts'


/** Log ids sort by workspace, then by creation: a store can read a workspace's newest logs first. */
export function deliveryLogId(workspace: string, firstOrdinal: number): string {
  return `${workspace}\u0000${String(firstOrdinal).padStart(15, '0')}`
}

/**
 * Deliveries per log record at most: a catch-up of 100,000 orders logs 200,000 deliveries in one
 * commit, and a reload reads the newest logs (RECENT_DELIVERIES of them), not one huge record.
 */
const LOG_RECORD = 500

/** Delivered is done; a dead delivery may still be retried by hand, so it is kept like a pending one. */
const done = (delivery: DeliveryRecord): boolean => delivery.status === 'delivered'

/**
 * The webhook deliveries in memory. Pending and dead ones are kept individually (they change with
 * every attempt or retry); the ones already delivered when their commit is stored (the mock's own
 * receiver) go to the store as one log record per commit, and only the most recent stay in
 * memory, so a catch-up over 100,000 orders neither writes 200,000 records nor keeps them.
 */
export class DeliveryBook {
  readonly #byId = new Map<string, DeliveryRecord>()
  /** Finished deliveries per workspace, oldest first, for eviction. */
  readonly #finished = new Map<string, string[]>()
  /** Created since the last commit. */
  #fresh = new Set<string>()

  load(deliveries: readonly DeliveryRecord[], logs: readonly DeliveryLogRecord[]): void {
    const all = [...deliveries, ...logs.flatMap((log) => log.deliveries)]
      // Stores written before dead letters called a delivery that gave up `failed`.
      .map((d) => ((d.status as string) === 'failed' ? { ...d, status: 'dead' as const } : d))
      .sort((a, b) => a.ordinal - b.ordinal)
    for (const delivery of all) this.#remember(delivery)
  }

  get(id: string): DeliveryRecord | undefined {
    return this.#byId.get(id)
  }

  /** Deliveries in memory, oldest first (every pending one, the recent finished ones). */
  list(workspace?: string): DeliveryRecord[] {
    const all = [...this.#byId.values()].sort((a, b) => a.ordinal - b.ordinal)
    return workspace ? all.filter((d) => d.workspace === workspace) : all
  }

  /** Drops every delivery of a workspace (the store is cleared by the same commit). */
  forget(workspace: string): void {
    for (const [id, delivery] of this.#byId) {
      if (delivery.workspace !== workspace) continue
      this.#byId.delete(id)
      this.#fresh.delete(id)
    }
    this.#finished.delete(workspace)
  }

  created(delivery: DeliveryRecord): void {
    this.#fresh.add(delivery.id)
    this.#remember(delivery)
  }

  updated(delivery: DeliveryRecord): void {
    const before = this.#byId.get(delivery.id)
    this.#byId.set(delivery.id, delivery)
    const settledNow = before !== undefined && !done(before) && done(delivery)
    if (settledNow && !this.#fresh.has(delivery.id)) this.#finish(delivery)
  }

  /**
   * Rewrites the commit's delivery ops: new deliveries that are already final become one log
   * record per workspace; the rest stay individual records. Then trims what memory keeps.
   */
  compact(ops: StoreOp[]): StoreOp[] {
    const logs = new Map<string, DeliveryRecord[]>()
    const kept = ops.filter((op) => {
      if (!('put' in op) || op.table !== 'deliveries' || !this.#fresh.has(op.put.id) || !done(op.put)) return true
      const list = logs.get(op.put.workspace) ?? []
      list.push(op.put)
      logs.set(op.put.workspace, list)
      return false
    })
    for (const [workspace, deliveries] of logs) {
      for (let at = 0; at < deliveries.length; at += LOG_RECORD) {
        const part = deliveries.slice(at, at + LOG_RECORD)
        kept.push({ table: 'delivery_log', put: { id: deliveryLogId(workspace, part[0]?.ordinal ?? 0), workspace, deliveries: part } })
      }
    }
    for (const id of this.#fresh) {
      const delivery = this.#byId.get(id)
      if (delivery && done(delivery)) this.#finish(delivery)
    }
    this.#fresh = new Set()
    return kept
  }

  #remember(delivery: DeliveryRecord): void {
    this.#byId.set(delivery.id, delivery)
    if (done(delivery) && !this.#fresh.has(delivery.id)) this.#finish(delivery)
  }

  #finish(delivery: DeliveryRecord): void {
    const queue = this.#finished.get(delivery.workspace) ?? []
    queue.push(delivery.id)
    this.#finished.set(delivery.workspace, queue)
    while (queue.length > RECENT_DELIVERIES) {
      const old = queue.shift()
      if (old !== undefined) this.#byId.delete(old)
    }
  }
}
