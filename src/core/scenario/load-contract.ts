import type { ContractSource, JsonSchema, OperationSource, Validators } from './contract-source.ts'
import type { Contract, ContractMode, ContractOperation, IdKind, ListShape, Resource, ResourceAction } from './contract.ts'
import { fail, optionalRecord, optionalString } from './read-config.ts'
import type { LinkRule } from './scenario.ts'
import { plural, propertiesOf, resolveRef, schemaName, singular, typeName } from './schema-ref.ts'

/** Entity types the engine keeps itself: a spec's `user_id` or `order_id` links to them too. */
const BUILT_IN_TYPES = ['user', 'order', 'payment', 'product']

const COLLECTION_ACTIONS: Readonly<Record<string, ResourceAction>> = { GET: 'list', POST: 'create' }
const ITEM_ACTIONS: Readonly<Record<string, ResourceAction>> = { GET: 'read', PUT: 'replace', PATCH: 'update', DELETE: 'delete' }

/**
 * The contract a compiled spec makes: each operation's path segments, the resources its paths
 * form (a collection path and its item path: CRUD over one entity type), the links their
 * `<type>_id` fields imply, and how strictly the config holds requests and responses to it.
 */
export function loadContract(
  source: ContractSource, validators: Validators | undefined, config: Record<string, unknown> | undefined, warnings: string[],
): { contract: Contract; links: LinkRule[] } {
  const section = optionalRecord(config?.contract, 'contract')
  const requests = mode(section?.requests, 'contract.requests', ['enforce', 'warn', 'off'], 'enforce')
  const responses = mode(section?.responses, 'contract.responses', ['warn', 'off'], 'warn') as 'warn' | 'off'
  warnings.push(...source.warnings)
  if (!validators && (requests !== 'off' || responses !== 'off')) {
    warnings.push('contract: the spec came without its compiled validators, so requests and responses are not checked; load the scenario through the Vite plugin or `verisim init`')
  }
  const operations: ContractOperation[] = source.operations.map((op) => ({ ...op, segments: segmentsOf(op.path), resource: null }))
  const resources = findResources(source, operations, warnings)
  for (const file of Object.keys(source.data)) {
    if (!resources.some((r) => r.type === file || plural(r.type) === file)) {
      warnings.push(`contract: data/${file}.yaml names no resource of the spec (${resources.map((r) => r.type).join(', ') || 'none'}); its items are not served`)
    }
  }
  const types = new Set([...BUILT_IN_TYPES, ...resources.map((r) => r.type)])
  const links: LinkRule[] = []
  for (const resource of resources) {
    // The engine's own types (an order's user_id) are linked by its own rules.
    if (BUILT_IN_TYPES.includes(resource.type)) continue
    const { properties } = propertiesOf(resource.itemSchema, source.schemas)
    for (const field of Object.keys(properties)) {
      const target = field.endsWith('_id') ? field.slice(0, -3) : null
      if (!target || field === resource.idField || !types.has(target)) continue
      resource.links[field] = target
      links.push({ type: resource.type, field, from: target, rel: `has_${plural(resource.type)}` })
    }
  }
  return { contract: { source, operations, resources, validators: validators ?? null, requests, responses }, links }
}

function mode(value: unknown, path: string, allowed: readonly ContractMode[], fallback: ContractMode): ContractMode {
  const given = optionalString(value, path)
  if (given === undefined) return fallback
  if (!allowed.includes(given as ContractMode)) fail(path, `one of ${allowed.join(', ')}`, given)
  return given as ContractMode
}

/** `/loans/{id}/renew` → `/loans`: the part of a spec path before its first parameter, as a prefix the worker sends to the mock. */
export function staticPrefix(path: string): string {
  const brace = path.indexOf('{')
  const literal = brace === -1 ? path : path.slice(0, path.lastIndexOf('/', brace) + 1)
  return literal.length > 1 && literal.endsWith('/') ? literal.slice(0, -1) : literal
}

export function segmentsOf(path: string): ContractOperation['segments'] {
  return path.split('/').filter(Boolean).map((part) => {
    const param = /^\{(.+)\}$/.exec(part)?.[1]
    return param === undefined ? part : { param }
  })
}

/**
 * A collection path (`/api/loans`, GET or POST) with its item path (`/api/loans/{id}`), or a
 * collection with both GET and POST, serve one type of entity. Anything else (`POST
 * /api/loans/{id}/renew`, `GET /api/stats`) is answered as the spec writes it.
 */
function findResources(source: ContractSource, operations: ContractOperation[], warnings: string[]): Resource[] {
  const byPath = new Map<string, ContractOperation[]>()
  for (const op of operations) byPath.set(op.path, [...(byPath.get(op.path) ?? []), op])
  const resources: Resource[] = []
  for (const [collectionPath, collection] of byPath) {
    if (isParam(collectionPath.split('/').at(-1) ?? '')) continue
    const itemPath = [...byPath.keys()].find((p) => p.startsWith(`${collectionPath}/`) && p.split('/').length === collectionPath.split('/').length + 1 && isParam(p.split('/').at(-1) ?? ''))
    const items = itemPath ? (byPath.get(itemPath) ?? []) : []
    const methods = new Set(collection.map((op) => op.method))
    if (!(items.length > 0 && (methods.has('GET') || methods.has('POST'))) && !(methods.has('GET') && methods.has('POST'))) continue
    const resource = makeResource(source, collectionPath, collection, items, warnings)
    if (!resource) continue
    const first = resources.find((r) => r.type === resource.type)
    if (first) {
      // Two paths making one type would share its entities: the second is served as written.
      warnings.push(`contract: ${collectionPath} and ${first.collectionPath} both make '${resource.type}' entities; name one with x-verisim-entity. ${collectionPath} answers from its examples`)
      continue
    }
    resources.push(resource)
    for (const op of collection) {
      const action = COLLECTION_ACTIONS[op.method]
      if (action) op.resource = { type: resource.type, action }
    }
    for (const op of items) {
      const action = ITEM_ACTIONS[op.method]
      if (action) op.resource = { type: resource.type, action }
    }
  }
  return resources
}

