import type { JsonSchema, OperationSource, ParameterSource, RequestBodySource, ResponseSource } from './contract-types.ts'
import type { SpecDocument } from './read-spec.ts'
import { inlineRefs } from './refs.ts'
import { isObject, pointer, SpecError } from './spec-error.ts'

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']
/** Header parameters OpenAPI says to ignore: HTTP itself carries them. */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization'])

/** An operation as the compiler found it: its source, and where its schemas are in the document (for errors). */
export interface FoundOperation {
  source: OperationSource
  /** The label warnings and errors use: `GET /api/x (getX)`. */
  label: string
  /** JSON pointers of the operation and of each parameter's schema (in `source.parameters` order). */
  at: string
  parameterAt: string[]
  bodyAt: string | null
  responseAt: Record<string, string>
}

/** `application/json` and `application/<anything>+json`, parameters aside. */
export function isJsonMedia(media: string): boolean {
  const type = (media.split(';')[0] ?? '').trim().toLowerCase()
  return type === 'application/json' || /^application\/[^/]+\+json$/.test(type)
}

/** Every operation of the document, in its order, with the server's base path in front of each path. */
export function findOperations(spec: SpecDocument, basePath: string, warnings: string[]): FoundOperation[] {
  const paths = isObject(spec.document.paths) ? spec.document.paths : {}
  const found: FoundOperation[] = []
  const ids = new Map<string, string>()
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = inlineRefs(spec, rawItem, ['paths', path]) as Record<string, unknown>
    for (const method of METHODS) {
      const operation = item[method]
      if (!isObject(operation)) continue
      const at: Array<string | number> = ['paths', path, method]
      const id = typeof operation.operationId === 'string' ? operation.operationId : `${method.toUpperCase()} ${basePath}${path}`
      const label = typeof operation.operationId === 'string' ? `${method.toUpperCase()} ${path} (${id})` : `${method.toUpperCase()} ${path}`
      const other = ids.get(id)
      if (other !== undefined) throw new SpecError(spec.file, pointer([...at, 'operationId']), `operationId '${id}' is also ${other}'s: operation ids must be unique`)
      ids.set(id, label)
      const entity = operation['x-verisim-entity'] ?? item['x-verisim-entity']
      const { parameters, parameterAt } = mergeParameters(item, operation, ['paths', path], at, label, warnings)
      const body = requestBody(operation.requestBody, at)
      const responses = responseList(operation.responses, at)
      if (responses.list.length === 0) warnings.push(`${label}: has no responses; answered 501`)
      found.push({
        source: {
          id,
          method: method.toUpperCase(),
          path: `${basePath}${path}`,
          entity: typeof entity === 'string' ? entity : null,
          summary: typeof operation.summary === 'string' ? operation.summary : null,
          parameters,
          requestBody: body?.source ?? null,
          responses: responses.list,
          validators: { params: null, body: null, responses: {} },
        },
        label,
        at: pointer(at),
        parameterAt,
        bodyAt: body?.schemaAt ?? null,
        responseAt: responses.at,
      })
    }
  }
  return found
}

/** The path item's parameters and the operation's, the operation's winning on the same name and location. */
function mergeParameters(item: Record<string, unknown>, operation: Record<string, unknown>, itemAt: Array<string | number>, at: Array<string | number>, label: string, warnings: string[]) {
  const merged = new Map<string, { source: ParameterSource; at: string }>()
  for (const [list, listAt] of [[item.parameters, [...itemAt, 'parameters']], [operation.parameters, [...at, 'parameters']]] as const) {
    if (!Array.isArray(list)) continue
    list.forEach((parameter: unknown, index) => {
      if (!isObject(parameter) || typeof parameter.name !== 'string') return
      const where = parameter.in
      if (where === 'cookie') {
        warnings.push(`${label}: cookie parameter '${parameter.name}' is not checked`)
        return
      }
      if (where !== 'path' && where !== 'query' && where !== 'header') return
      const name = where === 'header' ? parameter.name.toLowerCase() : parameter.name
      if (where === 'header' && IGNORED_HEADERS.has(name)) {
        warnings.push(`${label}: header parameter '${parameter.name}' is ignored (OpenAPI leaves ${name} to HTTP)`)
        return
      }
      let schema = parameter.schema as JsonSchema | undefined
      let schemaAt = [...listAt, index, 'schema']
      if (schema === undefined && isObject(parameter.content)) {
        const [media, content] = Object.entries(parameter.content)[0] ?? []
        if (isObject(content)) {
          schema = content.schema as JsonSchema | undefined
          schemaAt = [...listAt, index, 'content', media as string, 'schema']
        }
      }
      const source: ParameterSource = { name, in: where, required: where === 'path' || parameter.required === true, schema: schema ?? null }
      merged.set(`${where}:${name}`, { source, at: pointer(schemaAt) })
    })
  }
  const entries = [...merged.values()]
  return { parameters: entries.map((e) => e.source), parameterAt: entries.map((e) => e.at) }
}

function requestBody(body: unknown, at: Array<string | number>): { source: RequestBodySource; schemaAt: string | null } | null {
  if (!isObject(body)) return null
  const content = isObject(body.content) ? body.content : {}
  const media = Object.keys(content)
  const json = media.find(isJsonMedia)
  const schema = json === undefined ? undefined : (content[json] as Record<string, unknown>).schema
  return {
    source: { required: body.required === true, media, schema: (schema as JsonSchema | undefined) ?? null },
    schemaAt: schema === undefined ? null : pointer([...at, 'requestBody', 'content', json as string, 'schema']),
  }
}

function responseList(responses: unknown, at: Array<string | number>): { list: ResponseSource[]; at: Record<string, string> } {
  const list: ResponseSource[] = []
  const schemaAt: Record<string, string> = {}
  if (!isObject(responses)) return { list, at: schemaAt }
  for (const [status, response] of Object.entries(responses)) {
    if (status.startsWith('x-') || !isObject(response)) continue
    const content = isObject(response.content) ? response.content : {}
    const media = Object.keys(content).find(isJsonMedia) ?? null
    const body = media === null ? {} : (content[media] as Record<string, unknown>)
    const examples: unknown[] = []
    if (body.example !== undefined) examples.push(body.example)
    if (isObject(body.examples)) for (const example of Object.values(body.examples)) if (isObject(example) && example.value !== undefined) examples.push(example.value)
    const schema = (body.schema as JsonSchema | undefined) ?? null
    list.push({ status, media, schema, examples })
    if (schema !== null) schemaAt[status] = pointer([...at, 'responses', status, 'content', media as string, 'schema'])
  }
  return { list, at: schemaAt }
}
