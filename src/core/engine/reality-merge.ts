/**
 * The reality continuum's blend of two JSON answers to the same GET: the mock's and the real
 * upstream's. Pure: the only source of chance is the caller's `pick`, so a request's blend is
 * reproducible.
 */

export type MergeStrategy = 'field_level' | 'weighted' | 'body_blend'

type JsonObject = Record<string, unknown>
type ItemId = string | number

/** Merges two values found at the same place in both bodies (`at`: the key, index or id that led there). */
type MergeBoth<At> = (mock: unknown, real: unknown, at: At) => unknown

/**
 * Merges the mock's and the upstream's JSON bodies at `ratio` (0 = all mock … 1 = all real).
 * `pick(path)` returns a number in [0, 1) for a field's JSON path (e.g. "items[2].price"), deterministic for the request;
 * `weighted` takes the real value of a field when pick(path) < ratio.
 *
 * In every strategy, objects keep every key of both sides (a key in one side only is kept from that side).
 * Arrays are "matched by id" when every item of both is an object whose own `id` is a string or a number,
 * unique within its array.
 *
 * - `field_level`: real fields win, the mock fills what the real answer lacks. Keys in both merge recursively.
 *   Arrays matched by id: the real items in their order, each merged with the mock item of the same id,
 *   then the mock items the real array lacks, in the mock's order. Other arrays, primitives and type
 *   mismatches: the real value. `ratio` plays no part: it already sent the request to reality.
 * - `weighted`: field by field. Keys in both merge recursively; arrays matched by id as above (unmatched
 *   items kept from their side), other arrays index by index (the longer one's extra items kept). A leaf
 *   (primitive or type mismatch) is the real value when `pick(path) < ratio`, else the mock's. Paths join
 *   keys with `.` and name items `[i]` by index or `[id=X]` when matched by id, so an item's field is
 *   decided the same way wherever the item stands.
 * - `body_blend` (deep merge, arrays combined, numbers averaged): keys in both blend recursively; arrays
 *   index by index, the longer one's extra items kept; two numbers give `mock * (1 - ratio) + real * ratio`,
 *   rounded when both are integers; other leaves are the real value when `ratio >= 0.5`, else the mock's.
 *
 * The inputs are never mutated and the result shares nothing with them. Keys are copied as own data
 * properties, so a `__proto__` key in a body stays data and never changes the result's prototype.
 */
export function mergeBodies(
  strategy: MergeStrategy,
  mock: unknown,
  real: unknown,
  ratio: number,
  pick: (path: string) => number,
): unknown {
  switch (strategy) {
    case 'field_level':
      return realWins(mock, real)
    case 'weighted':
      return weighted(mock, real, '', { ratio, pick })
    case 'body_blend':
      return blend(mock, real, ratio)
  }
}

/** `field_level`: the real answer, completed by the mock's. */
function realWins(mock: unknown, real: unknown): unknown {
  if (isObject(mock) && isObject(real)) return mergeObjects(mock, real, realWins)
  if (Array.isArray(mock) && Array.isArray(real)) return mergeById(mock, real, realWins) ?? copy(real)
  return copy(real)
}

/** What decides a `weighted` leaf. */
interface Chance {
  ratio: number
  pick: (path: string) => number
}

/** `weighted`: each leaf of `path` drawn from reality or the mock by `chance`. */
function weighted(mock: unknown, real: unknown, path: string, chance: Chance): unknown {
  if (isObject(mock) && isObject(real)) {
    return mergeObjects(mock, real, (m, r, key) => weighted(m, r, keyPath(path, key), chance))
  }
  if (Array.isArray(mock) && Array.isArray(real)) {
    return (
      mergeById(mock, real, (m, r, id) => weighted(m, r, `${path}[id=${id}]`, chance)) ??
      mergeByIndex(mock, real, (m, r, index) => weighted(m, r, `${path}[${index}]`, chance))
    )
  }
  return copy(chance.pick(path) < chance.ratio ? real : mock)
}

/** The path of `key` inside the object at `path` (the root's path is empty). */
function keyPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

/** `body_blend`: both bodies combined, numbers averaged by `ratio`. */
function blend(mock: unknown, real: unknown, ratio: number): unknown {
  if (isObject(mock) && isObject(real)) return mergeObjects(mock, real, (m, r) => blend(m, r, ratio))
  if (Array.isArray(mock) && Array.isArray(real)) return mergeByIndex(mock, real, (m, r) => blend(m, r, ratio))
  if (typeof mock === 'number' && typeof real === 'number') return average(mock, real, ratio)
  return copy(ratio >= 0.5 ? real : mock)
}

/** The weighted mean of two numbers; integers stay integers, so counts and ids keep their kind. */
function average(mock: number, real: number, ratio: number): number {
  const mean = mock * (1 - ratio) + real * ratio
  return Number.isInteger(mock) && Number.isInteger(real) ? Math.round(mean) : mean
}

/** Every key of both objects (the real one's first): keys in both go through `both`, the others are copied. */
function mergeObjects(mock: JsonObject, real: JsonObject, both: MergeBoth<string>): JsonObject {
  const mockOnly = Object.keys(mock).filter((key) => !Object.hasOwn(real, key))
  const keys = [...Object.keys(real), ...mockOnly]
  return Object.fromEntries(
    keys.map((key): [string, unknown] => {
      if (!Object.hasOwn(mock, key)) return [key, copy(real[key])]
      if (!Object.hasOwn(real, key)) return [key, copy(mock[key])]
      return [key, both(mock[key], real[key], key)]
    }),
  )
}

/**
 * The real items in their order (merged through `both` with the mock item of the same id), then the
 * mock items the real array lacks; undefined when the arrays cannot be matched by id.
 */
function mergeById(mock: unknown[], real: unknown[], both: MergeBoth<ItemId>): unknown[] | undefined {
  const mockById = byId(mock)
  const realById = byId(real)
  if (!mockById || !realById) return undefined
  const merged = [...realById].map(([id, item]) => (mockById.has(id) ? both(mockById.get(id), item, id) : copy(item)))
  const mockOnly = [...mockById].filter(([id]) => !realById.has(id)).map(([, item]) => copy(item))
  return [...merged, ...mockOnly]
}

/** The items by id in their order, or undefined when an item has no usable id or two share one. */
function byId(items: unknown[]): Map<ItemId, unknown> | undefined {
  const map = new Map<ItemId, unknown>()
  for (const item of items) {
    const id = idOf(item)
    if (id === undefined || map.has(id)) return undefined
    map.set(id, item)
  }
  return map
}

/** An item's own `id` when it is a string or a number. */
function idOf(item: unknown): ItemId | undefined {
  if (!isObject(item) || !Object.hasOwn(item, 'id')) return undefined
  const id = item.id
  return typeof id === 'string' || typeof id === 'number' ? id : undefined
}

/** Items at the same index go through `both`; the longer array's extra items are copied. */
function mergeByIndex(mock: unknown[], real: unknown[], both: MergeBoth<number>): unknown[] {
  return Array.from({ length: Math.max(mock.length, real.length) }, (_, index) => {
    if (index >= mock.length) return copy(real[index])
    if (index >= real.length) return copy(mock[index])
    return both(mock[index], real[index], index)
  })
}

/** A deep copy that keeps every key, `__proto__` included, as an own data property. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy)
  if (isObject(value)) return Object.fromEntries(Object.keys(value).map((key) => [key, copy(value[key])]))
  return value
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
