/** References between a spec's schemas: `{ $ref: '#/components/schemas/Name' }`, the only kind the compiled spec keeps. */
import { VerisimError } from '../errors.ts'
import type { JsonSchema } from './contract-source.ts'

const COMPONENT = '#/components/schemas/'

/** `Name` when the schema is a reference to a component schema, else null. */
export function schemaName(schema: JsonSchema | null | undefined): string | null {
  if (!schema || typeof schema !== 'object') return null
  const ref = schema.$ref
  return typeof ref === 'string' && ref.startsWith(COMPONENT) ? decodeURIComponent(ref.slice(COMPONENT.length)) : null
}

/** The schema a reference chain ends at (the schema itself when it is no reference). */
export function resolveRef(schema: JsonSchema, schemas: Readonly<Record<string, JsonSchema>>): JsonSchema {
  let current = schema
  for (let hops = 0; ; hops++) {
    const name = schemaName(current)
    if (name === null) return current
    const next = schemas[name]
    if (next === undefined) throw new VerisimError('invalid_spec', `The spec refers to ${COMPONENT}${name}, which it does not define.`, 500)
    if (hops > 64) throw new VerisimError('invalid_spec', `The spec's reference to ${COMPONENT}${name} never ends in a schema.`, 500)
    current = next
  }
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
