import equal from 'ajv/dist/runtime/equal.js'
import ucs2length from 'ajv/dist/runtime/ucs2length.js'
import validationError from 'ajv/dist/runtime/validation_error.js'
import { fullFormats } from 'ajv-formats/dist/formats.js'
import type { ScenarioSource } from '../core/scenario/scenario.ts'

/*
 * The page's side of a scenario's compiled OpenAPI validators. The Node side (src/node/openapi/)
 * compiles them with Ajv to standalone code, as one ES module that imports nothing:
 *
 *   export default function verisimValidators(require) { …; return { '<key>': validate, … } }
 *
 * Its code asks `require` for Ajv's runtime helpers and for the format table; this file supplies
 * exactly those (RUNTIME_MODULES in src/node/openapi/validators.ts), and nothing else: no schema
 * compiler reaches the page. Ajv's `runtime/uri` (fast-uri, ~25 KB) is not among them: standalone
 * code for JSON Schema never asks for it (only Ajv's compiler resolves URIs).
 */

export type Validators = NonNullable<ScenarioSource['validators']>

/** The validators module's default export. */
export type ValidatorsFactory = (require: (id: string) => unknown) => Record<string, unknown>

/** A CommonJS module as `require` returns it, whichever way the bundler or Node handed over its exports. */
function commonJs(imported: unknown): unknown {
  return typeof imported === 'object' && imported !== null && 'default' in imported ? imported : { default: imported }
}

const MODULES: Record<string, unknown> = {
  'ajv/dist/runtime/equal': commonJs(equal),
  'ajv/dist/runtime/ucs2length': commonJs(ucs2length),
  'ajv/dist/runtime/validation_error': commonJs(validationError),
  'verisim:formats': fullFormats,
}

function runtimeRequire(id: string): unknown {
  if (!Object.hasOwn(MODULES, id)) {
    throw new Error(`verisim: the scenario's compiled validators ask for '${id}', which this version of Verisim does not supply (recompile the scenario with the same version)`)
  }
  return MODULES[id]
}

/** The validators, by key (`<operation id>:params`, `<operation id>:body`, `<operation id>:response:<status>`). */
export function instantiateValidators(factory: ValidatorsFactory): Validators {
  const made = factory(runtimeRequire)
  for (const [key, validate] of Object.entries(made)) {
    if (typeof validate !== 'function') throw new Error(`verisim: the scenario's validator '${key}' is not a function`)
  }
  return Object.freeze(made) as Validators
}
