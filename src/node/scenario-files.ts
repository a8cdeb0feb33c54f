import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { parse } from 'yaml'
import { loadScenario } from '../core/scenario/load-scenario.ts'
import type { Scenario, ScenarioSource } from '../core/scenario/scenario.ts'
import { compileContract } from './openapi/compile-contract.ts'

/** A scenario folder as read in Node: the JSON the page gets, the files it came from, and its validators' module. */
export interface ScenarioFiles {
  source: ScenarioSource
  files: string[]
  /** The ES module of the OpenAPI document's compiled validators (see openapi/validators.ts), or null without a document. */
  validatorsModule: string | null
}

/**
 * Reads a scenario folder (`config.yaml`, optional `personas.yaml`, `products.yaml`, and an
 * `openapi.yaml` with its `data/` files, compiled) with the files it read. A file that is not
 * YAML, or a broken OpenAPI document, throws with its path.
 */
export function readScenarioFiles(folder: string): ScenarioFiles {
  const files: string[] = []
  const read = (file: string): unknown => {
    const path = join(folder, file)
    if (!existsSync(path)) return undefined
    files.push(path)
    try {
      return parse(readFileSync(path, 'utf8'))
    } catch (error) {
      throw new Error(`verisim: ${path} is not valid YAML: ${(error as Error).message}`, { cause: error })
    }
  }
  const source: ScenarioSource = { name: basename(folder), config: read('config.yaml'), personas: read('personas.yaml'), products: read('products.yaml') }
  const compiled = compileContract(folder)
  if (compiled === null) return { source, files, validatorsModule: null }
  source.openapi = compiled.contract
  return { source, files: [...files, ...compiled.files], validatorsModule: compiled.validatorsModule }
}

/** The parsed files of a scenario folder, not validated (tests make broken variants of them). */
export function readScenarioFolder(folder: string): ScenarioSource {
  return readScenarioFiles(folder).source
}

/**
 * Reads and validates a scenario folder, as the Vite plugin and the CLI do: a mistake throws with
 * its path and reason; warnings (unknown keys, …) go to the console.
 */
export function readScenario(folder: string): ScenarioFiles & { scenario: Scenario } {
  const { source, files, validatorsModule } = readScenarioFiles(folder)
  if (source.config === undefined) throw new Error(`verisim: no scenario at ${folder} (it has no config.yaml)`)
  // Validated as the page will load it: with its validators (the module itself is for the page).
  const scenario = loadScenario(validatorsModule === null ? source : { ...source, validators: {} })
  for (const warning of scenario.warnings) console.warn(`[verisim] scenario '${scenario.name}': ${warning}`)
  return { source, files, validatorsModule, scenario }
}
