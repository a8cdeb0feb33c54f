import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { parse } from 'yaml'
import { loadScenario } from '../core/scenario/load-scenario.ts'
import type { Scenario, ScenarioSource } from '../core/scenario/scenario.ts'

/**
 * Reads a scenario folder (`config.yaml`, optional `personas.yaml`, `products.yaml`) as parsed
 * YAML, with the files it read. A file that is not YAML throws with its path.
 */
export function readScenarioFiles(folder: string): { source: ScenarioSource; files: string[] } {
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
  const source = { name: basename(folder), config: read('config.yaml'), personas: read('personas.yaml'), products: read('products.yaml') }
  return { source, files }
}

/** The parsed files of a scenario folder, not validated (tests make broken variants of them). */
export function readScenarioFolder(folder: string): ScenarioSource {
  return readScenarioFiles(folder).source
}

/**
 * Reads and validates a scenario folder, as the Vite plugin and the CLI do: a mistake throws with
 * its path and reason; warnings (unknown keys, …) go to the console.
 */
export function readScenario(folder: string): { source: ScenarioSource; files: string[]; scenario: Scenario } {
  const { source, files } = readScenarioFiles(folder)
  if (source.config === undefined) throw new Error(`verisim: no scenario at ${folder} (it has no config.yaml)`)
  const scenario = loadScenario(source)
  for (const warning of scenario.warnings) console.warn(`[verisim] scenario '${scenario.name}': ${warning}`)
  return { source, files, scenario }
}
