import type { CompiledScenarioSource } from '../browser/start.ts'

// Parsed to JSON at build time by the YAML plugin; each scenario is its own lazy chunk. A config's
// module also lists the warnings the plugin printed (see yaml-plugin.ts).
const files = import.meta.glob<{ default: unknown; printedWarnings?: string[] }>('/scenarios/*/*.yaml')

export function scenarioNames(): string[] {
  return [...new Set(Object.keys(files).map((path) => path.split('/')[2] ?? ''))].filter(Boolean).sort()
}

export async function loadScenarioFiles(name: string): Promise<CompiledScenarioSource> {
  const importFile = (file: string) => files[`/scenarios/${name}/${file}`]?.()
  const read = async (file: string): Promise<unknown> => (await importFile(file))?.default
  const configModule = await importFile('config.yaml')
  const config = configModule?.default
  if (config === undefined) {
    throw new Error(`There is no scenario '${name}' (no scenarios/${name}/config.yaml). Known scenarios: ${scenarioNames().join(', ')}.`)
  }
  // The YAML plugin compiles openapi.yaml with its validators.
  const spec = (await read('openapi.yaml')) as Pick<CompiledScenarioSource, 'openapi' | 'validatorsFactory'> | undefined
  const printedWarnings = configModule?.printedWarnings ?? []
  return { name, config, personas: await read('personas.yaml'), products: await read('products.yaml'), ...spec, printedWarnings }
}
