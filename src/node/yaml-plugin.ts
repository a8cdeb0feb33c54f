import { dirname } from 'node:path'
import type { Plugin } from 'vite'
import { parse } from 'yaml'
import { compileContract } from './openapi/compile-contract.ts'

const SPEC = /\/openapi\.(ya?ml|json)$/

/**
 * Scenario YAML is parsed at build time: the page gets JSON and never ships a YAML parser. A
 * scenario's `openapi.yaml` is compiled as the Vite plugin compiles it (its data files with it):
 * the module's default export is `{ openapi, validatorsFactory }`.
 */
export function yamlPlugin(): Plugin {
  return {
    name: 'verisim:yaml',
    transform(code, id) {
      const path = id.split('?')[0] ?? ''
      if (SPEC.test(path) && path.includes('/scenarios/')) {
        try {
          const compiled = compileContract(dirname(path))
          if (!compiled) return null
          for (const file of compiled.files) this.addWatchFile(file)
          const factory = compiled.validatorsModule.replace(/^export default function verisimValidators/m, 'function verisimValidators')
          return { code: `${factory}\nexport default { openapi: ${JSON.stringify(compiled.contract)}, validatorsFactory: verisimValidators }`, map: null }
        } catch (error) {
          this.error((error as Error).message)
        }
      }
      if (!/\.ya?ml$/.test(path)) return null
      try {
        return { code: `export default ${JSON.stringify(parse(code))}`, map: null }
      } catch (error) {
        this.error(`Scenario file ${id} is not valid YAML: ${(error as Error).message}`)
      }
    },
  }
}
