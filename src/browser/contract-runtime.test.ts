import { expect, it } from 'vitest'
import { instantiateValidators } from './contract-runtime.ts'

it("supplies Ajv's runtime helpers and the format table to the compiled module", () => {
  const validators = instantiateValidators((require) => {
    const equal = (require('ajv/dist/runtime/equal') as { default: (a: unknown, b: unknown) => boolean }).default
    const formats = require('verisim:formats') as Record<string, { validate: (value: unknown) => boolean }>
    const length = (require('ajv/dist/runtime/ucs2length') as { default: (s: string) => number }).default
    expect(typeof (require('ajv/dist/runtime/validation_error') as { default: unknown }).default).toBe('function')
    return { 'x:body': (data: unknown) => equal(data, { a: 1 }) && formats['date-time']!.validate('2024-01-01T00:00:00Z') && length('😀') === 1 }
  })
  expect(validators['x:body']?.({ a: 1 })).toBe(true)
  expect(Object.isFrozen(validators)).toBe(true)
})

it('refuses a module the runtime does not supply, naming it', () => {
  expect(() => instantiateValidators((require) => ({ v: require('ajv/dist/runtime/uri') }))).toThrow("ask for 'ajv/dist/runtime/uri', which this version of Verisim does not supply")
})
