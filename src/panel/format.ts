const UNITS: ReadonlyArray<[string, number]> = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
]

/** A span in its two largest units: `23h 59m`, `3d`, `45s`, `<1s`. */
export function formatSpan(ms: number): string {
  let rest = Math.max(0, Math.floor(ms))
  if (rest < 1_000) return '<1s'
  const parts: string[] = []
  for (const [unit, size] of UNITS) {
    if (parts.length === 2) break
    const count = Math.floor(rest / size)
    rest -= count * size
    if (count > 0) parts.push(`${count}${unit}`)
    else if (parts.length > 0) break
  }
  return parts.join(' ')
}

/** When something comes due, seen from now: `in 23h 59m`, or `due now` once it has passed. */
export function formatIn(ms: number): string {
  return ms <= 0 ? 'due now' : `in ${formatSpan(ms)}`
}

/** How long ago: `5s ago`, `just now`. */
export function formatAgo(ms: number): string {
  return ms < 1_000 ? 'just now' : `${formatSpan(ms)} ago`
}

/** A virtual instant, always in UTC (the clock API speaks UTC): `2025-01-28 00:00:05`. */
export function formatInstant(ms: number): string {
  if (!Number.isFinite(ms)) return '—'
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}

/** A real instant of the page, to the millisecond, in local time: `14:03:07.412`. */
export function formatClockTime(ms: number): string {
  const d = new Date(ms)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`
}

const STATE_COLOURS: Readonly<Record<string, string>> = {
  new: '#9aa4b2',
  pending: '#9aa4b2',
  processing: '#e3b341',
  shipped: '#58a6ff',
  delivered: '#39c5bb',
  completed: '#56d364',
  active: '#56d364',
  past_due: '#f0883e',
  canceled: '#ff7b72',
  dead: '#ff7b72',
}

/** The colour of a lifecycle (or delivery) state; states a scenario invents get a stable hue of their own. */
export function stateColour(state: string | null | undefined): string {
  if (!state) return '#3b4252'
  const known = STATE_COLOURS[state]
  if (known) return known
  let hash = 0
  for (const char of state) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % 360
  return `hsl(${hash} 60% 62%)`
}
