import type { CompiledScenarioSource } from '../browser/start.ts'

// Parsed to JSON at build time by the YAML plugin; each scenario is its own lazy chunk.
const files = import.meta.glob<{ default: unknown }>('/scenarios/*/*.yaml')

export function scenarioNames(): string[] {
  return [...new Set(Object.keys(files).map((path) => path.split('/')[2] ?? ''))].filter(Boolean).sort()
}

export async function loadScenarioFiles(name: string): Promise<CompiledScenarioSource> {
  const read = async (file: string): Promise<unknown> => {
    const load = files[`/scenarios/${name}/${file}`]
    return load ? (await load()).default : undefined
  }
  const config = await read('config.yaml')
  if (config === undefined) {
    throw new Error(`There is no scenario '${name}' (no scenarios/${name}/config.yaml). Known scenarios: ${scenarioNames().join(', ')}.`)
  }
  // The YAML plugin compiles openapi.yaml with its validators.
  const spec = (await read('openapi.yaml')) as Pick<CompiledScenarioSource, 'openapi' | 'validatorsFactory'> | undefined
  return { name, config, personas: await read('personas.yaml'), products: await read('products.yaml'), ...spec }
}
