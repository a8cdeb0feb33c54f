/** MockForge's `reality_continuum` section, compiled: how much of each route's answers come from a real backend. */
import { fail, list, nonNegative, optionalBoolean, optionalNumber, optionalRecord, optionalString, record, string } from './read-config.ts'
import { parseDuration } from './duration.ts'

export type MergeStrategy = 'field_level' | 'weighted' | 'body_blend'
export type TransitionMode = 'manual' | 'time_based' | 'scheduled'
export type TransitionCurve = 'linear' | 'exponential' | 'sigmoid'

export interface RealityRoute {
  /** `/api/users/*` (the path and everything under it) or an exact path. */
  pattern: string
  /** Null: its group's ratio. */
  ratio: number | null
  group: string | null
}

export interface RealityConfig {
  /** The real backend's origin (`upstream:`; a page's `?verisim-upstream=` overrides it); null: every answer stays mocked. */
  upstream: string | null
  defaultRatio: number
  transitionMode: TransitionMode
  /** The seed's `time_based_progression.schedule`: a ratio from each time of the (virtual) day on, by minute of the day. */
  daily: Array<{ minute: number; ratio: number }>
  /** MockForge's `time_schedule`: the ratio moves from `startRatio` to `endRatio` between two (virtual) instants. */
  timeline: { start: number; end: number; startRatio: number; endRatio: number; curve: TransitionCurve } | null
  mergeStrategy: MergeStrategy
  routes: RealityRoute[]
  groups: Record<string, number>
  /** How long an upstream answer is waited for before the mock answers instead. */
  timeoutMs: number
  /** Seeds the choice of which requests go to reality: the same seed, workspace and requests choose the same. */
  seed: string
}

const STRATEGIES: readonly MergeStrategy[] = ['field_level', 'weighted', 'body_blend']
const MODES: readonly TransitionMode[] = ['manual', 'time_based', 'scheduled']
const CURVES: readonly TransitionCurve[] = ['linear', 'exponential', 'sigmoid']
const DEFAULT_TIMEOUT_MS = 5_000

/**
 * Compiles the section; null when it is absent or `enabled: false`. Without `upstream` it is
 * valid and says once that every answer stays mocked.
 */
export function compileReality(value: unknown, seed: unknown, warnings: string[]): RealityConfig | null {
  const section = optionalRecord(value, 'reality_continuum')
  if (!section || optionalBoolean(section.enabled, 'reality_continuum.enabled') === false) return null
  const upstream = optionalString(section.upstream, 'reality_continuum.upstream')
  if (upstream === undefined) warnings.push('reality_continuum: no upstream is set, so every answer stays mocked (set reality_continuum.upstream, or open the page with ?verisim-upstream=<origin>)')
  const progression = optionalRecord(section.time_based_progression, 'reality_continuum.time_based_progression')
  const progressing = progression !== undefined && optionalBoolean(progression.enabled, 'reality_continuum.time_based_progression.enabled') !== false
  const timeout = optionalString(section.timeout, 'reality_continuum.timeout')
  return {
    upstream: upstream === undefined ? null : originOf(upstream, 'reality_continuum.upstream'),
    defaultRatio: ratioOf(section.default_ratio, 'reality_continuum.default_ratio') ?? 0,
    transitionMode: oneOf(section.transition_mode, 'reality_continuum.transition_mode', MODES) ?? (progressing ? 'time_based' : 'manual'),
    daily: progressing ? dailySchedule(progression.schedule, 'reality_continuum.time_based_progression.schedule') : [],
    timeline: timeline(section.time_schedule),
    mergeStrategy: oneOf(section.merge_strategy, 'reality_continuum.merge_strategy', STRATEGIES) ?? 'field_level',
    routes: routesOf(section.routes, groups(section.groups)),
    groups: groups(section.groups),
    timeoutMs: timeout === undefined ? DEFAULT_TIMEOUT_MS : timeoutOf(timeout),
    seed: String(optionalString(section.seed, 'reality_continuum.seed') ?? (typeof seed === 'string' || typeof seed === 'number' ? seed : 'verisim')),
  }
}

/** An http(s) origin; a path, query or fragment given with it is refused (the request's own are sent). */
export function originOf(value: string, path: string): string {
  let url: URL | null = null
  try {
    url = new URL(value)
  } catch {
    url = null
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    fail(path, 'an http(s) origin such as "http://127.0.0.1:4000"', value)
  }
  return url.origin
}

function ratioOf(value: unknown, path: string): number | undefined {
  const ratio = nonNegative(optionalNumber(value, path), path)
  if (ratio !== undefined && ratio > 1) fail(path, 'a ratio from 0 (all mock) to 1 (all real)', value)
  return ratio
}

