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

/** Reads a JSON object body; anything else is a 400 the client can act on. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text()
  if (text.trim() === '') throw new VerisimError('invalid_body', 'The request body is empty: send a JSON object.', 400)
  return parseJsonObject(text)
}

/** Like readJsonObject, but an empty body is an empty object (for optional-argument POSTs). */
export async function readOptionalJsonObject(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text()
  return text.trim() === '' ? {} : parseJsonObject(text)
}

function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new VerisimError('invalid_json', 'The request body is not valid JSON.', 400)
  }
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
