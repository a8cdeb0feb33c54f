// Every date is shown in UTC: the mock's clock is virtual, and a demo reads the same everywhere.

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
const dateOnly = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })
const timeOnly = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'UTC' })
const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' })

export function formatTime(iso: string | number): string {
  return `${dateTime.format(new Date(iso))} UTC`
}

/** The clock's face: `Mon, 27 Jan 2025` and `00:00:00 UTC`. */
export function clockFace(ms: number): { date: string; time: string } {
  return { date: dateOnly.format(ms), time: `${timeOnly.format(ms)} UTC` }
}

export function formatMoney(amount: number): string {
  return money.format(amount)
}

/** `past_due` → `Past due`. */
export function humanize(state: string): string {
  const words = state.replace(/[_-]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

/** `1 day`, `3 days`, `12 hours`, `immediately`. */
export function formatDelay(ms: number): string {
  if (ms <= 0) return 'immediately'
  if (ms % DAY_MS === 0) return plural(ms / DAY_MS, 'day')
  if (ms % HOUR_MS === 0) return plural(ms / HOUR_MS, 'hour')
  return plural(Math.round(ms / 60_000), 'minute')
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`
}
