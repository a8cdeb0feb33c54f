import { seededRandom } from '../contract/seeded-random.ts'
import type { RealityConfig, RealityRoute, TransitionCurve } from '../scenario/reality-config.ts'

/** Where a ratio came from: a hand-set one, the route's rule, its group, the schedule, or the default. */
export type RatioSource = 'manual' | 'route' | 'group' | 'schedule' | 'default'

export interface RatioAt {
  ratio: number
  source: RatioSource
  /** The pattern that decided it (a hand-set or configured route), null for the workspace-wide ones. */
  route: string | null
}

/** The key of a hand-set ratio for every route no other pattern names. */
export const EVERY_ROUTE = '*'

const DAY_MS = 86_400_000

/** Whether `pattern` (`/api/users/*`: the path and all below it; else exact) covers `path`. */
export function covers(pattern: string, path: string): boolean {
  if (!pattern.endsWith('/*')) return pattern === path
  const prefix = pattern.slice(0, -2)
  return path === prefix || path.startsWith(`${prefix}/`)
}

/** The most specific of `patterns` covering `path`: an exact one, else the longest prefix. */
export function mostSpecific(patterns: readonly string[], path: string): string | null {
  let best: string | null = null
  for (const pattern of patterns) {
    if (!covers(pattern, path)) continue
    if (best === null || specificity(pattern) > specificity(best)) best = pattern
  }
  return best
}

function specificity(pattern: string): number {
  return pattern.endsWith('/*') ? pattern.length - 2 : Number.MAX_SAFE_INTEGER
}

/**
 * The share of `path`'s answers that come from reality at calendar instant `at` (the workspace's
 * virtual time, so moving the clock turns the dial): a ratio set by hand for the most specific
 * pattern covering the path, else the configured route's (or its group's), else one set by hand
 * for every route, else the schedule's for that time, else `default_ratio`.
 */
export function ratioAt(config: RealityConfig, path: string, at: number, manual: Readonly<Record<string, number>> = {}): RatioAt {
  const byHand = mostSpecific(Object.keys(manual).filter((key) => key !== EVERY_ROUTE), path)
  if (byHand !== null) return { ratio: manual[byHand] as number, source: 'manual', route: byHand }
  const rule = routeOf(config.routes, path)
  if (rule) {
    if (rule.ratio !== null) return { ratio: rule.ratio, source: 'route', route: rule.pattern }
    if (rule.group !== null && Object.hasOwn(config.groups, rule.group)) return { ratio: config.groups[rule.group] as number, source: 'group', route: rule.pattern }
  }
  if (Object.hasOwn(manual, EVERY_ROUTE)) return { ratio: manual[EVERY_ROUTE] as number, source: 'manual', route: null }
  const scheduled = scheduleAt(config, at)
  if (scheduled !== null) return { ratio: scheduled, source: 'schedule', route: null }
  return { ratio: config.defaultRatio, source: 'default', route: null }
}

function routeOf(routes: readonly RealityRoute[], path: string): RealityRoute | null {
  const pattern = mostSpecific(routes.map((r) => r.pattern), path)
  return pattern === null ? null : (routes.find((r) => r.pattern === pattern) ?? null)
}

/**
 * The schedule's ratio at `at`, or null when none applies: `time_based` reads the ratio of the
 * time of day (the last entry at or before it; before the first, the day's last), `scheduled`
 * MockForge's `time_schedule` (from start_ratio to end_ratio along its curve); each falls back
 * on the other when only that one is given. `manual` uses neither.
 */
export function scheduleAt(config: RealityConfig, at: number): number | null {
  if (config.transitionMode === 'manual') return null
  const daily = () => dailyAt(config.daily, at)
  const timeline = () => (config.timeline ? timelineAt(config.timeline, at) : null)
  return config.transitionMode === 'time_based' ? (daily() ?? timeline()) : (timeline() ?? daily())
}

function dailyAt(entries: RealityConfig['daily'], at: number): number | null {
  if (entries.length === 0) return null
  const minute = Math.floor((((at % DAY_MS) + DAY_MS) % DAY_MS) / 60_000)
  let current = entries[entries.length - 1] as { ratio: number }
  for (const entry of entries) if (entry.minute <= minute) current = entry
  return current.ratio
}

function timelineAt(timeline: NonNullable<RealityConfig['timeline']>, at: number): number {
  const progress = Math.min(1, Math.max(0, (at - timeline.start) / (timeline.end - timeline.start)))
  return timeline.startRatio + (timeline.endRatio - timeline.startRatio) * curved(timeline.curve, progress)
}

function curved(curve: TransitionCurve, p: number): number {
  if (curve === 'linear') return p
  if (curve === 'exponential') return p * p
  // A logistic curve scaled to pass through 0 and 1.
  const s = (x: number) => 1 / (1 + Math.exp(-12 * (x - 0.5)))
  return (s(p) - s(0)) / (s(1) - s(0))
}

/**
 * Whether the `n`th request of the workspace goes to reality at `ratio`: 1 always, 0 never, and in
 * between a draw fixed by the seed, the workspace and `n`, so the same requests choose the same
 * and, over many, the share matches the ratio.
 */
export function goesToReality(seed: string, workspace: string, n: number, ratio: number): boolean {
  if (ratio >= 1) return true
  if (ratio <= 0) return false
  return drawFor(seed, workspace, n) < ratio
}

/** A number in [0, 1) fixed by its key's parts. */
export function drawFor(...parts: ReadonlyArray<string | number>): number {
  return seededRandom(parts.join('\u0000')).next()
}
