import { checkDocument } from './check-document.ts'
import type { ContractSource, JsonSchema } from './contract-types.ts'
import { readDataFiles } from './data-files.ts'
import { findOperations } from './operations.ts'
import { readSpec } from './read-spec.ts'
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