function oneOf<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
  const given = optionalString(value, path)
  if (given !== undefined && !allowed.includes(given as T)) fail(path, `one of ${allowed.join(', ')}`, value)
  return given as T | undefined
}

function dailySchedule(value: unknown, path: string): Array<{ minute: number; ratio: number }> {
  if (value === undefined) return []
  const entries = list(value, path).map((item, i) => {
    const entry = record(item, `${path}[${i}]`)
    const time = string(entry.time, `${path}[${i}].time`)
    const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time)
    if (!match) fail(`${path}[${i}].time`, 'a time of day "HH:MM"', time)
    const ratio = ratioOf(entry.ratio, `${path}[${i}].ratio`)
    if (ratio === undefined) fail(`${path}[${i}].ratio`, 'a ratio from 0 to 1', entry.ratio)
    return { minute: Number(match[1]) * 60 + Number(match[2]), ratio }
  })
  return entries.sort((a, b) => a.minute - b.minute)
}

function timeline(value: unknown): RealityConfig['timeline'] {
  const section = optionalRecord(value, 'reality_continuum.time_schedule')
  if (!section) return null
  const instant = (key: string) => {
    const text = string(section[key], `reality_continuum.time_schedule.${key}`)
    const at = Date.parse(text)
    if (!Number.isFinite(at)) fail(`reality_continuum.time_schedule.${key}`, 'an ISO 8601 date-time', text)
    return at
  }
  const [start, end] = [instant('start_time'), instant('end_time')]
  if (end <= start) fail('reality_continuum.time_schedule.end_time', `a time after start_time (${section.start_time as string})`, section.end_time)
  return {
    start, end,
    startRatio: ratioOf(section.start_ratio, 'reality_continuum.time_schedule.start_ratio') ?? 0,
    endRatio: ratioOf(section.end_ratio, 'reality_continuum.time_schedule.end_ratio') ?? 1,
    curve: oneOf(section.curve, 'reality_continuum.time_schedule.curve', CURVES) ?? 'linear',
  }
}

/** The upstream's longest wait: 60 s (a request past it is answered by the mock). */
const LONGEST_TIMEOUT_MS = 60_000

function timeoutOf(text: string): number {
  let ms: number
  try {
    ms = parseDuration(text, 'reality_continuum.timeout')
  } catch {
    fail('reality_continuum.timeout', 'a duration such as "5s" or "1500ms"', text)
  }
  if (ms <= 0 || ms > LONGEST_TIMEOUT_MS) fail('reality_continuum.timeout', 'a duration from 1ms to 60s', text)
  return ms
}

function routesOf(value: unknown, known: Record<string, number>): RealityRoute[] {
  if (value === undefined) return []
  return list(value, 'reality_continuum.routes').flatMap((item, i) => {
    const compiled = route(item, `reality_continuum.routes[${i}]`)
    for (const rule of compiled) {
      if (rule.ratio === null && rule.group !== null && !Object.hasOwn(known, rule.group)) {
        fail(`reality_continuum.routes[${i}].group`, `a group of reality_continuum.groups (${Object.keys(known).join(', ') || 'none'}), as the route has no ratio of its own`, rule.group)
      }
    }
    return compiled
  })
}

function route(item: unknown, path: string): RealityRoute[] {
  const rule = record(item, path)
  if (optionalBoolean(rule.enabled, `${path}.enabled`) === false) return []
  const pattern = string(rule.pattern, `${path}.pattern`)
  if (!pattern.startsWith('/')) fail(`${path}.pattern`, 'a path such as "/api/users/*" or "/api/health"', pattern)
  const group = optionalString(rule.group, `${path}.group`) ?? null
  const ratio = ratioOf(rule.ratio, `${path}.ratio`) ?? null
  if (ratio === null && group === null) fail(`${path}.ratio`, 'a ratio from 0 to 1 (or a group whose ratio it takes)', rule.ratio)
  return [{ pattern, ratio, group }]
}

function groups(value: unknown): Record<string, number> {
  const section = optionalRecord(value, 'reality_continuum.groups') ?? {}
  const result: Record<string, number> = {}
  for (const [name, ratio] of Object.entries(section)) {
    const checked = ratioOf(ratio, `reality_continuum.groups.${name}`)
    if (checked === undefined) fail(`reality_continuum.groups.${name}`, 'a ratio from 0 to 1', ratio)
    Object.defineProperty(result, name, { value: checked, enumerable: true, writable: true, configurable: true })
  }
  return result
}
