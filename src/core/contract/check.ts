/** Holding one request or response to an operation of the spec, with the compiled validators. */
import type { ValidatorError, Validators } from '../scenario/contract-source.ts'
import type { ContractOperation } from '../scenario/contract.ts'

/** Why a request breaks the spec: answered 400 (or 415) before any route runs. */
export interface RequestViolation {
  status: 400 | 415
  error: 'validation_failed' | 'unsupported_media_type' | 'invalid_json'
  message: string
  /** The parameter's name, or the body's JSON path (`items[2].quantity`); empty for the body as a whole. */
  field: string
}

export interface RequestParts {
  params: Readonly<Record<string, string>>
  query: URLSearchParams
  headers: Headers
  /** The media type the body was sent as (no parameters), or null without a body. */
  mediaType: string | null
  /** The body's text, or null without one. */
  body: string | null
  /** The body already parsed, when the caller has it (it is parsed here otherwise). */
  json?: unknown
}

/** `application/json`, `application/merge-patch+json`, `text/json`… */
export function isJsonMedia(media: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json$|^text\/json$/.test(media)
}

export function checkRequest(op: ContractOperation, validators: Validators, parts: RequestParts): RequestViolation | null {
  const paramsKey = op.validators.params
  if (paramsKey) {
    const validate = validators[paramsKey]
    const input = paramInput(op, parts)
    if (validate && !validate(input)) {
      const error = validate.errors?.[0]
      const field = error ? paramName(error) : ''
      const where = op.parameters.find((p) => p.name.toLowerCase() === field.toLowerCase())?.in ?? 'parameter'
      return { status: 400, error: 'validation_failed', field, message: `${where === 'parameter' ? 'Parameter' : `The ${where} parameter`} '${field}' ${describe(error)}.` }
    }
  }
  const spec = op.requestBody
  if (!spec) return null
  if (parts.body === null || parts.body.trim() === '') {
    return spec.required ? { status: 400, error: 'validation_failed', field: '', message: `${op.method} ${op.path} needs a request body (${spec.media.join(' or ')}).` } : null
  }
  const media = parts.mediaType ?? 'application/json'
  if (spec.media.length > 0 && !spec.media.some((m) => m === media || m === '*/*' || (m.endsWith('/*') && media.startsWith(m.slice(0, -1))))) {
    return { status: 415, error: 'unsupported_media_type', field: '', message: `${op.method} ${op.path} accepts ${spec.media.join(', ')}, not ${media}: send Content-Type: ${spec.media[0]}.` }
  }
  const bodyKey = op.validators.body
  const validate = bodyKey ? validators[bodyKey] : undefined
  if (!validate || !isJsonMedia(media)) return null
  let value = parts.json
  if (value === undefined) {
    try {
      value = JSON.parse(parts.body)
    } catch {
      return { status: 400, error: 'invalid_json', field: '', message: 'The request body is not valid JSON.' }
    }
  }
  if (validate(value)) return null
  const error = validate.errors?.[0]
  const field = error ? bodyPath(error) : ''
  return { status: 400, error: 'validation_failed', field, message: `${field ? `'${field}'` : 'The request body'} ${describe(error)}.` }
}

/**
 * The first way a response body breaks the operation's schema for its status, or null when it
 * conforms (or the spec says nothing of that status).
 */
export function checkResponse(op: ContractOperation, validators: Validators, status: number, body: unknown): string | null {
  const response = responseFor(op, status)
  if (!response) return /^2/.test(String(status)) ? `status ${status} is not one the spec gives (${op.responses.map((r) => r.status).join(', ')})` : null
  const key = op.validators.responses[response.status]
  const validate = key ? validators[key] : undefined
  if (!validate || validate(body)) return null
  const error = validate.errors?.[0]
  const field = error ? bodyPath(error) : ''
  return `${field ? `'${field}'` : 'the body'} ${describe(error)}`
}

/** The response an operation answers with when it succeeds: its first 2xx, else its `default`, else its first. */
export function firstResponse(op: ContractOperation): ContractOperation['responses'][number] | undefined {
  return op.responses.find((r) => /^2/.test(r.status)) ?? op.responses.find((r) => r.status === 'default') ?? op.responses[0]
}

/** The spec's response for a status: exactly, else its class (`2XX`), else `default`. */
export function responseFor(op: ContractOperation, status: number): ContractOperation['responses'][number] | undefined {
  const code = String(status)
  return op.responses.find((r) => r.status === code) ?? op.responses.find((r) => r.status.toUpperCase() === `${code[0]}XX`) ?? op.responses.find((r) => r.status === 'default')
}

function paramInput(op: ContractOperation, parts: RequestParts): Record<string, Record<string, unknown>> {
  const input: Record<string, Record<string, unknown>> = { path: {}, query: {}, header: {} }
  for (const param of op.parameters) {
    if (param.in === 'path') {
      const value = parts.params[param.name]
      if (value !== undefined) input.path![param.name] = value
    } else if (param.in === 'query') {
      const values = parts.query.getAll(param.name)
      if (values.length > 0) input.query![param.name] = isArraySchema(param.schema) ? values : values[0]
    } else {
      const value = parts.headers.get(param.name)
      if (value !== null) input.header![param.name.toLowerCase()] = value
    }
  }
  return input
}

function isArraySchema(schema: unknown): boolean {
  if (!schema || typeof schema !== 'object') return false
  const type = (schema as { type?: unknown }).type
  return type === 'array' || (Array.isArray(type) && type.includes('array'))
}

/** `/query/limit` or a missing `limit` under `/query` → `limit`. */
function paramName(error: ValidatorError): string {
  const segments = pointer(error.instancePath).slice(1)
  const missing = error.params.missingProperty
  return String(segments[0] ?? missing ?? '')
}

/** `/items/2/quantity` → `items[2].quantity`; a missing or extra property is named too. */
export function bodyPath(error: ValidatorError): string {
  const segments = pointer(error.instancePath)
  const named = error.params.missingProperty ?? error.params.additionalProperty ?? error.params.unevaluatedProperty
  if (typeof named === 'string') segments.push(named)
  return segments.reduce<string>((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '')
}

function pointer(path: string): string[] {
  return path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
}

/** Ajv's message, made whole: which values an enum allows, which property is extra or missing. */
function describe(error: ValidatorError | undefined): string {
  if (!error) return 'does not match the spec'
  const { keyword, params } = error
  if (keyword === 'required') return 'is required'
  if (keyword === 'additionalProperties' || keyword === 'unevaluatedProperties') return 'is not allowed (the schema admits no other properties)'
  if (keyword === 'enum' && Array.isArray(params.allowedValues)) return `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
  if (keyword === 'type') return `must be ${String(params.type).replace(/,/g, ' or ')}`
  if (keyword === 'format') return `must be a valid ${String(params.format)}`
  return error.message ?? `breaks the schema's ${keyword}`
}
