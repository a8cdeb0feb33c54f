import { fullFormats } from 'ajv-formats/dist/formats.js'
import type { JsonSchema } from './contract-types.ts'
import { schemaRefName } from './refs.ts'
import { isObject } from './spec-error.ts'

/*
 * A spec's Schema objects as Ajv compiles them. OpenAPI 3.0's dialect becomes JSON Schema
 * (draft-07): `nullable` adds `null`, a boolean `exclusiveMinimum`/`exclusiveMaximum` becomes the
 * number form, and annotations JSON Schema lacks (`example`, `discriminator`, `xml`,
 * `externalDocs`, `deprecated`, `x-…`) are left out. 3.1's dialect is JSON Schema 2020-12 already.
 * In both, a request need not carry `readOnly` properties and a response need not carry
 * `writeOnly` ones, and a format Verisim does not know is left unchecked (with a warning).
 */

export type Direction = 'request' | 'response'

/** Formats the compiled validators check: ajv-formats' full set, which has OpenAPI's own (int32, int64, float, double, byte, binary, password). */
export const KNOWN_FORMATS: ReadonlySet<string> = new Set(Object.keys(fullFormats))

export interface ConvertOptions {
  dialect: '3.0' | '3.1'
  direction: Direction
  /** The `$ref` that a component schema's reference becomes in the compiled schema. */
  componentRef(name: string): string
  /** A component schema by name (to see whether a property it makes is readOnly or writeOnly). */
  component(name: string): JsonSchema | undefined
  unknownFormat(format: string, at: string): void
}

const DROPPED = new Set(['example', 'discriminator', 'xml', 'externalDocs', 'deprecated'])
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'])
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems'])
const SCHEMA_VALUES = new Set(['items', 'additionalItems', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties'])

/** The schema as the validators compile it, `at` naming where it is (for warnings). */
export function toJsonSchema(schema: JsonSchema, options: ConvertOptions, at: string): JsonSchema {
  if (!isObject(schema)) return schema
  const name = schemaRefName(schema.$ref)
  // In 3.0 a $ref's siblings are ignored; in 3.1 they apply beside it.
  if (name !== null && options.dialect === '3.0') return { $ref: options.componentRef(name) }
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(schema)) {
    const here = `${at}/${key}`
    if (key.startsWith('x-') || (options.dialect === '3.0' && (DROPPED.has(key) || key === 'nullable'))) continue
    if (key === 'discriminator' || key === 'xml' || key === 'externalDocs') continue
    if (key === '$ref') out.$ref = name === null ? value : options.componentRef(name)
    else if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v as JsonSchema, options, `${here}/${k}`)]))
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map((v, i) => toJsonSchema(v as JsonSchema, options, `${here}/${i}`))
    } else if (SCHEMA_VALUES.has(key) && (isObject(value) || typeof value === 'boolean')) {
      out[key] = toJsonSchema(value, options, here)
    } else if (key === 'items' && Array.isArray(value)) {
      out[key] = value.map((v, i) => toJsonSchema(v as JsonSchema, options, `${here}/${i}`))
    } else if (key === 'format' && typeof value === 'string' && !KNOWN_FORMATS.has(value)) {
      options.unknownFormat(value, here)
    } else out[key] = value
  }
  if (options.dialect === '3.0') exclusiveBounds(out)
  if (Array.isArray(out.required) && isObject(out.properties)) {
    const skipped = options.direction === 'request' ? 'readOnly' : 'writeOnly'
    const properties = schema.properties as Record<string, JsonSchema>
    out.required = out.required.filter((property) => !flagged(properties[property as string], skipped, options))
  }
  return options.dialect === '3.0' && schema.nullable === true ? nullable(out) : out
}

/** 3.0's `minimum: 5, exclusiveMinimum: true` is JSON Schema's `exclusiveMinimum: 5`. */
function exclusiveBounds(schema: Record<string, unknown>): void {
  for (const [bound, exclusive] of [['minimum', 'exclusiveMinimum'], ['maximum', 'exclusiveMaximum']] as const) {
    if (typeof schema[exclusive] !== 'boolean') continue
    if (schema[exclusive] === true && typeof schema[bound] === 'number') {
      schema[exclusive] = schema[bound]
      delete schema[bound]
    } else delete schema[exclusive]
  }
}

/** 3.0's `nullable: true`: null is also valid. */
function nullable(schema: Record<string, unknown>): JsonSchema {
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null]
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] }
  if (Array.isArray(schema.type)) return schema.type.includes('null') ? schema : { ...schema, type: [...schema.type, 'null'] }
  // No type to widen (a $ref or an allOf): null or the schema.
  return { anyOf: [{ type: 'null' }, schema] }
}

/** Whether a property's schema (or the component it refers to) is marked `readOnly` / `writeOnly`. */
function flagged(schema: JsonSchema | undefined, flag: 'readOnly' | 'writeOnly', options: ConvertOptions): boolean {
  if (!isObject(schema)) return false
  if (schema[flag] === true) return true
  const name = schemaRefName(schema.$ref)
  const target = name === null ? undefined : options.component(name)
  return isObject(target) && target[flag] === true
}
