import { expect, it } from 'vitest'
import type { ContractSource, OperationSource, ResponseSource } from './contract-source.ts'
import { loadContract } from './load-contract.ts'

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const ok = (schema: unknown, status = '200', examples: unknown[] = []): ResponseSource => ({ status, media: 'application/json', schema: schema as never, examples })

function op(method: string, path: string, responses: ResponseSource[], extra: Partial<OperationSource> = {}): OperationSource {
  return {
    id: `${method} ${path}`, method, path, entity: null, summary: null, parameters: [], requestBody: null, responses,
    validators: { params: null, body: null, responses: {} }, ...extra,
  }
}

function spec(operations: OperationSource[], schemas: Record<string, unknown> = {}, data: Record<string, unknown[]> = {}): ContractSource {
  return { openapi: '3.0.3', title: 'Library', origins: [], operations, schemas: schemas as never, data, warnings: [] }
}

const SCHEMAS = {
  Loan: { type: 'object', properties: { id: { type: 'string' }, book_id: { type: 'string' }, member_id: { type: 'string', format: 'uuid' }, status: { type: 'string' } } },
  Book: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } }, example: { id: 'book-9', title: 'Dune' } },
  Author: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
  Member: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } },
  LoanPage: { type: 'object', properties: { items: { type: 'array', items: ref('Loan') }, total: { type: 'integer' } } },
}

const LIBRARY = spec([
  op('GET', '/api/loans', [ok(ref('LoanPage'))]),
  op('POST', '/api/loans', [ok(ref('Loan'), '201')]),
  op('GET', '/api/loans/{loanId}', [ok(ref('Loan'))]),
  op('PATCH', '/api/loans/{loanId}', [ok(ref('Loan'))]),
  op('DELETE', '/api/loans/{loanId}', [{ status: '204', media: null, schema: null, examples: [] }]),
  op('POST', '/api/loans/{loanId}/renew', [ok(ref('Loan'))]),
  op('GET', '/api/books', [ok({ type: 'array', items: ref('Book') })]),
  op('GET', '/api/books/{id}', [ok(ref('Book'))]),
  op('GET', '/api/authors', [ok({ type: 'array', items: ref('Author') })]),
  op('POST', '/api/authors', [ok(ref('Author'), '201')]),
  op('GET', '/api/members', [ok({ type: 'array', items: ref('Member') }, '200', [[{ id: '6f1c…' }]])]),
  op('GET', '/api/members/{memberId}', [ok(ref('Member'))]),
  op('GET', '/api/stats', [ok({ type: 'object', properties: { loans: { type: 'integer' } } })]),
], SCHEMAS, { book: [{ id: 'book-1', title: 'Emma' }] })

function load(source: ContractSource = LIBRARY, config?: Record<string, unknown>) {
  const warnings: string[] = []
  return { ...loadContract(source, undefined, config, warnings), warnings }
}

it('makes a resource of a collection path and its item path, named after the item schema', () => {
  const { contract } = load()
  expect(contract.resources.map((r) => [r.type, r.collectionPath, r.itemPath, r.idParam])).toEqual([
    ['loan', '/api/loans', '/api/loans/{loanId}', 'loanId'],
    ['book', '/api/books', '/api/books/{id}', 'id'],
    ['author', '/api/authors', null, null],
    ['member', '/api/members', '/api/members/{memberId}', 'memberId'],
  ])
  const actions = Object.fromEntries(contract.operations.map((o) => [o.id, o.resource?.action ?? null]))
  expect(actions).toMatchObject({
    'GET /api/loans': 'list', 'POST /api/loans': 'create', 'GET /api/loans/{loanId}': 'read', 'PATCH /api/loans/{loanId}': 'update',
    'DELETE /api/loans/{loanId}': 'delete', 'POST /api/loans/{loanId}/renew': null, 'GET /api/stats': null,
  })
})

it('makes new ids the way the id schema says: uuid, integer, else prefixed', () => {
  const kinds = Object.fromEntries(load().contract.resources.map((r) => [r.type, r.idKind]))
  expect(kinds).toEqual({ loan: 'prefixed', book: 'prefixed', author: 'integer', member: 'uuid' })
})

it('answers lists in the shape the schema gives: a bare array or an object holding the array', () => {
  const lists = Object.fromEntries(load().contract.resources.map((r) => [r.type, r.list]))
  expect(lists.loan).toEqual({ kind: 'object', property: 'items' })
  expect(lists.book).toEqual({ kind: 'array' })
})

it('links a <type>_id field that names another entity type in the persona graph', () => {
  const { contract, links } = load()
  expect(contract.resources.find((r) => r.type === 'loan')?.links).toEqual({ book_id: 'book', member_id: 'member' })
  expect(links).toEqual([
    { type: 'loan', field: 'book_id', from: 'book', rel: 'has_loans' },
    { type: 'loan', field: 'member_id', from: 'member', rel: 'has_loans' },
  ])
})

it('starts a resource with its data file, else the spec examples, else generated items', () => {
  const from = Object.fromEntries(load().contract.resources.map((r) => [r.type, [r.initialFrom, r.initial.length]]))
  expect(from).toEqual({ book: ['data', 1], member: ['examples', 1], loan: ['generated', 0], author: ['generated', 0] })
})

it('takes the type from x-verisim-entity over the schema name', () => {
  const source = spec([op('GET', '/things', [ok({ type: 'array', items: ref('Book') })], { entity: 'volume' }), op('POST', '/things', [ok(ref('Book'), '201')])], SCHEMAS)
  expect(load(source).contract.resources.map((r) => r.type)).toEqual(['volume'])
})

it('serves a second path that would make the same type from its examples, with a warning', () => {
  const source = spec([
    op('GET', '/a/books', [ok({ type: 'array', items: ref('Book') })]), op('POST', '/a/books', [ok(ref('Book'), '201')]),
    op('GET', '/b/books', [ok({ type: 'array', items: ref('Book') })]), op('POST', '/b/books', [ok(ref('Book'), '201')]),
  ], SCHEMAS)
  const { contract, warnings } = load(source)
  expect(contract.resources.map((r) => r.collectionPath)).toEqual(['/a/books'])
  expect(contract.operations.filter((o) => o.path === '/b/books').map((o) => o.resource)).toEqual([null, null])
  expect(warnings.join('\n')).toMatch(/\/b\/books and \/a\/books both make 'book' entities/)
})

it('reads how strictly requests and responses are held, and refuses other values with the path', () => {
  expect(load().contract).toMatchObject({ requests: 'enforce', responses: 'warn' })
  expect(load(LIBRARY, { contract: { requests: 'warn', responses: 'off' } }).contract).toMatchObject({ requests: 'warn', responses: 'off' })
  expect(() => load(LIBRARY, { contract: { requests: 'strict' } })).toThrow(/contract\.requests.*enforce, warn, off/)
})

it('warns when the spec comes without validators, since nothing can be checked', () => {
  expect(load().warnings.join('\n')).toMatch(/without its compiled validators/)
})

it("adds no link rules for the engine's own types: an order's user_id is linked by the engine's rules", async () => {
  const source = spec([
    op('POST', '/api/orders', [ok(ref('Order'), '201')]), op('GET', '/api/orders/{orderId}', [ok(ref('Order'))]),
  ], { Order: { type: 'object', properties: { id: { type: 'string' }, user_id: { type: 'string' }, product_id: { type: 'string' } } } })
  const { contract, links } = load(source)
  expect(contract.resources.map((r) => r.type)).toEqual(['order'])
  expect(links).toEqual([])
})
