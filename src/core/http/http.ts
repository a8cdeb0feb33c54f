import { VerisimError } from '../errors.ts'
import { errorBody, type WireBody } from '../wire/wire.ts'

/** An HTTP answer. Its body is one of the wire's named bodies: a shape wire/ does not name does not compile. */
export function json(body: WireBody, status = 200, headers?: Record<string, string>): Response {
  const response = new Response(JSON.stringify(body), { status, headers })
  response.headers.set('Content-Type', 'application/json')
  sent.set(response, body)
  return response
}

/** Bodies as the routes made them: checking an answer against the spec needs no parse of its text. */
const sent = new WeakMap<Response, WireBody>()

/** The body `json()` made a response with, if it did. */
export function sentBody(response: Response): WireBody | undefined {
  return sent.get(response)
}

export function errorResponse(error: VerisimError): Response {
  return json(errorBody(error), error.status)
}

/** The largest JSON body the mock reads (8 MiB): a larger one is a 413. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024
/** The deepest nesting of arrays and objects a JSON body may have: a deeper one is a 400, not a stack overflow later on. */
export const MAX_BODY_DEPTH = 100

/** Reads a JSON object body; anything else is a 400 the client can act on. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const text = await readBodyText(request)
  if (text.trim() === '') throw new VerisimError('invalid_body', 'The request body is empty: send a JSON object.', 400)
  return jsonObject(await readJsonBody(request))
}

/** Like readJsonObject, but an empty body is an empty object (for optional-argument POSTs). */
export async function readOptionalJsonObject(request: Request): Promise<Record<string, unknown>> {
  const text = await readBodyText(request)
  return text.trim() === '' ? {} : jsonObject(await readJsonBody(request))
}

/*
 * A request's body is read and parsed once, whoever asks first (the contract gate before the
 * route, then the route): the same text, the same parsed value.
 */
const texts = new WeakMap<Request, Promise<string>>()
const parsed = new WeakMap<Request, Promise<unknown>>()

/**
 * A request body's text, refused with 413 past `limit` (by its Content-Length when it has one,
 * before reading it): MAX_BODY_BYTES but for a snapshot's export (MAX_DOCUMENT_BYTES).
 */
export function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<string> {
  let text = texts.get(request)
  if (!text) {
    text = readLimited(request, limit)
    texts.set(request, text)
  }
  return text
}

/** The largest snapshot export the mock imports (256 MiB): a world of a few hundred thousand entities. */
export const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024

/** A request's body parsed as JSON within the mock's limits (see parseJsonText); undefined when it is empty. */
export function readJsonBody(request: Request): Promise<unknown> {
  let value = parsed.get(request)
  if (!value) {
    value = readBodyText(request).then((text) => (text.trim() === '' ? undefined : parseJsonText(text)))
    parsed.set(request, value)
  }
  return value
}

async function readLimited(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('Content-Length') ?? Number.NaN)
  if (declared > limit) throw tooLarge(declared, limit)
  const text = await request.text()
  if (text.length > limit) throw tooLarge(text.length, limit)
  return text
}

/** Parses JSON text within the mock's limits: past MAX_BODY_DEPTH of nesting is a 400 `body_too_deep`, malformed text `invalid_json`. */
export function parseJsonText(text: string): unknown {
  if (text.length > MAX_BODY_BYTES) throw tooLarge(text.length)
  if (depthOf(text) > MAX_BODY_DEPTH) {
    throw new VerisimError('body_too_deep', `The request body nests arrays and objects more than ${MAX_BODY_DEPTH} deep.`, 400)
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new VerisimError('invalid_json', 'The request body is not valid JSON.', 400)
  }
}

function tooLarge(size: number, limit = MAX_BODY_BYTES): VerisimError {
  return new VerisimError('body_too_large', `The request body is ${size} bytes; the mock reads at most ${limit}.`, 413)
}

/** The deepest nesting of `[` and `{` in JSON text (strings skipped), stopping early past the limit. */
function depthOf(text: string): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++ // a backslash escapes the next character
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 91 || c === 123) {
      if (++depth > deepest) deepest = depth
      if (deepest > MAX_BODY_DEPTH) return deepest
    } else if (c === 93 || c === 125) depth--
  }
  return deepest
}

function jsonObject(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new VerisimError('invalid_body', 'The request body must be a JSON object.', 400)
  }
  return value as Record<string, unknown>
}

export function requireString(body: Record<string, unknown>, field: string): string {
  const value = body[field]
  if (typeof value !== 'string' || value.trim() === '') {
    throw new VerisimError('validation_error', `'${field}' is required and must be a non-empty string.`, 400, field)
  }
  return value
}
