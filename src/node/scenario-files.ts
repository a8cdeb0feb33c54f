import { existsSync, readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { parse } from 'yaml'
import type { ScenarioSource } from '../core/scenario.ts'

/** Reads a scenario folder (`config.yaml`, optional `personas.yaml`, `products.yaml`) as parsed YAML. */
export function readScenarioFolder(folder: string): ScenarioSource {
  const read = (file: string): unknown => {
    const path = join(folder, file)
    return existsSync(path) ? parse(readFileSync(path, 'utf8')) : undefined
  }
  return { name: basename(folder), config: read('config.yaml'), personas: read('personas.yaml'), products: read('products.yaml') }
}
