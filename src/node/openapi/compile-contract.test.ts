import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { instantiateValidators } from '../../browser/contract-runtime.ts'
import { compileContract } from './compile-contract.ts'

const DEMO = fileURLToPath(new URL('../../../scenarios/e2e-persona-flow', import.meta.url))
const work = mkdtempSync(join(tmpdir(), 'verisim-openapi-test-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))
let folders = 0

/** A scenario folder holding `spec` as openapi.yaml (and the given extra files). */
function scenario(spec: unknown, files: Record<string, string> = {}): string {
  const folder = join(work, `s${++folders}`)
  mkdirSync(folder)
  writeFileSync(join(folder, 'openapi.yaml'), typeof spec === 'string' ? spec : stringify(spec))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), { recursive: true })
    writeFileSync(join(folder, name), text)
  }
  return folder
}

function compile(folder: string) {
  const compiled = compileContract(folder)
  if (compiled === null) throw new Error('no contract')
  return compiled
}

/** The validators as the page gets them: the module's text written out, imported, instantiated. */
async function validators(folder: string) {
  const { validatorsModule } = compile(folder)
  const file = join(work, `validators-${++folders}.mjs`)
  writeFileSync(file, validatorsModule)
  const module = (await import(/* @vite-ignore */ pathToFileURL(file).href)) as { default: Parameters<typeof instantiateValidators>[0] }
  return instantiateValidators(module.default)
}

const doc30 = (paths: Record<string, unknown>, components: Record<string, unknown> = {}) => ({ openapi: '3.0.3', info: { title: 'T', version: '1' }, paths, components })
const json = (schema: unknown) => ({ content: { 'application/json': { schema } } })
const ok = (schema: unknown) => ({ '200': { description: 'ok', ...json(schema) } })

it("compiles the seed scenario's spec: operations, origins and component schemas, references to them kept", () => {
  const { contract, files } = compile(DEMO)
  expect(contract.openapi).toBe('3.0.0')
  expect(contract.title).toBe('E2E Persona Flow API')
  expect(contract.origins).toEqual(['http://localhost:3000'])
  expect(contract.operations.map((o) => `${o.method} ${o.path} ${o.id}`)).toEqual([
    'POST /api/auth/login login',
    'GET /api/products browseProducts',
    'POST /api/orders createOrder',
    'GET /api/orders/{orderId} getOrder',
  ])
  expect(Object.keys(contract.schemas)).toEqual(['User', 'Product', 'Order'])
  const getOrder = contract.operations.find((o) => o.id === 'getOrder')
  expect(getOrder?.responses).toEqual([{ status: '200', media: 'application/json', schema: { $ref: '#/components/schemas/Order' }, examples: [] }])
  expect(getOrder?.parameters).toEqual([
    { name: 'orderId', in: 'path', required: true, schema: { type: 'string' } },
    { name: 'workspace', in: 'query', required: false, schema: { type: 'string', default: 'default' } },
  ])
  expect(getOrder?.validators).toEqual({ params: 'getOrder:params', body: null, responses: { '200': 'getOrder:response:200' } })
  const login = contract.operations.find((o) => o.id === 'login')
  expect(login?.requestBody).toMatchObject({ required: true, media: ['application/json'] })
  expect(login?.validators.params).toBeNull()
  expect(contract.warnings).toEqual([])
  expect(contract.data).toEqual({})
  expect(files).toEqual([join(DEMO, 'openapi.yaml')])
})

