/**
 * The example generator, loaded only by a scenario that needs it (one with spec resources or
 * answers made from a schema): a page serving only built-in routes never downloads it.
 */
import type { JsonSchema } from '../scenario/contract-source.ts'
import type { GenerateOptions, Generated } from './generate.ts'

let loaded: typeof import('./generate.ts') | null = null

/** Loads the generator; `generate` may be called once it resolves. */
export async function loadGenerator(): Promise<void> {
  loaded ??= await import('./generate.ts')
}

export function generate(schema: JsonSchema, options: GenerateOptions): Generated {
  if (!loaded) throw new Error('The example generator was not loaded: the engine loads it at start for a scenario that needs it.')
  return loaded.generate(schema, options)
}
