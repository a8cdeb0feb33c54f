import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { instantiateValidators, type ValidatorsFactory } from '../browser/contract-runtime.ts'
import type { ScenarioSource } from '../core/scenario/scenario.ts'
import { readScenarioFiles } from '../node/scenario-files.ts'

const imported = new Map<string, ScenarioSource['validators']>()

/**
 * A scenario folder as the page gets it (test support only): the parsed files, the compiled spec,
 * and its validators made from the module text the Vite plugin would serve.
 */
export async function compiledScenarioSource(folder: string): Promise<ScenarioSource> {
  const { source, validatorsModule } = readScenarioFiles(folder)
  if (validatorsModule === null) return source
  const digest = createHash('sha256').update(validatorsModule).digest('hex').slice(0, 16)
  let validators = imported.get(digest)
  if (!validators) {
    const dir = join(tmpdir(), 'verisim-validators')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, `${digest}.mjs`)
    writeFileSync(file, validatorsModule)
    const module = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { default: ValidatorsFactory }
    validators = instantiateValidators(module.default)
    imported.set(digest, validators)
  }
  return { ...source, validators }
}
