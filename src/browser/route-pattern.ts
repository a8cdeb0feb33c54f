/**
 * What an override answers: `GET /api/products/:id` (a method and a path), `/api/products` (a path,
 * any method), `https://api.example.com/v1/*` (a full URL, with or without a method) or a RegExp,
 * tested against the full URL. In a path, `:name` is one segment and `*` anything; a path
 * pattern holds on the page's origin and on every origin the scenario mocks. The query string
 * is not part of a string pattern (as in MSW); a RegExp sees it.
 */
export type RoutePattern = string | RegExp

/** A pattern as it crosses from a Playwright test to the page (a RegExp does not survive JSON). */
export type SerializedPattern = { kind: 'string'; value: string } | { kind: 'regexp'; source: string; flags: string }

export interface RouteMatcher {
  /** The pattern as written, for messages: `GET /api/products`, `/orders\/\d+/`. */
  readonly label: string
  /** Whether `method url` is the pattern's; `mocked(origin)` says which origins a path pattern holds on. */
  matches(method: string, url: URL, mocked: (origin: string) => boolean): boolean
}

const METHOD = /^([A-Za-z]+)\s+(\S.*)$/

export function serializePattern(pattern: RoutePattern): SerializedPattern {
  return typeof pattern === 'string' ? { kind: 'string', value: pattern } : { kind: 'regexp', source: pattern.source, flags: pattern.flags }
}

export function deserializePattern(pattern: SerializedPattern): RoutePattern {
  return pattern.kind === 'string' ? pattern.value : new RegExp(pattern.source, pattern.flags)
}

/** Whether two patterns are the same one (a RegExp by its source and flags), as `unroute` compares them. */
export function samePattern(a: RoutePattern, b: RoutePattern): boolean {
  const [x, y] = [serializePattern(a), serializePattern(b)]
  return x.kind === 'string' ? y.kind === 'string' && x.value === y.value : y.kind === 'regexp' && x.source === y.source && x.flags === y.flags
}

/** Compiles a pattern; a string that is neither a path nor an http(s) URL is refused with what to write instead. */
export function compilePattern(pattern: RoutePattern): RouteMatcher {
  if (pattern instanceof RegExp) {
    const regexp = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''))
    return { label: String(pattern), matches: (_method, url) => regexp.test(url.href) }
  }
  const [, method, target] = METHOD.exec(pattern.trim()) ?? [undefined, undefined, pattern.trim()]
  const wanted = method?.toUpperCase()
  const matchesMethod = (actual: string) => wanted === undefined || wanted === 'ALL' || wanted === actual.toUpperCase()
  if (/^https?:\/\//i.test(target)) {
    const full = pathRegExp(target.split(/[?#]/)[0]!)
    return { label: pattern, matches: (m, url) => matchesMethod(m) && full.test(`${url.origin}${url.pathname}`) }
  }
  if (target.startsWith('/')) {
    const path = pathRegExp(target.split(/[?#]/)[0]!)
    return { label: pattern, matches: (m, url, mocked) => matchesMethod(m) && mocked(url.origin) && path.test(url.pathname) }
  }
  throw new Error(`verisim: cannot route ${JSON.stringify(pattern)}: write a path ('/api/products/:id'), a full URL ('https://api.example.com/*'), either after a method ('GET /api/products'), or a RegExp`)
}

/** `:name` is one path segment, `*` anything (slashes included); everything else is itself. */
function pathRegExp(path: string): RegExp {
  const source = path
    .split(/(:[A-Za-z_][\w-]*|\*)/)
    .map((part) => (part === '*' ? '.*' : part.startsWith(':') && part.length > 1 ? '[^/]+' : part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}/?$`)
}
