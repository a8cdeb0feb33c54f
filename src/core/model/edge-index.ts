import { keyOf, type EdgeRecord } from './store.ts'

/** The persona graph's relationships, by the node they start from, in the order they were linked. */
export class EdgeIndex {
  readonly #out = new Map<string, EdgeRecord[]>()
  readonly #keys = new Set<string>()

  /** Adds a relationship unless it is there; whether it was added. */
  link(edge: EdgeRecord): boolean {
    const key = keyOf('edges', edge)
    if (this.#keys.has(key)) return false
    this.#keys.add(key)
    push(this.#out, `${edge.workspace}\u0000${edge.from}`, edge)
    return true
  }

  all(): EdgeRecord[] {
    return [...this.#out.values()].flat()
  }

  from(workspace: string, node: string): readonly EdgeRecord[] {
    return this.#out.get(`${workspace}\u0000${node}`) ?? []
  }

  /** Puts `first` before the links from the node already here (each relationship once). */
  prepend(workspace: string, node: string, first: readonly EdgeRecord[]): void {
    const links: EdgeRecord[] = []
    const seen = new Set<string>()
    for (const edge of [...first, ...this.from(workspace, node)]) {
      const key = keyOf('edges', edge)
      if (seen.has(key)) continue
      seen.add(key)
      this.#keys.add(key)
      links.push(edge)
    }
    if (links.length > 0) this.#out.set(`${workspace}\u0000${node}`, links)
  }

  /** Drops every relationship to or from `node`; the keys of those dropped. */
  dropNode(workspace: string, node: string): string[] {
    const dropped: string[] = []
    for (const [from, edges] of this.#out) {
      if (!from.startsWith(`${workspace}\u0000`)) continue
      const kept = edges.filter((edge) => edge.from !== node && edge.to !== node)
      for (const edge of edges) {
        if (kept.includes(edge)) continue
        const key = keyOf('edges', edge)
        this.#keys.delete(key)
        dropped.push(key)
      }
      if (kept.length === 0) this.#out.delete(from)
      else if (kept.length !== edges.length) this.#out.set(from, kept)
    }
    return dropped
  }

  clearWorkspace(prefix: string): void {
    for (const key of this.#out.keys()) if (key.startsWith(prefix)) this.#out.delete(key)
    for (const key of this.#keys) if (key.startsWith(prefix)) this.#keys.delete(key)
  }
}

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}
