/**
 * Example values for a contract's JSON Schemas (OpenAPI 3.0's dialect or 3.1's), made from a seed:
 * the same schema and seed give the same value, on every run. What a schema gives wins (`example`,
 * `examples[0]`, `default`, `const`, `enum`); the rest is made up to fit it, small, with a warning
 * for each part that could not be made to fit, at its JSON path. Each value draws from the seed and
 * its path, so a property keeps its value when the schema changes elsewhere.
 */
import type { JsonSchema } from '../scenario/contract-source.ts'
import { exampleNumber } from './example-number.ts'
import { exampleString } from './example-string.ts'
import { mergeAllOf } from './merge-all-of.ts'
import { resolveRef, schemaName } from '../scenario/schema-ref.ts'
import { seededRandom, type SeededRandom } from './seeded-random.ts'

export interface GenerateOptions {
  /** The contract's `components.schemas`, which `$ref`s name. */
  schemas: Record<string, JsonSchema>
  seed: string
  /**
   * How many times one component may be entered inside itself (default 6). Deeper, an optional
   * property is left out; a required one is null (an array, []) with a warning.
   */
  maxDepth?: number
}

export interface Generated {
  value: unknown
  /** What could not be generated as the schema says, each with its JSON path (`items[0].author`). */
  warnings: string[]
}

type SchemaObject = Record<string, unknown>

/** Component references one value may resolve in all: mutual recursion could grow a value past any use. */
const MAX_REFS = 1000
/** Warnings one value reports in full: a wide recursive schema stops in many places alike. */
const MAX_WARNINGS = 20
/** Keys that say nothing of a value's shape: a `oneOf` or `allOf` with only these beside it is just its branch. */
const ANNOTATIONS = new Set(['title', 'description', 'discriminator', 'nullable', 'readOnly', 'writeOnly', 'deprecated', 'externalDocs', 'xml'])

/** A value not made: a component recurs too deep (or the value grew too large); `fallback` stands in when it is required. */
class Stopped {
  constructor(
    readonly name: string,
    readonly fallback: null | [],
    readonly reason: 'cycle' | 'size',
  ) {}
}

interface Walk {
  schemas: Record<string, JsonSchema>
  seed: string
  maxDepth: number
  warnings: string[]
  /** How many times each component is entered on the way to the current value. */
  depth: Map<string, number>
  refs: number
  /** Warnings past MAX_WARNINGS, counted. */
  unsaid: number
}

/** Where a value goes: its JSON path, the property it fills, and the names that hint at its content. */
interface At {
  path: string
  key: string | null
  /** The object the property belongs to, named by its component or its own property name. */
  owner: string | null
  /** The component the value is an instance of, when it is one. */
  component: string | null
}

function warn(walk: Walk, warning: string): void {
  if (walk.warnings.length < MAX_WARNINGS) walk.warnings.push(warning)
  else walk.unsaid++
}

