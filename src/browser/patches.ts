/**
 * Every global Verisim replaces is registered here with the value it replaced, so that
 * `stop()` restores exactly what was there and a second start refuses to patch twice.
 */
const patched = new Map<string, { target: object; key: PropertyKey; original: unknown }>()

/** Throws when Verisim already replaced `key`: one running instance per page. */
export function assertUnpatched(key: PropertyKey): void {
  const id = String(key)
  if (patched.has(id)) {
    throw new Error(`Verisim has already patched ${id} on this page: call stop() on the running instance before starting another.`)
  }
}

export function patchGlobal<T extends object, K extends keyof T>(target: T, key: K, replacement: T[K]): () => void {
  const id = String(key)
  assertUnpatched(id)
  patched.set(id, { target, key, original: target[key] })
  target[key] = replacement
  return () => {
    const entry = patched.get(id)
    if (!entry) return
    ;(entry.target as Record<PropertyKey, unknown>)[entry.key] = entry.original
    patched.delete(id)
  }
}
