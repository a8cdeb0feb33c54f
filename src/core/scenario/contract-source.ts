/**
 * A scenario's OpenAPI spec as the Node side compiles it (`openapi.yaml` → JSON): what the
 * page needs to serve and check the spec, with no YAML, no `$ref` resolution across files and no
 * schema compiler left to run. Types only.
 */

/** A JSON Schema as the spec gives it (OpenAPI 3.0's dialect or 3.1's), references to `#/components/schemas/…` kept. */
export type JsonSchema = { [key: string]: unknown } | boolean

export type ParameterLocation = 'path' | 'query' | 'header'

export interface ParameterSource {
  name: string
  in: ParameterLocation
  required: boolean
  schema: JsonSchema | null
}

export interface RequestBodySource {
  required: boolean
  /** The media types the operation accepts, e.g. `application/json`. */
  media: string[]
  /** The JSON body's schema, when one of `media` is JSON. */
  schema: JsonSchema | null
}

export interface ResponseSource {
  /** `200`, `201`, `2XX` or `default`. */
  status: string
  /** The JSON media type it answers with, or null for a response without a JSON body. */
  media: string | null
  schema: JsonSchema | null
  /** The response's examples, in the spec's order (`example`, then each of `examples[].value`). */
  examples: unknown[]
}

/**
 * Keys of one operation's compiled validators in the validators module (null: nothing to check).
 * A validator is Ajv's standalone function: `(data) => boolean`, its `errors` set when false.
 */
export interface OperationValidators {
  /** Validates `{ path, query, header }` (header names lower-case; values coerced from strings). */
  params: string | null
  /** Validates the JSON body. */
  body: string | null
  /** By response status as in `responses[].status`. */
  responses: Record<string, string>
}

export interface OperationSource {
  /** The spec's `operationId`, else `<METHOD> <path>`. */
  id: string
  /** Upper case: `GET`, `POST`, … */
  method: string
  /** The spec's path template with its server's base path in front, e.g. `/api/loans/{loanId}`. */
  path: string
  /** `x-verisim-entity` of the operation or its path item, if given. */
  entity: string | null
  summary: string | null
  parameters: ParameterSource[]
  requestBody: RequestBodySource | null
  responses: ResponseSource[]
  validators: OperationValidators
}

export interface ContractSource {
  /** `3.0.x` or `3.1.x`, as the spec says. */
  openapi: string
  title: string
  /** Absolute origins of `servers[].url` (e.g. `http://localhost:3000`); relative ones add nothing here. */
  origins: string[]
  operations: OperationSource[]
  /** `components.schemas`, which the operations' schemas refer to as `#/components/schemas/<Name>`. */
  schemas: Record<string, JsonSchema>
  /** Initial items per entity type from the scenario's `data/<type>.yaml` files. */
  data: Record<string, unknown[]>
  /** What the compiler could not serve as written (an operation without responses, …), each naming the operation. */
  warnings: string[]
}

/**
 * The compiled validators, by key. Each is called with the value to check and returns whether it
 * conforms; when it does not, `errors` holds Ajv's errors (`instancePath`, `keyword`, `params`, `message`).
 */
export interface ValidatorError {
  instancePath: string
  keyword: string
  params: Record<string, unknown>
  message?: string
}

export type ValidateFunction = ((data: unknown) => boolean) & { errors?: ValidatorError[] | null }

export type Validators = Readonly<Record<string, ValidateFunction>>
