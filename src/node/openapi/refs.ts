import type { SpecDocument } from './read-spec.ts'
import { isObject, pointer, refSegments, SpecError } from './spec-error.ts'

/** A reference the page resolves itself, through `ContractSource.schemas`: a whole component schema. */
/** Keys whose values are data (an example, a default), not parts of the document: `$ref` inside them is not a reference. */
const DATA_KEYS = new Set(['example', 'const', 'default', 'enum'])
/** Keywords whose value maps names of the author's choosing to objects (a property may be called `default`). */
const MAP_KEYS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas', 'schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers', 'content', 'callbacks', 'links', 'paths', 'securitySchemes', 'pathItems', 'encoding', 'variables', 'webhooks'])

/** Whether `node[key]` is data that references must not be looked for in. */
function isData(key: string, at: ReadonlyArray<string | number>): boolean {
  return DATA_KEYS.has(key) && !MAP_KEYS.has(String(at[at.length - 1]))
}

export const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/

/** The component schema's name a `$ref` names, or null. */
export function schemaRefName(ref: unknown): string | null {
  if (typeof ref !== 'string') return null
  const match = SCHEMA_REF.exec(ref)
  return match ? decodeURIComponent(match[1] as string).replace(/~1/g, '/').replace(/~0/g, '~') : null
}

/** What a local `$ref` points at in the document, or undefined. */
export function resolveRef(document: unknown, ref: string): unknown {
  let node: unknown = document
  for (const segment of refSegments(ref)) {
    if (Array.isArray(node)) node = /^\d+$/.test(segment) ? node[Number(segment)] : undefined
    else if (isObject(node)) node = Object.hasOwn(node, segment) ? node[segment] : undefined
    else return undefined
    if (node === undefined) return undefined
  }
  return node
}

/** Throws at the first `$ref` that leaves the file or points at nothing. */
export function checkRefs(spec: SpecDocument): void {
  const walk = (node: unknown, at: Array<string | number>): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, [...at, i]))
    if (!isObject(node)) return
    const ref = node.$ref
    if (typeof ref === 'string') {
      const where = pointer([...at, '$ref'])
      if (!ref.startsWith('#')) throw new SpecError(spec.file, where, `$ref '${ref}' points outside the file: only $refs within the file are supported`)
      if (resolveRef(spec.document, ref) === undefined) throw new SpecError(spec.file, where, `$ref '${ref}' points at nothing in the file`)
    }
    for (const [key, value] of Object.entries(node)) {
      // Examples are data, not references: a `$ref` key inside one is its value.
      if (isData(key, at)) continue
      walk(value, [...at, key])
    }
  }
  walk(spec.document, [])
}

/**
 * A copy of `node` with every local `$ref` replaced by what it points at, except references to
 * whole component schemas (`#/components/schemas/<Name>`), which are kept. A cycle of inlined
 * references throws, naming where it starts.
 */
export function inlineRefs(spec: SpecDocument, node: unknown, at: Array<string | number>, seen: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item, i) => inlineRefs(spec, item, [...at, i], seen))
  if (!isObject(node)) return node
  const ref = node.$ref
  if (typeof ref === 'string' && schemaRefName(ref) === null) {
    if (seen.includes(ref)) throw new SpecError(spec.file, pointer([...at, '$ref']), `$ref '${ref}' refers to itself (${[...seen, ref].join(' → ')})`)
    const target = resolveRef(spec.document, ref)
    // Keywords beside a $ref (3.1 allows summary and description) are the referring object's own.
    const { $ref: _ref, ...siblings } = node
    const inlined = inlineRefs(spec, target, refSegments(ref), [...seen, ref])
    return isObject(inlined) && Object.keys(siblings).length > 0 ? { ...inlined, ...siblings } : inlined
  }
  const copy: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(node)) {
    copy[key] = isData(key, at) ? value : inlineRefs(spec, value, [...at, key], seen)
  }
  return copy
}