it("inlines every local reference but whole component schemas; a server's base path prefixes the paths", () => {
  const { contract } = compile(
    scenario({
      openapi: '3.0.3',
      info: { title: 'Loans', version: '1' },
      servers: [{ url: 'http://localhost:{port}/v1', variables: { port: { default: '3000' } } }, { url: 'https://api.example.com/v1' }, { url: '/relative' }],
      paths: {
        '/loans/{loanId}': {
          'x-verisim-entity': 'loan',
          parameters: [{ $ref: '#/components/parameters/LoanId' }, { name: 'X-Trace', in: 'header', schema: { type: 'string' } }, { name: 'session', in: 'cookie', schema: { type: 'string' } }],
          get: {
            parameters: [{ name: 'X-Trace', in: 'header', required: true, schema: { type: 'string' } }],
            responses: { '200': { $ref: '#/components/responses/Loan' }, '404': { description: 'none' } },
          },
          put: { operationId: 'replaceLoan', 'x-verisim-entity': 'credit', requestBody: { $ref: '#/components/requestBodies/Loan' }, responses: { '200': { $ref: '#/components/responses/Loan' } } },
        },
      },
      components: {
        parameters: { LoanId: { name: 'loanId', in: 'path', required: true, schema: { $ref: '#/components/schemas/Loan/properties/id' } } },
        responses: {
          Loan: {
            description: 'a loan',
            content: { 'application/vnd.loan+json': { schema: { $ref: '#/components/schemas/Loan' }, examples: { one: { value: { id: 'l1' } }, other: { $ref: '#/components/examples/Other' } } } },
          },
        },
        requestBodies: { Loan: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Loan' } }, 'text/plain': {} } } },
        examples: { Other: { value: { id: 'l2' } } },
        schemas: { Loan: { type: 'object', example: { id: 'schema-level' }, properties: { id: { type: 'string', format: 'uuid' } } } },
      },
    }),
  )
  expect(contract.origins).toEqual(['http://localhost:3000', 'https://api.example.com'])
  const [get, put] = contract.operations
  expect(get).toMatchObject({ id: 'GET /v1/loans/{loanId}', method: 'GET', path: '/v1/loans/{loanId}', entity: 'loan' })
  expect(put).toMatchObject({ id: 'replaceLoan', path: '/v1/loans/{loanId}', entity: 'credit' })
  expect(get?.parameters).toEqual([
    { name: 'loanId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
    { name: 'x-trace', in: 'header', required: true, schema: { type: 'string' } },
  ])
  expect(get?.responses).toEqual([
    { status: '200', media: 'application/vnd.loan+json', schema: { $ref: '#/components/schemas/Loan' }, examples: [{ id: 'l1' }, { id: 'l2' }] },
    { status: '404', media: null, schema: null, examples: [] },
  ])
  expect(put?.requestBody).toEqual({ required: true, media: ['application/json', 'text/plain'], schema: { $ref: '#/components/schemas/Loan' } })
  expect(contract.warnings).toContain("GET /loans/{loanId}: cookie parameter 'session' is not checked")
})

it('compiles an OpenAPI 3.1 document (JSON Schema 2020-12)', async () => {
  const folder = scenario({
    openapi: '3.1.0',
    info: { title: 'T', version: '1' },
    paths: { '/notes': { post: { operationId: 'addNote', requestBody: json({ $ref: '#/components/schemas/Note' }), responses: ok({ $ref: '#/components/schemas/Note' }) } } },
    components: { schemas: { Note: { type: 'object', required: ['text', 'tags'], properties: { text: { type: ['string', 'null'] }, tags: { type: 'array', prefixItems: [{ const: 'first' }] } } } } },
  })
  expect(compile(folder).contract.openapi).toBe('3.1.0')
  const body = (await validators(folder))['addNote:body']
  expect(body?.({ text: null, tags: ['first', 'x'] })).toBe(true)
  expect(body?.({ text: 1, tags: [] })).toBe(false)
  expect(body?.({ text: 'a', tags: ['second'] })).toBe(false)
  expect(body?.errors?.[0]).toMatchObject({ instancePath: '/tags/0', keyword: 'const' })
})

it('validates bodies: required, type, enum, format, additionalProperties and 3.0 nullable, after a round trip through the module text', async () => {
  const v = await validators(
    scenario(
      doc30(
        { '/orders': { post: { operationId: 'createOrder', requestBody: json({ $ref: '#/components/schemas/Order' }), responses: ok({ $ref: '#/components/schemas/Order' }) } } },
        {
          schemas: {
            Order: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'status', 'email', 'secret'],
              properties: {
                id: { type: 'string', readOnly: true },
                status: { type: 'string', enum: ['pending', 'shipped'] },
                email: { type: 'string', format: 'email' },
                secret: { type: 'string', writeOnly: true },
                shipped_at: { type: 'string', format: 'date-time', nullable: true },
                quantity: { type: 'integer', format: 'int32', minimum: 0, exclusiveMinimum: true },
              },
            },
          },
        },
      ),
    ),
  )
  const body = v['createOrder:body']
  const response = v['createOrder:response:200']
  const valid = { status: 'pending', email: 'a@b.example', secret: 's', shipped_at: null, quantity: 1 }
  expect(body?.(valid)).toBe(true)
  const fails = (data: unknown) => (body?.(data) ? null : body?.errors?.[0]?.keyword)
  expect(fails({ ...valid, status: undefined })).toBe('required')
  expect(fails({ ...valid, quantity: '1' })).toBe('type')
  expect(fails({ ...valid, quantity: 0 })).toBe('exclusiveMinimum')
  expect(fails({ ...valid, status: 'lost' })).toBe('enum')
  expect(fails({ ...valid, email: 'nope' })).toBe('format')
  expect(fails({ ...valid, shipped_at: 'yesterday' })).toBe('format')
  expect(fails({ ...valid, extra: true })).toBe('additionalProperties')
  expect(fails({ ...valid, quantity: 2 ** 31 })).toBe('format')
  // A response need not carry writeOnly properties, but must carry readOnly ones.
  expect(response?.({ id: 'o1', status: 'shipped', email: 'a@b.example' })).toBe(true)
  expect(response?.({ status: 'shipped', email: 'a@b.example' })).toBe(false)
})

