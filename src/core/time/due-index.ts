import type { WorldTime } from './clock.ts'

interface Entry {
  at: WorldTime
  ordinal: number
  key: string
  token: number
}

/**
 * When each living entity takes its next lifecycle step, in a min-heap ordered by instant and
 * then creation order. Catching up pops only what is due, so a request costs nothing per idle
 * entity. Replaced entries are skipped lazily through a per-key token.
 */
export class DueIndex {
  readonly #heap: Entry[] = []
  readonly #tokens = new Map<string, number>()
  #next = 0

  /** Sets (or clears, with `at === null`) the next due instant of `key`. */
  set(key: string, at: WorldTime | null, ordinal: number): void {
    if (at === null) {
      this.#tokens.delete(key)
      return
    }
    const token = ++this.#next
    this.#tokens.set(key, token)
    this.#push({ at, ordinal, key, token })
  }

  clear(): void {
    this.#heap.length = 0
    this.#tokens.clear()
  }

  /** The earliest live entry, without removing it. */
  peek(): { key: string; at: WorldTime } | undefined {
    this.#dropStale()
    return this.#heap[0]
  }

  /** Removes and returns the earliest live entry. */
  pop(): { key: string; at: WorldTime } | undefined {
    this.#dropStale()
    const top = this.#heap[0]
    if (!top) return undefined
    this.#tokens.delete(top.key)
    this.#removeTop()
    return top
  }

  get size(): number {
    return this.#tokens.size
  }

  #dropStale(): void {
    while (this.#heap.length > 0) {
      const top = this.#heap[0] as Entry
      if (this.#tokens.get(top.key) === top.token) return
      this.#removeTop()
    }
  }

  #push(entry: Entry): void {
    const heap = this.#heap
    heap.push(entry)
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(entry, heap[parent] as Entry)) break
      heap[i] = heap[parent] as Entry
      i = parent
    }
    heap[i] = entry
  }

  #removeTop(): void {
    const heap = this.#heap
    const last = heap.pop() as Entry
    if (heap.length === 0) return
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      if (left >= heap.length) break
      const right = left + 1
      const child = right < heap.length && before(heap[right] as Entry, heap[left] as Entry) ? right : left
      if (!before(heap[child] as Entry, last)) break
      heap[i] = heap[child] as Entry
      i = child
    }
    heap[i] = last
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && (a.ordinal < b.ordinal || (a.ordinal === b.ordinal && a.token < b.token)))
}
