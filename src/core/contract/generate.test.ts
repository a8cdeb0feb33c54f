import { it, expect } from 'vitest'
import type { JsonSchema } from '../scenario/contract-source.ts'
import { exampleOf, generate } from './generate.ts'

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const SEEDS = Array.from({ length: 200 }, (_, i) => `seed-${i}`)

const schemas: Record<string, JsonSchema> = {
  Loan: {
    type: 'object',
    required: ['id', 'amount', 'borrower'],
    properties: {
      status: { type: 'string', enum: ['draft', 'active', 'repaid'] },
      id: { type: 'string', format: 'uuid' },
      amount: { type: 'number', minimum: 100, maximum: 5000 },
      borrower: ref('Person'),
      createdAt: { type: 'string', format: 'date-time' },
      tags: { type: 'array', items: { type: 'string' } },
    },
  },
  Person: { type: 'object', required: ['name'], properties: { id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string', format: 'email' } } },
  Named: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
  Dated: { type: 'object', required: ['createdAt'], properties: { createdAt: { type: 'string', format: 'date-time' } } },
  Node: { type: 'object', properties: { name: { type: 'string' }, children: { type: 'array', items: ref('Node') } } },
  TreeNode: { type: 'object', required: ['name', 'children'], properties: { name: { type: 'string' }, children: { type: 'array', items: ref('TreeNode') } } },
  Chain: { type: 'object', required: ['next'], properties: { next: ref('Chain') } },
  User: { type: 'object', properties: { orgs: { type: 'array', items: ref('Org') }, manager: ref('User') } },
  Org: { type: 'object', properties: { members: { type: 'array', items: ref('User') }, parent: ref('Org'), owner: ref('User') } },
}

const make = (schema: JsonSchema, seed = 'seed', maxDepth?: number) => generate(schema, { schemas, seed, ...(maxDepth === undefined ? {} : { maxDepth }) })
const values = (schema: JsonSchema) => SEEDS.map((seed) => make(schema, seed).value)
/** The values made for `schema` over many seeds that `fits` refuses. */
const misfits = (schema: JsonSchema, fits: (value: any) => boolean) => values(schema).filter((value) => !fits(value))

it('makes the same value for the same seed, and another for another seed', () => {
  expect(make(ref('Loan'), 'a')).toEqual(make(ref('Loan'), 'a'))
  expect(make(ref('Loan'), 'a').value).not.toEqual(make(ref('Loan'), 'b').value)
})

it('makes every property of an object, required ones first, and follows references', () => {
  const { value, warnings } = make(ref('Loan'))
  expect(warnings).toEqual([])
  expect(Object.keys(value as object)).toEqual(['id', 'amount', 'borrower', 'status', 'createdAt', 'tags'])
  expect(Object.keys((value as { borrower: object }).borrower)).toEqual(['name', 'id', 'email'])
})

it('names strings after their property: name, title, ids with their prefix', () => {
  const { value } = make({ type: 'object', properties: { name: { type: 'string' }, title: { type: 'string' }, customer_id: { type: 'string' }, ownerId: { type: 'string' } } })
  expect(value).toEqual({ name: expect.stringMatching(/^Name \d+$/), title: expect.stringMatching(/^Title \d+$/), customer_id: expect.stringMatching(/^customer-\d+$/), ownerId: expect.stringMatching(/^owner-\d+$/) })
  expect((make(ref('Person')).value as { id: string }).id).toMatch(/^person-\d+$/)
})

it('makes strings that match their format, for many seeds', () => {
  const formats: Record<string, (text: string) => boolean> = {
    uuid: (t) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(t),
    'date-time': (t) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(t) && Date.parse(t) >= Date.UTC(2025, 0, 1) && Date.parse(t) < Date.UTC(2026, 0, 1),
    date: (t) => /^\d{4}-\d{2}-\d{2}$/.test(t) && !Number.isNaN(Date.parse(t)),
    time: (t) => /^([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ$/.test(t),
    email: (t) => /^user\d+@example\.com$/.test(t),
    uri: (t) => new URL(t).protocol === 'https:',
    url: (t) => new URL(t).hostname === 'example.com',
    hostname: (t) => /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(t),
    ipv4: (t) => /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$/.test(t),
    ipv6: (t) => new URL(`http://[${t}]/`).hostname.startsWith('[2001:db8::'),
    byte: (t) => /^[A-Za-z0-9+/]+={0,2}$/.test(t) && t.length % 4 === 0,
    password: (t) => t.length >= 8,
  }
  const nonconforming = Object.entries(formats).flatMap(([format, conforms]) => values({ type: 'string', format }).filter((value) => !conforms(value as string)).map((value) => ({ format, value })))
  expect(nonconforming).toEqual([])
})

it('decodes what it makes for format byte', () => {
  const value = make({ type: 'string', format: 'byte' }).value as string
  expect(new TextDecoder().decode(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)))).toMatch(/^[a-z]+ \d+$/)
})

it('keeps integers and numbers within minimum, maximum, exclusive bounds and multipleOf, for many seeds', () => {
  expect(misfits({ type: 'integer', minimum: 3, maximum: 9 }, (v) => Number.isInteger(v) && v >= 3 && v <= 9)).toEqual([])
  expect(misfits({ type: 'integer', minimum: 0, maximum: 10, exclusiveMinimum: true, exclusiveMaximum: true }, (v) => v > 0 && v < 10)).toEqual([])
  expect(misfits({ type: 'integer', exclusiveMinimum: 5, exclusiveMaximum: 8 }, (v) => v === 6 || v === 7)).toEqual([])
  expect(misfits({ type: 'integer', minimum: 10, maximum: 100, multipleOf: 5 }, (v) => v % 5 === 0 && v >= 10 && v <= 100)).toEqual([])
  expect(misfits({ type: 'number', minimum: 0.5, maximum: 1.5 }, (v) => v >= 0.5 && v <= 1.5)).toEqual([])
  expect(misfits({ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 0.01 }, (v) => v > 0 && v < 0.01)).toEqual([])
  expect(misfits({ type: 'number', minimum: 0, maximum: 10, multipleOf: 0.25 }, (v) => Number.isInteger(v * 4) && v >= 0 && v <= 10)).toEqual([])
  expect(misfits({ type: 'integer', maximum: -50 }, (v) => Number.isInteger(v) && v <= -50)).toEqual([])
  expect(misfits({ type: 'integer' }, (v) => Number.isInteger(v) && Math.abs(v) <= 2 ** 31 - 1)).toEqual([])
})

it('warns when no number fits the bounds', () => {
  const { warnings } = make({ type: 'object', properties: { count: { type: 'integer', minimum: 5, maximum: 4 } } })
  expect(warnings).toEqual(['no integer fits minimum 5, maximum 4 at count'])
})

it('keeps strings within minLength and maxLength, for many seeds', () => {
  expect(misfits({ type: 'string', minLength: 12 }, (v) => v.length >= 12)).toEqual([])
  expect(misfits({ type: 'string', maxLength: 3 }, (v) => v.length <= 3)).toEqual([])
  expect(misfits({ type: 'string', minLength: 2, maxLength: 2 }, (v) => v.length === 2)).toEqual([])
})

it('makes strings that match a pattern, or warns at the path when it cannot', () => {
  expect(misfits({ type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' }, (v) => /^[A-Z]{3}-\d{4}$/.test(v))).toEqual([])
  expect(misfits({ type: 'string', pattern: '^[a-z]{4,6}$', maxLength: 5 }, (v) => /^[a-z]{4,5}$/.test(v))).toEqual([])
  const { value, warnings } = make({ type: 'object', properties: { code: { type: 'string', pattern: '^(?=x)y$' } } })
  expect(value).toEqual({ code: expect.any(String) })
  expect(warnings).toEqual(['no example matching pattern "^(?=x)y$" could be made at code'])
})

it('picks values of an enum, and only those', () => {
  const picked = new Set(values({ type: 'string', enum: ['draft', 'active', 'repaid'] }))
  expect([...picked].sort()).toEqual(['active', 'draft', 'repaid'])
  expect(new Set(values({ enum: ['a', null], nullable: true }))).toEqual(new Set(['a']))
})

it('takes example, then examples[0], then default, then const over anything it would make', () => {
  expect(make({ type: 'string', example: 'given', default: 'fallback' }).value).toBe('given')
  expect(make({ type: 'string', examples: ['first', 'second'], enum: ['x'] }).value).toBe('first')
  expect(make({ type: 'integer', default: 7, enum: [1, 2] }).value).toBe(7)
  expect(make({ const: 'fixed' }).value).toBe('fixed')
  expect(make({ type: 'string', example: null, nullable: true }).value).toBeNull()
})

it('hands out a copy of an example, not the schema\'s own object', () => {
  const schema = { type: 'object', example: { id: 1 } }
  const { value } = make(schema)
  ;(value as { id: number }).id = 2
  expect(schema.example).toEqual({ id: 1 })
})

it('makes a value of the non-null type: OpenAPI 3.0 nullable, 3.1 type arrays and anyOf with null', () => {
  expect(misfits({ type: 'string', nullable: true }, (v) => typeof v === 'string')).toEqual([])
  expect(misfits({ type: ['null', 'integer'] }, (v) => Number.isInteger(v))).toEqual([])
  expect(make({ anyOf: [{ type: 'null' }, ref('Named')] }).value).toEqual({ name: expect.stringMatching(/^Name \d+$/) })
  expect(make({ type: 'null' }).value).toBeNull()
})

it('merges allOf: properties and required of every branch', () => {
  const { value, warnings } = make({ allOf: [ref('Named'), ref('Dated'), { type: 'object', required: ['size'], properties: { size: { type: 'integer', minimum: 1, maximum: 3 } } }] })
  expect(warnings).toEqual([])
  expect(value).toEqual({ name: expect.any(String), createdAt: expect.any(String), size: expect.any(Number) })
  expect(Date.parse((value as { createdAt: string }).createdAt)).not.toBeNaN()
})

it('makes the first branch of oneOf and anyOf, with the properties beside it', () => {
  expect(make({ oneOf: [ref('Named'), ref('Dated')] }).value).toEqual({ name: expect.any(String) })
  expect(make({ type: 'object', properties: { kind: { const: 'pet' } }, anyOf: [ref('Dated')] }).value).toEqual({ kind: 'pet', createdAt: expect.any(String) })
})

it('makes small arrays within minItems and maxItems', () => {
  expect(misfits({ type: 'array', items: { type: 'integer' } }, (v) => v.length >= 1 && v.length <= 2)).toEqual([])
  expect(misfits({ type: 'array', items: { type: 'integer' }, minItems: 3, maxItems: 4 }, (v) => v.length >= 3 && v.length <= 4)).toEqual([])
  expect(misfits({ type: 'array', items: { type: 'integer' }, maxItems: 0 }, (v) => v.length === 0)).toEqual([])
})

it('says where a warning comes from, by JSON path', () => {
  const { warnings } = make({ type: 'array', minItems: 1, maxItems: 1, items: { type: 'object', properties: { author: { type: 'object', properties: { 'first-name': { type: 'string', pattern: '(?!)' } } } } } })
  expect(warnings).toEqual(['no example matching pattern "(?!)" could be made at [0].author["first-name"]'])
})

it('stops a self-recursive schema at maxDepth: an optional property is left out', () => {
  const { value, warnings } = make(ref('Node'), 'seed', 3)
  expect(warnings).toEqual([])
  const depth = (node: { children?: unknown[] }): number => 1 + Math.max(0, ...(node.children ?? []).map((child) => depth(child as { children?: unknown[] })))
  expect(depth(value as { children?: unknown[] })).toBe(3)
})

it('stops a required array of itself at maxDepth with an empty array and a warning at its path', () => {
  const { value, warnings } = make(ref('TreeNode'), 'tree', 2)
  const children = (value as { children: Array<{ children: unknown[] }> }).children
  expect(children.length).toBeGreaterThan(0)
  expect(children.every((child) => Array.isArray(child.children) && child.children.length === 0)).toBe(true)
  expect(warnings).toEqual(children.map((_, i) => `schema cycle too deep to generate at children[${i}].children (TreeNode)`))
})

it('stops a required reference to itself at maxDepth with null and a warning', () => {
  const { value, warnings } = make(ref('Chain'))
  expect(JSON.stringify(value)).toBe('{"next":'.repeat(6) + 'null' + '}'.repeat(6))
  expect(warnings).toEqual(['schema cycle too deep to generate at next.next.next.next.next.next (Chain)'])
  expect(make(ref('Chain'), 'seed', 0)).toEqual({ value: null, warnings: ['schema cycle too deep to generate at (root) (Chain)'] })
})

it('stops mutually recursive schemas at a bounded size, saying where once', () => {
  const { value, warnings } = make(ref('User'))
  expect(JSON.stringify(value).length).toBeLessThan(200_000)
  expect((value as { orgs: unknown[] }).orgs.length).toBeGreaterThan(0)
  expect(warnings).toEqual([expect.stringMatching(/^example too large to generate at orgs\[0\]\.\S+ \((User|Org)\): stopped after 1000 references$/)])
})

it('reports the first 20 warnings and counts the rest', () => {
  const wide: Record<string, JsonSchema> = { Wide: { type: 'object', required: ['a', 'b', 'c'], properties: { a: ref('Wide'), b: ref('Wide'), c: ref('Wide') } } }
  const { warnings } = generate(ref('Wide'), { schemas: wide, seed: 's', maxDepth: 3 })
  expect(warnings).toHaveLength(21)
  expect(warnings[0]).toBe('schema cycle too deep to generate at a.a.a (Wide)')
  expect(warnings[20]).toBe('and 7 more warnings like these')
})

it('ends a component that is only allOf of itself', () => {
  const loop: Record<string, JsonSchema> = { Loop: { allOf: [ref('Loop'), { type: 'object', properties: { a: { type: 'integer' } } }] } }
  const { value, warnings } = generate(ref('Loop'), { schemas: loop, seed: 's' })
  expect(value).toEqual({ a: expect.any(Number) })
  expect(warnings).toEqual(['allOf of Loop includes itself at (root)'])
})

it('refuses a reference to an unknown schema with invalid_spec', () => {
  expect(() => make({ type: 'object', properties: { lease: ref('Lease') } })).toThrow(expect.objectContaining({ code: 'invalid_spec', message: expect.stringContaining('#/components/schemas/Lease') }))
})

it('makes a string for an unknown or empty schema', () => {
  expect(typeof make({}).value).toBe('string')
  expect(typeof make(true).value).toBe('string')
  expect(typeof make({ description: 'anything' }).value).toBe('string')
})

it('exampleOf gives the schema\'s own example, else its component\'s, else undefined', () => {
  const withExamples: Record<string, JsonSchema> = { Money: { type: 'object', example: { amount: 1 } }, Plain: { type: 'string' }, Listed: { type: 'string', examples: ['x', 'y'] } }
  expect(exampleOf({ type: 'string', example: 'own' }, withExamples)).toBe('own')
  expect(exampleOf({ type: 'string', examples: ['first'] }, withExamples)).toBe('first')
  expect(exampleOf(ref('Money'), withExamples)).toEqual({ amount: 1 })
  expect(exampleOf(ref('Listed'), withExamples)).toBe('x')
  expect(exampleOf(ref('Plain'), withExamples)).toBeUndefined()
  expect(exampleOf(true, withExamples)).toBeUndefined()
  expect(() => exampleOf(ref('Gone'), withExamples)).toThrow(expect.objectContaining({ code: 'invalid_spec' }))
})