it('validates parameters by location, coercing the strings they arrive as', async () => {
  const v = await validators(
    scenario(
      doc30({
        '/items/{id}': {
          get: {
            operationId: 'getItem',
            parameters: [
              { name: 'id', in: 'path', schema: { type: 'integer' }, required: true },
              { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 10 } },
              { name: 'tag', in: 'query', schema: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } } },
              { name: 'flag', in: 'query', schema: { type: 'boolean' } },
              { name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' } },
            ],
            responses: ok({ type: 'object' }),
          },
        },
      }),
    ),
  )
  const params = v['getItem:params']
  const data = { path: { id: '7' }, query: { limit: '5', tag: 'a', flag: 'true' }, header: { 'x-tenant': 't1' } }
  expect(params?.(data)).toBe(true)
  expect(data).toEqual({ path: { id: 7 }, query: { limit: 5, tag: ['a'], flag: true }, header: { 'x-tenant': 't1' } })
  expect(params?.({ path: { id: '7' }, query: { tag: ['a', 'b'] }, header: { 'x-tenant': 't1' } })).toBe(true)
  expect(params?.({ path: { id: 'seven' }, query: {}, header: { 'x-tenant': 't1' } })).toBe(false)
  expect(params?.errors?.[0]).toMatchObject({ instancePath: '/path/id', keyword: 'type' })
  expect(params?.({ path: { id: '7' }, query: { limit: '50' }, header: { 'x-tenant': 't1' } })).toBe(false)
  expect(params?.({ path: { id: '7' }, query: { tag: ['c'] }, header: { 'x-tenant': 't1' } })).toBe(false)
  expect(params?.({ path: { id: '7' }, query: {}, header: {} })).toBe(false)
  expect(params?.errors?.[0]).toMatchObject({ instancePath: '/header', params: { missingProperty: 'x-tenant' } })
})

it('a $ref that points at nothing throws with the file and where the $ref is', () => {
  const folder = scenario(doc30({ '/x': { get: { responses: ok({ $ref: '#/components/schemas/Missing' }) } } }))
  expect(() => compile(folder)).toThrow(`verisim: ${join(folder, 'openapi.yaml')}: at #/paths/~1x/get/responses/200/content/application~1json/schema/$ref: $ref '#/components/schemas/Missing' points at nothing`)
})

