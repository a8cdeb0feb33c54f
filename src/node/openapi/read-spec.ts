import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { isObject, SpecError } from './spec-error.ts'

/** The names a scenario's OpenAPI document may have, in the order they are looked for. */
export const SPEC_NAMES = ['openapi.yaml', 'openapi.yml', 'openapi.json']

export interface SpecDocument {
  /** The file it was read from. */
  file: string
  document: Record<string, unknown>
  /** `3.0` or `3.1`. */
  dialect: '3.0' | '3.1'
}

/** The scenario folder's OpenAPI document, parsed, or null without one. Checks only that it is an OpenAPI 3.0/3.1 object. */
export function readSpec(folder: string): SpecDocument | null {
  const found = SPEC_NAMES.map((name) => join(folder, name)).filter((path) => existsSync(path))
  if (found.length === 0) return null
  const file = found[0] as string
  if (found.length > 1) throw new SpecError(file, '', `the scenario has more than one OpenAPI document (${found.join(', ')}); keep one`)
  const text = readFileSync(file, 'utf8')
  let document: unknown
  try {
    // YAML is a superset of JSON, but JSON's own parser gives JSON's error messages.
    document = file.endsWith('.json') ? JSON.parse(text) : parse(text)
  } catch (error) {
    throw new SpecError(file, '', `is not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`)
  }
  if (!isObject(document)) throw new SpecError(file, '', 'is not an OpenAPI 3.x document (not an object)')
  const version = document.openapi
  if (typeof version !== 'string') {
    const swagger = typeof document.swagger === 'string' ? ` (it is Swagger ${document.swagger}: convert it to OpenAPI 3)` : ''
    throw new SpecError(file, '#/openapi', `is not an OpenAPI 3.x document: it has no 'openapi' version${swagger}`)
  }
  const match = /^3\.([01])\.\d+(-.+)?$/.exec(version)
  if (!match) throw new SpecError(file, '#/openapi', `OpenAPI ${version} is not supported (3.0.x and 3.1.x are)`)
  return { file, document, dialect: match[1] === '0' ? '3.0' : '3.1' }
}
