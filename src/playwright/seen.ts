/** A promise with its settle functions outside (Node 20 has no `Promise.withResolvers`). */
interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
  reject(error: unknown): void
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

interface Waiter<T> {
  match(item: T): boolean
  what: string
  settle: Deferred<T>
  timer: ReturnType<typeof setTimeout> | null
}

/**
 * What a page reported, kept in the test's process: the items in the order they were first
 * seen (one reported again under the same key replaces its earlier version), and the waits on
 * them, each settled by the first item that matches, already seen or still to come.
 */
export class Seen<T> {
  readonly #items: T[] = []
  readonly #at = new Map<string, number>()
  readonly #waiters = new Set<Waiter<T>>()
  readonly #keyOf: ((item: T) => string) | undefined

  constructor(keyOf?: (item: T) => string) {
    this.#keyOf = keyOf
  }

  all(): T[] {
    return [...this.#items]
  }

  add(item: T): void {
    const key = this.#keyOf?.(item)
    const at = key === undefined ? undefined : this.#at.get(key)
    if (at !== undefined) this.#items[at] = item
    else {
      if (key !== undefined) this.#at.set(key, this.#items.length)
      this.#items.push(item)
    }
    for (const waiter of this.#waiters) this.#offer(waiter, item)
  }

  /**
   * The first item seen that matches, else the first to come; rejects after `timeout` ms with
   * `verisim: no <what> within <timeout> ms`.
   */
  waitFor(match: (item: T) => boolean, what: string, timeout: number): Promise<T> {
    const waiter: Waiter<T> = { match, what, settle: deferred<T>(), timer: null }
    for (const item of this.#items) if (this.#offer(waiter, item)) return waiter.settle.promise
    this.#waiters.add(waiter)
    waiter.timer = setTimeout(() => this.#reject(waiter, new Error(`verisim: no ${what} within ${timeout} ms`)), timeout)
    return waiter.settle.promise
  }

  /** Rejects every pending wait: nothing more will come (the page closed). */
  fail(reason: (what: string) => Error): void {
    for (const waiter of this.#waiters) this.#reject(waiter, reason(waiter.what))
  }

  /** Stops every pending wait's timer and forgets it: the test is over, nobody awaits it any more. */
  close(): void {
    for (const waiter of this.#waiters) if (waiter.timer) clearTimeout(waiter.timer)
    this.#waiters.clear()
  }

  /** Settles `waiter` with `item` if it matches; a predicate that throws rejects its own wait. */
  #offer(waiter: Waiter<T>, item: T): boolean {
    try {
      if (!waiter.match(item)) return false
    } catch (error) {
      this.#reject(waiter, error)
      return true
    }
    this.#forget(waiter)
    waiter.settle.resolve(item)
    return true
  }

  #reject(waiter: Waiter<T>, error: unknown): void {
    this.#forget(waiter)
    waiter.settle.reject(error)
  }

  #forget(waiter: Waiter<T>): void {
    this.#waiters.delete(waiter)
    if (waiter.timer) clearTimeout(waiter.timer)
  }
}
