import { existsSync, readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Plugin } from 'vite'
import { parse } from 'yaml'
import { loadScenario } from '../core/scenario/load-scenario.ts'
import { compileContract } from './openapi/compile-contract.ts'

const SPEC = /\/openapi\.(ya?ml|json)$/
const CONFIG = /\/scenarios\/[^/]+\/config\.ya?ml$/

/**
 * Scenario YAML is parsed at build time: the page gets JSON and never ships a YAML parser. A
 * scenario's `openapi.yaml` is compiled as the Vite plugin compiles it (its data files with it):
 * the module's default export is `{ openapi, validatorsFactory }`. A scenario's `config.yaml`
 * also exports `printedWarnings`: its warnings, printed here once per start or edit, which the page
 * then does not print on every load.
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
      let data: unknown
      try {
        data = parse(code)
      } catch (error) {
        this.error(`Scenario file ${id} is not valid YAML: ${(error as Error).message}`)
      }
      const printed = CONFIG.test(path) ? printWarnings(dirname(path), data) : []
      return { code: `export default ${JSON.stringify(data)}${CONFIG.test(path) ? `\nexport const printedWarnings = ${JSON.stringify(printed)}` : ''}`, map: null }
    },
  }
}

/**
 * Prints the warnings of the scenario whose config this is, and returns them. Its spec is left
 * out (compiling it is the openapi module's work): the spec's own warnings, if any, are the page's
 * to print. A scenario with a mistake prints nothing here: the page reports it.
 */
function printWarnings(folder: string, config: unknown): string[] {
  const read = (file: string): unknown => (existsSync(join(folder, file)) ? parse(readFileSync(join(folder, file), 'utf8')) : undefined)
  let warnings: string[]
  try {
    warnings = loadScenario({ name: basename(folder), config, personas: read('personas.yaml'), products: read('products.yaml') }).warnings
  } catch {
    return []
  }
  for (const warning of warnings) console.warn(`[verisim] scenario '${basename(folder)}': ${warning}`)
  return warnings
}
