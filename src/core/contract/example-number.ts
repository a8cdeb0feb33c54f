/**
 * An example integer or number within a schema's bounds: `minimum`/`maximum`, `exclusiveMinimum`/
 * `exclusiveMaximum` as OpenAPI 3.0 writes them (flags on the bounds) or as 3.1 does (bounds of
 * their own), and `multipleOf`. Small values, unless the bounds say otherwise.
 */
import type { SeededRandom } from './seeded-random.ts'

/** How far from a lone bound (or from 1, with none) examples range. */
const SPAN = 100

interface Bound {
  value: number
  exclusive: boolean
}

function bound(schema: Record<string, unknown>, inclusiveKey: string, exclusiveKey: string): Bound | null {
  const inclusive = typeof schema[inclusiveKey] === 'number' ? (schema[inclusiveKey] as number) : null
  const exclusive = schema[exclusiveKey]
  if (typeof exclusive === 'number') {
    // 3.1: both may be given; the tighter one holds.
    if (inclusive === null) return { value: exclusive, exclusive: true }
    const tighter = inclusiveKey === 'minimum' ? exclusive >= inclusive : exclusive <= inclusive
    return tighter ? { value: exclusive, exclusive: true } : { value: inclusive, exclusive: false }
  }
  return inclusive === null ? null : { value: inclusive, exclusive: exclusive === true }
}

function decimals(step: number): number {
  const text = String(step)
  const exponent = /e-(\d+)$/.exec(text)
  return exponent ? Number(exponent[1]) : (text.split('.')[1]?.length ?? 0)
}

/** An example for an `integer` (integer true) or `number` schema; `warn` hears bounds that leave no value. */
export function exampleNumber(schema: Record<string, unknown>, integer: boolean, random: SeededRandom, warn: (problem: string) => void): number {
  const lower = bound(schema, 'minimum', 'exclusiveMinimum')
  const upper = bound(schema, 'maximum', 'exclusiveMaximum')
  const lo = lower?.value ?? (upper ? Math.min(1, upper.value - SPAN) : 1)
  const hi = upper?.value ?? lo + SPAN
  const multipleOf = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : null
  const step = multipleOf ?? (integer ? 1 : null)

  if (step !== null) {
    let first = Math.ceil(lo / step)
    if (lower?.exclusive && first * step <= lo) first++
    let last = Math.floor(hi / step)
    if (upper?.exclusive && last * step >= hi) last--
    if (integer && !Number.isInteger(step)) {
      // An integer multiple of a fraction: keep to multiples that are whole numbers.
      const whole = Array.from({ length: Math.min(last - first + 1, 1000) }, (_, i) => first + i).filter((k) => Number.isInteger(Number((k * step).toFixed(decimals(step)))))
      if (whole.length > 0) return Number((random.pick(whole) * step).toFixed(decimals(step)))
    } else if (first <= last) {
      return Number((random.int(first, last) * step).toFixed(decimals(step)))
    }
    warn(`no ${integer ? 'integer' : 'number'} fits minimum ${lo}, maximum ${hi}${multipleOf === null ? '' : ` and multipleOf ${multipleOf}`}`)
    return lo
  }

  if (lo > hi || (lo === hi && (lower?.exclusive || upper?.exclusive))) {
    warn(`no number fits minimum ${lo} and maximum ${hi}`)
    return lo
  }
  const raw = lo + random.next() * (hi - lo)
  const rounded = Math.round(raw * 100) / 100
  const fits = (value: number) => (lower?.exclusive ? value > lo : value >= lo) && (upper?.exclusive ? value < hi : value <= hi)
  if (fits(rounded)) return rounded
  return fits(raw) ? raw : (lo + hi) / 2
}
