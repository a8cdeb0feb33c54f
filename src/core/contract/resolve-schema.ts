/**
 * References between a contract's schemas. The compiled contract keeps `#/components/schemas/<Name>`
 * references as the spec wrote them; these follow them to the schema they name.
 */
import { VerisimError } from '../errors.ts'
import type { JsonSchema } from '../scenario/contract-source.ts'

const COMPONENT_PREFIX = '#/components/schemas/'

/** The `$ref` of a schema object, if it has one. */
function refOf(schema: JsonSchema): string | null {
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
export function schemaName(schema: JsonSchema): string | null {
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
export function resolveRef(schema: JsonSchema, schemas: Record<string, JsonSchema>): JsonSchema {
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
