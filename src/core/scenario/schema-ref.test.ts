import { it, expect } from 'vitest'
import { VerisimError } from '../errors.ts'
import type { JsonSchema } from './contract-source.ts'
import { resolveRef, schemaName } from './schema-ref.ts'

const schemas: Record<string, JsonSchema> = {
  Loan: { type: 'object', properties: { id: { type: 'string' } } },
  LoanAlias: { $ref: '#/components/schemas/Loan' },
  'Loan/Draft': { type: 'object' },
  Ping: { $ref: '#/components/schemas/Pong' },
  Pong: { $ref: '#/components/schemas/Ping' },
}

it('schemaName names the component a reference points to, and null for anything else', () => {
  expect(schemaName({ $ref: '#/components/schemas/Loan' })).toBe('Loan')
  expect(schemaName({ $ref: '#/components/schemas/Loan~1Draft' })).toBe('Loan/Draft')
  expect(schemaName({ $ref: '#/components/schemas/My%20Loan' })).toBe('My Loan')
  expect(schemaName({ type: 'string' })).toBeNull()
  expect(schemaName({ $ref: '#/definitions/Loan' })).toBeNull()
  expect(schemaName(true)).toBeNull()
})

it('resolveRef returns a schema without a reference as it is', () => {
  const schema = { type: 'string' }
  expect(resolveRef(schema, schemas)).toBe(schema)
  expect(resolveRef(false, schemas)).toBe(false)
})

it('resolveRef follows references to references to the schema they name', () => {
  expect(resolveRef({ $ref: '#/components/schemas/LoanAlias' }, schemas)).toBe(schemas.Loan)
  expect(resolveRef({ $ref: '#/components/schemas/Loan~1Draft' }, schemas)).toBe(schemas['Loan/Draft'])
})

it('resolveRef refuses a reference to an unknown schema with invalid_spec, naming the reference', () => {
  const resolve = () => resolveRef({ $ref: '#/components/schemas/Lease' }, schemas)
  expect(resolve).toThrow(VerisimError)
  expect(resolve).toThrow(expect.objectContaining({ code: 'invalid_spec' }))
  expect(resolve).toThrow(/'#\/components\/schemas\/Lease'/)
})

it('resolveRef refuses references outside components.schemas and references that only name each other', () => {
  expect(() => resolveRef({ $ref: 'other.yaml#/Loan' }, schemas)).toThrow(expect.objectContaining({ code: 'invalid_spec' }))
  expect(() => resolveRef({ $ref: '#/components/schemas/Ping' }, schemas)).toThrow(/'Ping' → 'Pong' → 'Ping'/)
})

it('resolveRef does not take names from the prototype for components', () => {
  expect(() => resolveRef({ $ref: '#/components/schemas/toString' }, schemas)).toThrow(expect.objectContaining({ code: 'invalid_spec' }))
})