it('a $ref to another file throws: only $refs within the file are supported', () => {
  const folder = scenario(doc30({ '/x': { get: { responses: ok({ $ref: 'schemas.yaml#/Thing' }) } } }))
  expect(() => compile(folder)).toThrow(/openapi\.yaml: at #\/paths\/~1x\/get\/responses\/200\/content\/application~1json\/schema\/\$ref: .*only \$refs within the file are supported/)
})

it("a schema Ajv refuses throws with the file, the operation and the schema's place", () => {
  const doc31 = (paths: Record<string, unknown>, schemas: Record<string, unknown> = {}) => ({ openapi: '3.1.0', info: { title: 'T', version: '1' }, paths, components: { schemas } })
  const folder = scenario(doc31({ '/x': { post: { operationId: 'makeX', requestBody: json({ type: 'object', properties: { n: { type: 'number', minimum: 'five' } } }), responses: ok({}) } } }))
  expect(() => compile(folder)).toThrow(/openapi\.yaml: at #\/paths\/~1x\/post\/requestBody\/content\/application~1json\/schema\/properties\/n\/minimum: POST \/x \(makeX\): the schema is invalid: must be number/)
  const component = scenario(doc31({ '/x': { get: { responses: ok({ $ref: '#/components/schemas/X' }) } } }, { X: { type: 'strin' } }))
  expect(() => compile(component)).toThrow(/at #\/components\/schemas\/X\/type: schema X: the schema is invalid/)
  const pattern = scenario(doc30({ '/x': { get: { operationId: 'getX', responses: ok({ type: 'string', pattern: '[' }) } } }))
  expect(() => compile(pattern)).toThrow(/at #\/paths\/~1x\/get\/responses\/200\/content\/application~1json\/schema: GET \/x \(getX\): the schema is invalid: .*Invalid regular expression/)
  // The OpenAPI 3.0 schema checks Schema objects too, before they are compiled.
  expect(() => compile(scenario(doc30({ '/x': { get: { responses: ok({ minimum: 'five' }) } } })))).toThrow(/at #\/paths\/~1x\/get\/responses\/200\/content\/application~1json\/schema\/minimum: is not valid OpenAPI 3\.0: must be number/)
})

it('a document that is not OpenAPI 3.x, or breaks its structure, throws with the file and the place', () => {
  expect(() => compile(scenario({ swagger: '2.0', info: {}, paths: {} }))).toThrow(/openapi\.yaml: at #\/openapi: is not an OpenAPI 3\.x document: it has no 'openapi' version \(it is Swagger 2\.0/)
  expect(() => compile(scenario({ openapi: '4.0.0', info: {}, paths: {} }))).toThrow('OpenAPI 4.0.0 is not supported')
  expect(() => compile(scenario('openapi: [\n'))).toThrow(/openapi\.yaml: is not valid YAML/)
  expect(() => compile(scenario(doc30({ '/x': { get: { responses: { '200': { content: {} } } } } })))).toThrow(/openapi\.yaml: at #\/paths\/~1x\/get\/responses\/200: is not valid OpenAPI 3\.0: must have required property 'description'/)
  const both = { description: 'd', content: { 'application/json': { example: 1, examples: { a: { value: 2 } } } } }
  expect(() => compile(scenario(doc30({ '/x': { get: { responses: { '200': both } } } })))).toThrow(/at #\/paths\/~1x\/get\/responses\/200\/content\/application~1json: is not valid OpenAPI 3\.0: has fields the specification forbids together here/)
})

it('reads data/<type>.yaml as initial items; a data file that is not a list throws with its path', () => {
  const spec = doc30({ '/x': { get: { responses: ok({}) } } })
  const { contract, files } = compile(scenario(spec, { 'data/loan.yaml': '- id: l1\n- id: l2\n', 'data/user.json': '[{"id": "u1"}]' }))
  expect(contract.data).toEqual({ loan: [{ id: 'l1' }, { id: 'l2' }], user: [{ id: 'u1' }] })
  expect(files.map((f) => f.split(/[/\\]/).slice(-2).join('/'))).toEqual(['s' + folders + '/openapi.yaml', 'data/loan.yaml', 'data/user.json'])
  const broken = scenario(spec, { 'data/loan.yaml': 'id: l1\n' })
  expect(() => compile(broken)).toThrow(`verisim: ${join(broken, 'data/loan.yaml')}: at #: must be a list of loan items, got object`)
})

it('an unknown format is left unchecked, with a warning naming the operation', async () => {
  const folder = scenario(doc30({ '/x': { post: { operationId: 'postX', requestBody: json({ type: 'string', format: 'loan-number' }), responses: ok({}) } } }))
  expect(compile(folder).contract.warnings).toEqual(["POST /x (postX): unknown format 'loan-number' at #/paths/~1x/post/requestBody/content/application~1json/schema/format is not checked"])
  expect((await validators(folder))['postX:body']?.('anything')).toBe(true)
})

it('warns of an operation without responses: it is answered 501', () => {
  const { contract } = compile(scenario({ openapi: '3.1.0', info: { title: 'T', version: '1' }, paths: { '/x': { get: { operationId: 'getX' } } } }))
  expect(contract.warnings).toEqual(['GET /x (getX): has no responses; answered 501'])
  expect(contract.operations[0]?.validators).toEqual({ params: null, body: null, responses: {} })
})

it('two operations with one operationId throw: their validators would share keys', () => {
  const folder = scenario(doc30({ '/a': { get: { operationId: 'same', responses: ok({}) } }, '/b': { get: { operationId: 'same', responses: ok({}) } } }))
  expect(() => compile(folder)).toThrow(/at #\/paths\/~1b\/get\/operationId: operationId 'same' is also GET \/a \(same\)'s/)
})

it('a folder without an OpenAPI document has no contract', () => {
  expect(compileContract(join(DEMO, '..', 'nowhere'))).toBeNull()
})
