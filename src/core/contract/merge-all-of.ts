/**
 * `allOf` as one schema, the way a generator needs it: the branches' properties and `required`
 * joined, every other keyword from the schema itself, then from the first branch that has it.
 */
import type { JsonSchema } from '../scenario/contract-source.ts'
import { resolveRef, schemaName } from '../scenario/schema-ref.ts'

type SchemaObject = Record<string, unknown>

export interface Merged {
  schema: SchemaObject
  /** The components the branches referred to: a value made from the merge is inside each of them. */
  names: string[]
}

/** A branch's example shows the branch, not the whole: kept only when there is one branch. */
const EXAMPLE_KEYS = new Set(['example', 'examples', 'default'])

const isObject = (value: unknown): value is SchemaObject => typeof value === 'object' && value !== null && !Array.isArray(value)

function join(merged: SchemaObject, branch: SchemaObject, alone: boolean): void {
  for (const [key, value] of Object.entries(branch)) {
    if (key === 'properties' && isObject(value)) {
      const properties: SchemaObject = { ...(isObject(merged.properties) ? merged.properties : {}) }
      // A property both sides define must satisfy both.
      for (const [name, sub] of Object.entries(value)) properties[name] = name in properties ? { allOf: [properties[name], sub] } : sub
      merged.properties = properties
    } else if (key === 'required' && Array.isArray(value)) {
      merged.required = [...new Set([...(Array.isArray(merged.required) ? merged.required : []), ...value])]
    } else if (!(key in merged) && (alone || !EXAMPLE_KEYS.has(key))) {
      merged[key] = value
    }
  }
}

/**
 * `schema` with its `allOf` merged in (nested `allOf`s too). `inside` names the component
 * `schema` is, if any: a branch that refers back to a component being merged is left out, with
 * `warn`, rather than merged forever.
 */
export function mergeAllOf(schema: SchemaObject, schemas: Record<string, JsonSchema>, warn: (problem: string) => void, inside: string | null = null): Merged {
  const names = new Set<string>()
  const merge = (current: SchemaObject, chain: ReadonlySet<string>): SchemaObject => {
    const { allOf, ...merged } = current
    const branches = Array.isArray(allOf) ? (allOf as JsonSchema[]) : []
    for (const branch of branches) {
      const name = schemaName(branch)
      if (name !== null && chain.has(name)) {
        warn(`allOf of ${name} includes itself`)
        continue
      }
      if (name !== null) names.add(name)
      const resolved = resolveRef(branch, schemas)
      if (!isObject(resolved)) continue
      const flat = Array.isArray(resolved.allOf) ? merge(resolved, name === null ? chain : new Set([...chain, name])) : resolved
      join(merged, flat, branches.length === 1)
    }
    return merged
  }
  return { schema: merge(schema, new Set(inside === null ? [] : [inside])), names: [...names] }
}
