/** References between a spec's schemas: `{ $ref: '#/components/schemas/Name' }`, the only kind the compiled spec keeps. */
import { VerisimError } from '../errors.ts'
import type { JsonSchema } from './contract-source.ts'

const COMPONENT_PREFIX = '#/components/schemas/'

/** The `$ref` of a schema object, if it has one. */
function refOf(schema: JsonSchema | null | undefined): string | null {
  if (typeof schema !== 'object' || schema === null) return null
  return typeof schema.$ref === 'string' ? schema.$ref : null
}

/** A JSON pointer token as written in a URI fragment: percent-encoded, `~1` for `/`, `~0` for `~`. */
function decodeToken(token: string): string {
  let text = token
  try {
    text = decodeURIComponent(token)
  } catch {
    // Not percent-encoded after all: read it as written.
  }
  return text.replaceAll('~1', '/').replaceAll('~0', '~')
}

/** `Name` when `schema` is a reference to `#/components/schemas/Name`, else null. */
export function schemaName(schema: JsonSchema | null | undefined): string | null {
  const ref = refOf(schema)
  if (ref === null || !ref.startsWith(COMPONENT_PREFIX)) return null
  const token = ref.slice(COMPONENT_PREFIX.length)
  return token === '' || token.includes('/') ? null : decodeToken(token)
}

/**
 * The schema that `schema` stands for: itself when it is no reference, else the component it
 * names, following references to references. Throws `invalid_spec` for a reference to a schema the
 * contract does not have, one outside `#/components/schemas/`, or references that only name each other.
 */
export function resolveRef(schema: JsonSchema, schemas: Readonly<Record<string, JsonSchema>>): JsonSchema {
  let current = schema
  const seen: string[] = []
  for (let ref = refOf(current); ref !== null; ref = refOf(current)) {
    const name = schemaName(current)
    if (name === null) {
      throw new VerisimError('invalid_spec', `Cannot follow the schema reference '${ref}': only references to #/components/schemas/<Name> are supported`)
    }
    if (seen.includes(name)) {
      throw new VerisimError('invalid_spec', `The schema references ${[...seen, name].map((n) => `'${n}'`).join(' → ')} only name each other: none of them is a schema`)
    }
    seen.push(name)
    const target = Object.hasOwn(schemas, name) ? schemas[name] : undefined
    if (target === undefined) {
      throw new VerisimError('invalid_spec', `The schema reference '${ref}' names no schema in components.schemas`)
    }
    current = target
  }
  return current
}

/** An object schema's properties, `allOf` branches merged (resolved through references). */
export function propertiesOf(schema: JsonSchema, schemas: Readonly<Record<string, JsonSchema>>): { properties: Record<string, JsonSchema>; required: string[] } {
  const resolved = resolveRef(schema, schemas)
  if (typeof resolved !== 'object') return { properties: {}, required: [] }
  const properties: Record<string, JsonSchema> = { ...(resolved.properties as Record<string, JsonSchema> | undefined) }
  const required = Array.isArray(resolved.required) ? resolved.required.filter((r): r is string => typeof r === 'string') : []
  for (const branch of Array.isArray(resolved.allOf) ? (resolved.allOf as JsonSchema[]) : []) {
    const merged = propertiesOf(branch, schemas)
    Object.assign(properties, merged.properties)
    required.push(...merged.required)
  }
  return { properties, required: [...new Set(required)] }
}

/** `LoanRequest` → `loan_request`: the entity type a component schema names. */
export function typeName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9_]+/g, '_').toLowerCase()
}

/** `loan` → `loans`, `category` → `categories`, `box` → `boxes`. */
export function plural(word: string): string {
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`
  return `${word}s`
}

/** `loans` → `loan`, `categories` → `category`. */
export function singular(word: string): string {
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`
  if (/(ses|xes|zes|ches|shes)$/.test(word)) return word.slice(0, -2)
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1)
  return word
}
