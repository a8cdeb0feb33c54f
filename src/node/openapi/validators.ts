import { _, Ajv, type ErrorObject } from 'ajv'
import Ajv2020 from 'ajv/dist/2020.js'
import standaloneCode from 'ajv/dist/standalone/index.js'
import addFormats from 'ajv-formats'
import type { JsonSchema } from './contract-types.ts'
import type { FoundOperation } from './operations.ts'
import type { SpecDocument } from './read-spec.ts'
import { type Direction, toJsonSchema } from './schema-dialect.ts'
import { SpecError } from './spec-error.ts'

/*
 * The operations' validators, compiled by Ajv to standalone code: one ES module whose default
 * export takes a `require` and returns the validators by key (`<id>:params`, `<id>:body`,
 * `<id>:response:<status>`). The module imports nothing; the modules its code asks `require` for
 * are RUNTIME_MODULES (src/browser/contract-runtime.ts supplies them).
 */

/** The module the compiled code takes formats from: a table of ajv-formats' `fullFormats`. */
export const FORMATS_MODULE = 'verisim:formats'
/** Every module id the compiled code may `require`. */
export const RUNTIME_MODULES = ['ajv/dist/runtime/equal', 'ajv/dist/runtime/ucs2length', 'ajv/dist/runtime/validation_error', FORMATS_MODULE]

interface Plan {
  key: string
  schema: JsonSchema
  /** Parameters arrive as strings: their validator coerces them. */
  coerce: boolean
  /** Where the schema is in the document, and the operation's label (for errors). */
  at: string
  label: string
}

function newAjv(dialect: SpecDocument['dialect'], coerce: boolean): Ajv {
  const options = {
    allErrors: false,
    strict: false,
    logger: false as const,
    coerceTypes: coerce ? ('array' as const) : false,
    code: { source: true, formats: _`require(${FORMATS_MODULE})`, lines: false },
  }
  const ajv = dialect === '3.1' ? new Ajv2020(options) : new Ajv(options)
  addFormats(ajv)
  return ajv
}

const encode = (name: string) => encodeURIComponent(name.replace(/~/g, '~0').replace(/\//g, '~1'))

/** The validators module's text; sets each operation's `validators` keys. Throws on a schema Ajv refuses. */
export function compileValidators(spec: SpecDocument, operations: FoundOperation[], schemas: Record<string, JsonSchema>, warnings: string[]): string {
  const warned = new Set<string>()
  const convert = (schema: JsonSchema, direction: Direction, at: string, label: string) =>
    toJsonSchema(
      schema,
      {
        dialect: spec.dialect,
        direction,
        componentRef: (name) => `verisim:${direction}#/definitions/${encode(name)}`,
        component: (name) => schemas[name],
        unknownFormat: (format, where) => {
          const warning = `${label}: unknown format '${format}' at ${where} is not checked`
          if (!warned.has(warning)) warnings.push(warning)
          warned.add(warning)
        },
      },
      at,
    )
  const refused = (at: string, label: string, errors: ErrorObject[] | null | undefined, extra = '') => {
    const first = errors?.[0]
    const where = `${at}${extra}${first?.instancePath ?? ''}`
    return new SpecError(spec.file, where, `${label}: the schema is invalid: ${first?.message ?? 'Ajv refused it'}`)
  }

  const plans: Plan[] = []
  const components: Record<Direction, Record<string, JsonSchema>> = { request: {}, response: {} }
  for (const direction of ['request', 'response'] as const) {
    for (const [name, schema] of Object.entries(schemas)) {
      components[direction][name] = convert(schema, direction, `#/components/schemas/${encode(name)}`, `schema ${name}`)
    }
  }
  const checker = newAjv(spec.dialect, false)
  for (const [name, schema] of Object.entries(components.request)) {
    if (!checker.validateSchema(schema as object)) throw refused(`#/components/schemas/${encode(name)}`, `schema ${name}`, checker.errors)
  }
  const checked = (schema: JsonSchema, at: string, label: string) => {
    if (!checker.validateSchema(schema as object)) throw refused(at, label, checker.errors)
    return schema
  }

  for (const operation of operations) {
    const { source, label } = operation
    if (source.parameters.length > 0) {
      const locations: Record<string, { type: 'object'; properties: Record<string, JsonSchema>; required: string[] }> = {}
      for (const where of ['path', 'query', 'header']) locations[where] = { type: 'object', properties: {}, required: [] }
      source.parameters.forEach((parameter, i) => {
        const location = locations[parameter.in] as (typeof locations)[string]
        const at = operation.parameterAt[i] as string
        location.properties[parameter.name] = parameter.schema === null ? {} : checked(convert(parameter.schema, 'request', at, label), at, label)
        if (parameter.required) location.required.push(parameter.name)
      })
      const key = `${source.id}:params`
      plans.push({ key, coerce: true, schema: { type: 'object', properties: locations, required: ['path', 'query', 'header'] }, at: operation.at, label })
      source.validators.params = key
    }
    if (source.requestBody?.schema != null && operation.bodyAt !== null) {
      const key = `${source.id}:body`
      plans.push({ key, coerce: false, schema: checked(convert(source.requestBody.schema, 'request', operation.bodyAt, label), operation.bodyAt, label), at: operation.bodyAt, label })
      source.validators.body = key
    }
    for (const response of source.responses) {
      const at = operation.responseAt[response.status]
      if (response.schema === null || at === undefined) continue
      const key = `${source.id}:response:${response.status}`
      plans.push({ key, coerce: false, schema: checked(convert(response.schema, 'response', at, label), at, label), at, label })
      source.validators.responses[response.status] = key
    }
  }

  const chunks: string[] = []
  for (const coerce of [false, true]) {
    const mine = plans.filter((plan) => plan.coerce === coerce)
    if (mine.length === 0) continue
    const ajv = newAjv(spec.dialect, coerce)
    for (const direction of ['request', 'response'] as const) ajv.addSchema({ $id: `verisim:${direction}`, definitions: components[direction] })
    for (const plan of mine) {
      ajv.addSchema(plan.schema as object, plan.key)
      try {
        ajv.getSchema(plan.key)
      } catch (error) {
        // What the meta-schema lets through but Ajv cannot compile: a `pattern` that is no regular expression, …
        throw new SpecError(spec.file, plan.at, `${plan.label}: the schema is invalid: ${(error as Error).message}`)
      }
    }
    chunks.push(standaloneCode(ajv, Object.fromEntries(mine.map((plan) => [plan.key, plan.key]))))
  }
  return validatorsModule(chunks)
}

function validatorsModule(chunks: string[]): string {
  for (const chunk of chunks) {
    for (const [, id] of chunk.matchAll(/require\("([^"]+)"\)/g)) {
      if (!RUNTIME_MODULES.includes(id as string)) throw new Error(`verisim: the compiled validators need ${id}, which the page does not supply (a bug in Verisim)`)
    }
  }
  return [
    '// The scenario\'s OpenAPI validators, compiled by Verisim (Ajv standalone code). Imports nothing:',
    '// call the default export with a `require` that supplies the modules it names.',
    'export default function verisimValidators(require) {',
    '  const validators = {}',
    ...chunks.map((chunk) => `  ;(function (exports) {\n${chunk}\n  })(validators)`),
    '  return validators',
    '}',
    '',
  ].join('\n')
}

