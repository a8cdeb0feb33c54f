import type { SpecDocument } from './read-spec.ts'
import { isObject, pointer, SpecError } from './spec-error.ts'

/** A server's URL with its variables at their defaults. */
function serverUrl(server: Record<string, unknown>): string {
  const variables = isObject(server.variables) ? server.variables : {}
  return String(server.url).replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name]
    return isObject(variable) && variable.default !== undefined ? String(variable.default) : whole
  })
}

/**
 * The absolute origins of `servers[].url`, and the base path every operation's path gets: the
 * path of the first server's URL (`http://localhost:3000/v1` → `/v1`), or none.
 */
export function servers(spec: SpecDocument): { origins: string[]; basePath: string } {
  const list = Array.isArray(spec.document.servers) ? spec.document.servers.filter(isObject) : []
  const origins: string[] = []
  let basePath = ''
  list.forEach((server, index) => {
    const raw = serverUrl(server)
    let url: URL
    let absolute = true
    try {
      url = new URL(raw)
    } catch {
      absolute = false
      url = new URL(raw, 'http://relative.invalid')
    }
    if (absolute && !/^https?:$/.test(url.protocol)) throw new SpecError(spec.file, pointer(['servers', index, 'url']), `server URL '${raw}' is not http(s)`)
    if (absolute && !origins.includes(url.origin)) origins.push(url.origin)
    if (index === 0) basePath = decodeURI(url.pathname).replace(/\/+$/, '')
  })
  return { origins, basePath }
}
