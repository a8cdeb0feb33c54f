/** A mistake in a scenario's OpenAPI document or data files: names the file and where in it (a JSON pointer). */
export class SpecError extends Error {
  constructor(
    readonly file: string,
    /** A JSON pointer into the file (`#/paths/~1api~1orders/post`), or empty for the whole file. */
    readonly at: string,
    readonly reason: string,
  ) {
    super(`verisim: ${file}: ${at === '' ? '' : `at ${at}: `}${reason}`)
    this.name = 'SpecError'
  }
}

/** `#/paths/~1api~1orders/post` from `['paths', '/api/orders', 'post']`. */
export function pointer(segments: ReadonlyArray<string | number>): string {
  return `#${segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')}`
}

/** The segments of a local `$ref` (`#/components/schemas/Loan` → `['components', 'schemas', 'Loan']`). */
export function refSegments(ref: string): string[] {
  const fragment = ref.slice(1)
  if (fragment === '' || fragment === '/') return fragment === '' ? [] : ['']
  return fragment
    .slice(1)
    .split('/')
    .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'))
}

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)
