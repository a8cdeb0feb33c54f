/**
 * An example string for a schema: shaped by its `format` when it has one, else a readable value
 * named after the property (`name` → `Name 3`, `loan_id` → `loan-12`), then held to `minLength`,
 * `maxLength` and `pattern`.
 */
import { stringForPattern } from './pattern-string.ts'
import type { SeededRandom } from './seeded-random.ts'

/** Where the string goes: the property it is the value of and the component that property belongs to. */
export interface StringHint {
  key: string | null
  owner: string | null
}

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima']
/** Dates and times count from here, never from the wall clock, so examples stay the same. */
const BASE_MS = Date.UTC(2025, 0, 1)
const YEAR_S = 365 * 24 * 3600
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
/** Tries at making a string that matches a pattern before settling for a plain one and a warning. */
const PATTERN_TRIES = 8

function base64(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [0, 1, 2].map((k) => text.charCodeAt(i + k) & 0xff)
    const bits = (a << 16) | (b << 8) | c
    const chars = [18, 12, 6, 0].map((shift) => BASE64[(bits >> shift) & 63])
    out += chars.slice(0, Math.min(4, text.length - i + 1)).join('').padEnd(4, '=')
  }
  return out
}

function uuid(random: SeededRandom): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16))
  hex[12] = '4'
  hex[16] = random.pick(['8', '9', 'a', 'b'])
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

/** `camelCase`, `snake_case` or `kebab-case` as lower-case words. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase())
}

/** A string in `format`, or null for a format it does not know. */
function formatted(format: string, random: SeededRandom): string | null {
  const n = random.int(1, 999)
  const word = random.pick(WORDS)
  const iso = () => new Date(BASE_MS + random.int(0, YEAR_S - 1) * 1000).toISOString().replace('.000Z', 'Z')
  switch (format) {
    case 'uuid':
      return uuid(random)
    case 'date-time':
      return iso()
    case 'date':
      return iso().slice(0, 10)
    case 'time':
      return `${iso().slice(11, 19)}Z`
    case 'email':
    case 'idn-email':
      return `user${n}@example.com`
    case 'uri':
    case 'url':
    case 'iri':
    case 'uri-reference':
    case 'iri-reference':
      return `https://example.com/${word}`
    case 'hostname':
    case 'idn-hostname':
      return `${word}.example.com`
    case 'ipv4':
      return `192.0.2.${random.int(1, 254)}`
    case 'ipv6':
      return `2001:db8::${random.int(1, 0xffff).toString(16)}`
    case 'byte':
      return base64(`${word} ${n}`)
    case 'password':
      return `Passw0rd-${n}`
    case 'duration':
      return `P${random.int(1, 30)}D`
    default:
      return null
  }
}

/** A readable value named after the property it fills. */
function named(hint: StringHint, random: SeededRandom): string {
  const n = random.int(1, 99)
  if (hint.key === null) return `${random.pick(WORDS)} ${n}`
  const parts = words(hint.key)
  const last = parts[parts.length - 1]
  if (last === 'id' || last === 'ids') {
    const prefix = parts.length > 1 ? parts.slice(0, -1) : hint.owner ? words(hint.owner) : ['id']
    return `${prefix.join('-')}-${n}`
  }
  if (parts.includes('email')) return `user${n}@example.com`
  if (last !== undefined && ['url', 'uri', 'href', 'link', 'website'].includes(last)) return `https://example.com/${random.pick(WORDS)}`
  if (parts.includes('phone')) return `+1-555-01${String(n).padStart(2, '0')}`
  const text = parts.join(' ')
  return text === '' ? `${random.pick(WORDS)} ${n}` : `${text[0]?.toUpperCase()}${text.slice(1)} ${n}`
}

function fitLength(text: string, min: number, max: number): string {
  const long = text.length < min ? text.padEnd(min, 'x') : text
  return long.length > max ? long.slice(0, max) : long
}

function compile(pattern: string): RegExp | null {
  for (const flags of ['u', '']) {
    try {
      return new RegExp(pattern, flags)
    } catch {
      // Try without the unicode flag, then give up.
    }
  }
  return null
}

/** An example string for `schema`; `warn` hears what it could not honour. */
export function exampleString(schema: Record<string, unknown>, hint: StringHint, random: SeededRandom, warn: (problem: string) => void): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity
  const format = typeof schema.format === 'string' ? formatted(schema.format, random) : null
  // A format fixes its own length: cutting a uuid or a date would break it.
  const base = format ?? fitLength(named(hint, random), min, max)
  if (typeof schema.pattern !== 'string') return base
  const regex = compile(schema.pattern)
  if (regex === null) {
    warn(`pattern ${JSON.stringify(schema.pattern)} is not a regular expression`)
    return base
  }
  if (regex.test(base)) return base
  for (let i = 0; i < PATTERN_TRIES; i++) {
    const candidate = stringForPattern(schema.pattern, random)
    if (candidate === null) break
    if (regex.test(candidate) && candidate.length >= min && candidate.length <= max) return candidate
  }
  warn(`no example matching pattern ${JSON.stringify(schema.pattern)} could be made`)
  return base
}
