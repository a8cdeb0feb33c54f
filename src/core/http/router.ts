import { VerisimError } from '../errors.ts'
/** A small method + path router. Patterns use `:name` segments; a trailing `*` matches the rest. */
export type Params = Record<string, string>

interface Route<H> {
  method: string
  segments: string[]
  handler: H
}

export interface Match<H> {
  handler: H
  params: Params
}

export class Router<H> {
  readonly #routes: Array<Route<H>> = []

  add(method: string, pattern: string, handler: H): this {
    this.#routes.push({ method: method.toUpperCase(), segments: split(pattern), handler })
    return this
  }

  /** `undefined` when no route has the path; `'method'` when the path exists for other methods. */
  match(method: string, path: string): Match<H> | 'method' | undefined {
    const segments = split(path)
    let pathMatched = false
    for (const route of this.#routes) {
      const params = matchSegments(route.segments, segments)
      if (!params) continue
      if (route.method === method.toUpperCase()) return { handler: route.handler, params }
      pathMatched = true
    }
    return pathMatched ? 'method' : undefined
  }

  /** Every route, as `method` and `pattern` (`/api/orders/:id`), in the order they were added. */
  routes(): Array<{ method: string; pattern: string }> {
    return this.#routes.map((r) => ({ method: r.method, pattern: `/${r.segments.join('/')}` }))
  }

  methodsFor(path: string): string[] {
    const segments = split(path)
    return this.#routes.filter((r) => matchSegments(r.segments, segments)).map((r) => r.method)
  }
}

function split(path: string): string[] {
  return path.split('/').filter(Boolean)
}

function matchSegments(pattern: string[], path: string[]): Params | undefined {
  const params: Params = {}
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i] ?? ''
    if (part === '*') {
      params['*'] = path.slice(i).join('/')
      return params
    }
    const actual = path[i]
    if (actual === undefined) return undefined
    if (part.startsWith(':')) params[part.slice(1)] = decodeSegment(actual, path)
    else if (part !== actual) return undefined
  }
  return pattern.length === path.length ? params : undefined
}

/** A path segment's text; a malformed escape (`%`, `%E0%A4%A`) is the client's mistake, a 400. */
function decodeSegment(segment: string, path: string[]): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw new VerisimError(
      'invalid_path',
      `The path /${path.join('/')} has a malformed percent-escape in ${JSON.stringify(segment)}: '%' must start an escape of UTF-8 bytes such as %20 (send a literal '%' as %25).`,
      400,
    )
  }
}
