/**
 * A small seeded PRNG: the same seed gives the same numbers on every run and in every browser, so
 * generated examples (and ids made from them) are stable. cyrb53 hashes the seed, mulberry32 draws.
 */

export interface SeededRandom {
  /** A number in [0, 1). */
  next(): number
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number
  /** One item of a non-empty list. */
  pick<T>(list: readonly T[]): T
}

/** cyrb53: a fast 53-bit string hash, good enough to spread nearby seeds apart. */
function cyrb53(text: string, salt = 0): number {
  let h1 = 0xdeadbeef ^ salt
  let h2 = 0x41c6ce57 ^ salt
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/** A short, stable hex digest of `text` (14 hex digits, 53 bits): for seeds and ids, not for security. */
export function hashString(text: string): string {
  return cyrb53(text).toString(16).padStart(14, '0')
}

/** A PRNG whose sequence is fixed by `seed`. */
export function seededRandom(seed: string): SeededRandom {
  let state = cyrb53(seed) >>> 0
  // mulberry32
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int(min, max) {
      const lo = Math.ceil(Math.min(min, max))
      const hi = Math.floor(Math.max(min, max))
      return lo + Math.floor(next() * (hi - lo + 1))
    },
    pick<T>(list: readonly T[]): T {
      if (list.length === 0) throw new RangeError('seededRandom.pick needs a non-empty list')
      return list[Math.floor(next() * list.length)] as T
    },
  }
}
