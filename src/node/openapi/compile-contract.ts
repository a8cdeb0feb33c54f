import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkDocument } from './check-document.ts'
import type { ContractSource, JsonSchema } from './contract-types.ts'
import { readDataFiles } from './data-files.ts'
import { findOperations } from './operations.ts'
import { readSpec, SPEC_NAMES } from './read-spec.ts'
import { checkRefs, inlineRefs } from './refs.ts'
import { servers } from './servers.ts'
import { isObject } from './spec-error.ts'
import { compileValidators } from './validators.ts'

export interface CompiledContract {
  contract: ContractSource
  /** The validators' ES module (see validators.ts). */
  validatorsModule: string
  /** The files it was made from: the spec and the data files. */
  files: string[]
}

/**
 * A scenario folder's `openapi.yaml` (or `.yml`, `.json`) compiled for the page, or null without
 * one. A broken document throws a SpecError naming the file and the place in it.
 */
export function compileContract(folder: string): CompiledContract | null {
  const key = fingerprint(folder)
  let compiled = cache.get(key)
  if (compiled === undefined) {
    compiled = compile(folder)
    cache.set(key, compiled)
    if (cache.size > CACHED) cache.delete(cache.keys().next().value as string)
  }
  // A copy: callers may change what they get (tests make broken variants).
  return structuredClone(compiled)
}

/*
 * Compiling the validators takes a few hundred milliseconds; a folder whose files have not changed
 * (the dev server reloading, a test suite starting many engines) gets the same result again.
 */
const CACHED = 8
const cache = new Map<string, CompiledContract | null>()

/** The folder and the text of every file the contract is made from. */
function fingerprint(folder: string): string {
  const texts = [folder]
  const data = join(folder, 'data')
  const files = [...SPEC_NAMES.map((name) => join(folder, name)), ...(existsSync(data) ? readdirSync(data).sort().map((name) => join(data, name)) : [])]
  for (const file of files) {
    try {
      texts.push(file, readFileSync(file, 'utf8'))
    } catch {
      texts.push(file, '')
    }
  }
  return texts.join('\0')
}

function compile(folder: string): CompiledContract | null {
  const spec = readSpec(folder)
  if (spec === null) return null
  checkRefs(spec)
  checkDocument(spec)
  const warnings: string[] = []
  const { origins, basePath } = servers(spec)
  const components = isObject(spec.document.components) ? spec.document.components : {}
  const schemas = (isObject(components.schemas) ? inlineRefs(spec, components.schemas, ['components', 'schemas']) : {}) as Record<string, JsonSchema>
  const operations = findOperations(spec, basePath, warnings)
  const validatorsModule = compileValidators(spec, operations, schemas, warnings)
  const { data, files } = readDataFiles(folder)
  const info = isObject(spec.document.info) ? spec.document.info : {}
  return {
    contract: {
      openapi: spec.document.openapi as string,
      title: typeof info.title === 'string' ? info.title : '',
      origins,
      operations: operations.map((o) => o.source),
      schemas,
      data,
      warnings,
    },
    validatorsModule,
    files: [spec.file, ...files],
  }
}