function isParam(segment: string): boolean {
  return /^\{.+\}$/.test(segment)
}

function makeResource(source: ContractSource, collectionPath: string, collection: OperationSource[], items: OperationSource[], warnings: string[]): Resource | null {
  const { schemas } = source
  const listSchema = okResponse(collection.find((op) => op.method === 'GET'))?.schema ?? null
  const list = listShape(listSchema, schemas)
  const itemSchema =
    okResponse(items.find((op) => op.method === 'GET'))?.schema ??
    okResponse(collection.find((op) => op.method === 'POST'))?.schema ??
    itemsOf(listSchema, list, schemas) ??
    items.find((op) => op.method === 'PUT')?.requestBody?.schema ??
    collection.find((op) => op.method === 'POST')?.requestBody?.schema ??
    null
  const named = [...collection, ...items].map((op) => op.entity).find((e) => e !== null)
  const component = schemaName(itemSchema)
  const last = collectionPath.split('/').filter(Boolean).at(-1) ?? 'item'
  const type = named ?? (component ? typeName(component) : typeName(singular(last)))
  if (!/^[a-z][a-z0-9_]*$/.test(type)) {
    warnings.push(`contract: ${collectionPath} would make entities of type '${type}', which is not a name of lower-case letters, digits and '_'; name it with x-verisim-entity`)
    return null
  }
  const schema = itemSchema ?? { type: 'object', properties: { id: { type: 'string' } } }
  const { properties } = propertiesOf(schema, schemas)
  const itemPath = items[0]?.path ?? null
  const idParam = itemPath ? (/\{([^}]+)\}$/.exec(itemPath)?.[1] ?? null) : null
  const idField = 'id' in properties ? 'id' : idParam && idParam in properties ? idParam : `${type}_id` in properties ? `${type}_id` : 'id'
  const data = source.data[type] ?? source.data[plural(type)]
  const examples = listExamples(collection, list) ?? itemExample(schema, schemas)
  const initial = (data ?? examples ?? []).filter((item): item is Record<string, unknown> => !!item && typeof item === 'object' && !Array.isArray(item))
  return {
    type, collectionPath, itemPath, idParam, idField, idKind: idKind(properties[idField], schemas),
    itemSchema: schema, schemaName: component, list, links: {}, initial,
    initialFrom: data ? 'data' : examples ? 'examples' : 'generated',
  }
}

function okResponse(op: OperationSource | undefined) {
  return op?.responses.find((r) => /^2/.test(r.status) && r.schema !== null)
}

function listShape(schema: JsonSchema | null, schemas: Readonly<Record<string, JsonSchema>>): ListShape {
  if (!schema) return { kind: 'array' }
  const resolved = resolveRef(schema, schemas)
  if (typeof resolved !== 'object' || resolved.type === 'array') return { kind: 'array' }
  const { properties } = propertiesOf(resolved, schemas)
  const arrays = Object.keys(properties).filter((key) => {
    const p = resolveRef(properties[key]!, schemas)
    return typeof p === 'object' && p.type === 'array'
  })
  const preferred = ['items', 'data', 'results', 'records', 'content'].find((k) => arrays.includes(k)) ?? arrays[0]
  return preferred ? { kind: 'object', property: preferred } : { kind: 'array' }
}

function itemsOf(schema: JsonSchema | null, list: ListShape, schemas: Readonly<Record<string, JsonSchema>>): JsonSchema | null {
  if (!schema) return null
  const array = list.kind === 'array' ? resolveRef(schema, schemas) : propertiesOf(schema, schemas).properties[list.property]
  const resolved = array === undefined ? undefined : resolveRef(array, schemas)
  return resolved && typeof resolved === 'object' && resolved.items !== undefined ? (resolved.items as JsonSchema) : null
}

function listExamples(collection: OperationSource[], list: ListShape): unknown[] | undefined {
  const example = okResponse(collection.find((op) => op.method === 'GET'))?.examples[0]
  if (list.kind === 'array') return Array.isArray(example) ? example : undefined
  const inner = example && typeof example === 'object' ? (example as Record<string, unknown>)[list.property] : undefined
  return Array.isArray(inner) ? inner : undefined
}

function itemExample(schema: JsonSchema, schemas: Readonly<Record<string, JsonSchema>>): unknown[] | undefined {
  const resolved = resolveRef(schema, schemas)
  if (typeof resolved !== 'object') return undefined
  if (resolved.example !== undefined) return [resolved.example]
  if (Array.isArray(resolved.examples) && resolved.examples.length > 0) return resolved.examples
  return undefined
}

function idKind(schema: JsonSchema | undefined, schemas: Readonly<Record<string, JsonSchema>>): IdKind {
  const resolved = schema === undefined ? undefined : resolveRef(schema, schemas)
  if (!resolved || typeof resolved !== 'object') return 'prefixed'
  if (resolved.format === 'uuid') return 'uuid'
  const type = Array.isArray(resolved.type) ? resolved.type : [resolved.type]
  return type.includes('integer') ? 'integer' : 'prefixed'
}