const isObject = (value: unknown): value is SchemaObject => typeof value === 'object' && value !== null && !Array.isArray(value)
const where = (path: string) => path || '(root)'
const childPath = (path: string, key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`)
const randomAt = (walk: Walk, at: At): SeededRandom => seededRandom(`${walk.seed}\n${at.path}`)
const isBare = (schema: SchemaObject) => Object.keys(schema).every((key) => ANNOTATIONS.has(key) || key.startsWith('x-'))

function ownExample(schema: JsonSchema): unknown {
  if (!isObject(schema)) return undefined
  if ('example' in schema) return schema.example
  return Array.isArray(schema.examples) && schema.examples.length > 0 ? schema.examples[0] : undefined
}

/** A schema's own example (3.0's `example`, 3.1's `examples[0]`), else its referenced component's; undefined when neither gives one. */
export function exampleOf(schema: JsonSchema, schemas: Record<string, JsonSchema>): unknown {
  const own = ownExample(schema)
  if (own !== undefined || !isObject(schema) || typeof schema.$ref !== 'string') return own
  return ownExample(resolveRef(schema, schemas))
}

/** The type a value is made as: the first non-null one given (3.1 type arrays, 3.0 `nullable`), else one the keywords imply. */
function typeOf(schema: SchemaObject): string {
  const given = Array.isArray(schema.type) ? schema.type.filter((t): t is string => typeof t === 'string') : typeof schema.type === 'string' ? [schema.type] : []
  const nonNull = given.find((t) => t !== 'null')
  if (nonNull !== undefined) return nonNull
  if (given.length > 0) return 'null'
  const has = (...keys: string[]) => keys.some((key) => key in schema)
  if (has('properties', 'required', 'additionalProperties', 'patternProperties', 'minProperties')) return 'object'
  if (has('items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems')) return 'array'
  if (has('minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf')) return 'number'
  return 'string'
}

function generateObject(schema: SchemaObject, at: At, walk: Walk): SchemaObject {
  const properties = isObject(schema.properties) ? schema.properties : {}
  const required = Array.isArray(schema.required) ? schema.required.filter((k): k is string => typeof k === 'string') : []
  const declared = Object.keys(properties)
  const keys = new Set([...declared.filter((k) => required.includes(k)), ...required, ...declared])
  const owner = at.component ?? at.key ?? at.owner
  const value: SchemaObject = {}
  for (const key of keys) {
    const path = childPath(at.path, key)
    const sub = Object.hasOwn(properties, key) ? (properties[key] as JsonSchema) : true
    const made = generateAt(sub, { path, key, owner, component: null }, walk)
    if (!(made instanceof Stopped)) value[key] = made
    else if (required.includes(key)) value[key] = settle(made, path, walk)
  }
  return value
}

function generateArray(schema: SchemaObject, at: At, walk: Walk): unknown[] | Stopped {
  const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as JsonSchema[]) : Array.isArray(schema.items) ? (schema.items as JsonSchema[]) : []
  const items = Array.isArray(schema.items) ? false : ((schema.items ?? true) as JsonSchema)
  const min = typeof schema.minItems === 'number' ? schema.minItems : 0
  const most = Math.min(typeof schema.maxItems === 'number' ? schema.maxItems : Infinity, min + 2, items === false ? prefix.length : Infinity)
  const fewest = most === 0 ? 0 : Math.min(Math.max(min, 1), most)
  // Items of a component the value is already inside come as few as allowed: a tree stays a sapling.
  const recursing = (walk.depth.get(schemaName(items) ?? '') ?? 0) > 0
  const count = recursing ? fewest : randomAt(walk, at).int(fewest, most)
  const value: unknown[] = []
  for (let i = 0; i < count; i++) {
    const made = generateAt(prefix[i] ?? items, { path: `${at.path}[${i}]`, key: at.key, owner: at.owner, component: null }, walk)
    if (made instanceof Stopped) {
      // Too deep stops every item alike; too large keeps the items made before it.
      if (made.reason === 'size' && value.length > 0) break
      return new Stopped(made.name, [], made.reason)
    }
    value.push(made)
  }
  if (schema.uniqueItems !== true) return value
  const seen = new Set<string>()
  const unique = value.filter((item) => !seen.has(JSON.stringify(item)) && !!seen.add(JSON.stringify(item)))
  if (unique.length < min) warn(walk, `only ${unique.length} unique items could be made for minItems ${min} at ${where(at.path)}`)
  return unique
}

const fallbackOf = (schema: JsonSchema): null | [] => (isObject(schema) && typeOf(schema) === 'array' ? [] : null)

/**
 * `make()` run inside the components `names`: stopped instead when one of them is entered
 * `maxDepth` times already, or when the value has resolved too many references.
 */
function inside(names: string[], fallback: null | [], path: string, walk: Walk, make: () => unknown): unknown {
  const entered = [...new Set(names)]
  const deep = entered.find((name) => (walk.depth.get(name) ?? 0) >= walk.maxDepth)
  if (deep !== undefined) return new Stopped(deep, fallback, 'cycle')
  if (entered.length === 0) return make()
  if (++walk.refs > MAX_REFS) {
    // Every reference past the limit stops: the first says so, required or not.
    if (walk.refs === MAX_REFS + 1) warn(walk, `example too large to generate at ${where(path)} (${entered[0]}): stopped after ${MAX_REFS} references`)
    return new Stopped(entered[0] as string, fallback, 'size')
  }
  for (const name of entered) walk.depth.set(name, (walk.depth.get(name) ?? 0) + 1)
  try {
    return make()
  } finally {
    for (const name of entered) walk.depth.set(name, (walk.depth.get(name) ?? 1) - 1)
  }
}

/** A stopped value where one must stand: its fallback, with a warning for a cycle (the size limit warned once already). */
function settle(stopped: Stopped, path: string, walk: Walk): null | [] {
  if (stopped.reason === 'cycle') warn(walk, `schema cycle too deep to generate at ${where(path)} (${stopped.name})`)
  return stopped.fallback
}

function generateAt(schema: JsonSchema, at: At, walk: Walk): unknown {
  const warnHere = (problem: string) => warn(walk, `${problem} at ${where(at.path)}`)
  if (schema === false) {
    warnHere('schema false allows no value')
    return null
  }
  const own = ownExample(schema)
  if (own !== undefined) return structuredClone(own)
  if (!isObject(schema)) return exampleString({}, at, randomAt(walk, at), () => {})

  if (typeof schema.$ref === 'string') {
    const target = resolveRef(schema, walk.schemas)
    const name = schemaName(schema) as string
    return inside([name], fallbackOf(target), at.path, walk, () => generateAt(target, { ...at, component: name }, walk))
  }
  if ('default' in schema) return structuredClone(schema.default)
  if ('const' in schema) return structuredClone(schema.const)
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    const values = schema.enum.filter((v) => v !== null)
    return structuredClone(randomAt(walk, at).pick(values.length > 0 ? values : schema.enum))
  }

  if (Array.isArray(schema.allOf)) {
    const { allOf, ...rest } = schema
    if (allOf.length === 1 && isBare(rest)) return generateAt(allOf[0] as JsonSchema, at, walk)
    const merged = mergeAllOf(schema, walk.schemas, warnHere, at.component)
    return inside(merged.names, fallbackOf(merged.schema), at.path, walk, () => generateAt(merged.schema, at, walk))
  }
  const choices = Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : null
  if (choices && choices.length > 0) {
    const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = schema
    // The first branch that is not just null: 3.1 writes a nullable reference as anyOf [X, {type: null}].
    const branch = (choices.find((c) => !(isObject(c) && (c.type === 'null' || (typeof c.$ref !== 'string' && typeOf(c) === 'null')))) ?? choices[0]) as JsonSchema
    return generateAt(isBare(rest) ? branch : { ...rest, allOf: [...(Array.isArray(rest.allOf) ? rest.allOf : []), branch] }, at, walk)
  }

  switch (typeOf(schema)) {
    case 'null':
      return null
    case 'object':
      return generateObject(schema, at, walk)
    case 'array':
      return generateArray(schema, at, walk)
    case 'boolean':
      return randomAt(walk, at).next() < 0.5
    case 'integer':
      return exampleNumber(schema, true, randomAt(walk, at), warnHere)
    case 'number':
      return exampleNumber(schema, false, randomAt(walk, at), warnHere)
    default:
      return exampleString(schema, at, randomAt(walk, at), warnHere)
  }
}

/** An example value for `schema`, the same for the same seed; what could not fit the schema is in `warnings`. */
export function generate(schema: JsonSchema, options: GenerateOptions): Generated {
  const walk: Walk = { schemas: options.schemas, seed: options.seed, maxDepth: options.maxDepth ?? 6, warnings: [], depth: new Map(), refs: 0, unsaid: 0 }
  const made = generateAt(schema, { path: '', key: null, owner: null, component: null }, walk)
  const value = made instanceof Stopped ? settle(made, '', walk) : made
  const more = walk.unsaid > 0 ? [`and ${walk.unsaid} more warning${walk.unsaid === 1 ? '' : 's'} like these`] : []
  return { value, warnings: [...walk.warnings, ...more] }
}
