import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { stringify } from 'yaml'
import { compiledScenarioSource } from '../../testing/compiled-scenario.ts'
import { loadContract } from '../scenario/load-contract.ts'
import { checkRequest, checkResponse, type RequestParts } from './check.ts'

/** A spec compiled as the page gets it: validators made by Ajv in Node, through the module text. */
async function contract(paths: Record<string, unknown>, schemas: Record<string, unknown> = {}) {
  const folder = mkdtempSync(join(tmpdir(), 'verisim-check-'))
  writeFileSync(join(folder, 'config.yaml'), 'server: {http: {port: 4030}}\n')
  writeFileSync(join(folder, 'openapi.yaml'), stringify({ openapi: '3.0.3', info: { title: 'T', version: '1' }, paths, components: { schemas } }))
  const source = await compiledScenarioSource(folder)
  const loaded = loadContract(source.openapi!, source.validators, undefined, []).contract
  return { ...loaded, op: (id: string) => loaded.operations.find((o) => o.id === id)! }
}

const parts = (over: Partial<RequestParts>): RequestParts => ({
  params: {}, query: new URLSearchParams(), headers: new Headers(), mediaType: 'application/json', body: null, ...over,
})

const ORDER = {
  type: 'object', required: ['items'], additionalProperties: false,
  properties: {
    items: { type: 'array', items: { type: 'object', required: ['sku', 'quantity'], properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 1 } } } },
    channel: { type: 'string', enum: ['web', 'store'] },
    email: { type: 'string', format: 'email' },
  },
}
const PATHS = {
  '/orders': {
    post: {
      operationId: 'placeOrder',
      parameters: [{ name: 'X-Request-Id', in: 'header', required: true, schema: { type: 'string', format: 'uuid' } }],
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } },
      responses: { '201': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Order' } } } } },
    },
    get: {
      operationId: 'listOrders',
      parameters: [
        { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 50 } },
        { name: 'status', in: 'query', required: true, schema: { type: 'string', enum: ['open', 'shipped'] } },
      ],
      responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { $ref: '#/components/schemas/Order' } } } } } },
    },
  },
}
const HEADERS = new Headers({ 'X-Request-Id': '0b8a4c1e-1f2b-4c3d-9e8f-7a6b5c4d3e2f' })

it('names a nested body field by its path, as items[2].quantity, with what it must be', async () => {
  const c = await contract(PATHS, { Order: ORDER })
  const body = JSON.stringify({ items: [{ sku: 'a', quantity: 1 }, { sku: 'b', quantity: 2 }, { sku: 'c', quantity: 'three' }] })
  expect(checkRequest(c.op('placeOrder'), c.validators!, parts({ headers: HEADERS, body }))).toEqual({
    status: 400, error: 'validation_failed', field: 'items[2].quantity', message: "'items[2].quantity' must be integer.",
  })
  const missing = JSON.stringify({ items: [{ sku: 'a' }] })
  expect(checkRequest(c.op('placeOrder'), c.validators!, parts({ headers: HEADERS, body: missing }))).toMatchObject({ field: 'items[0].quantity', message: "'items[0].quantity' is required." })
})

it('names an extra property, an enum with its values, and a format', async () => {
  const c = await contract(PATHS, { Order: ORDER })
  const check = (value: unknown) => checkRequest(c.op('placeOrder'), c.validators!, parts({ headers: HEADERS, body: JSON.stringify(value) }))
  expect(check({ items: [], gift: true })).toMatchObject({ field: 'gift', message: "'gift' is not allowed (the schema admits no other properties)." })
  expect(check({ items: [], channel: 'phone' })).toMatchObject({ field: 'channel', message: `'channel' must be one of "web", "store".` })
  expect(check({ items: [], email: 'nobody' })).toMatchObject({ field: 'email', message: "'email' must be a valid email." })
  expect(check({ items: [], channel: 'web', email: 'a@b.co' })).toBeNull()
})

it('checks query and header parameters, their values coerced from strings, naming the parameter', async () => {
  const c = await contract(PATHS, { Order: ORDER })
  const list = (query: string, headers = new Headers()) => checkRequest(c.op('listOrders'), c.validators!, parts({ query: new URLSearchParams(query), headers, mediaType: null }))
  expect(list('status=open&limit=20')).toBeNull()
  expect(list('status=open&limit=ten')).toMatchObject({ field: 'limit', message: "The query parameter 'limit' must be integer." })
  expect(list('status=open&limit=80')).toMatchObject({ field: 'limit', message: "The query parameter 'limit' must be <= 50." })
  expect(list('limit=5')).toMatchObject({ field: 'status', message: "The query parameter 'status' is required." })
  expect(list('status=lost')).toMatchObject({ field: 'status', message: `The query parameter 'status' must be one of "open", "shipped".` })
  const body = JSON.stringify({ items: [] })
  expect(checkRequest(c.op('placeOrder'), c.validators!, parts({ body }))).toMatchObject({ field: 'x-request-id', message: "The header parameter 'x-request-id' is required." })
})

it('refuses a body of another media type with 415, and a missing required body with 400', async () => {
  const c = await contract(PATHS, { Order: ORDER })
  expect(checkRequest(c.op('placeOrder'), c.validators!, parts({ headers: HEADERS, mediaType: 'text/plain', body: 'items=1' }))).toMatchObject({
    status: 415, error: 'unsupported_media_type',
  })
  expect(checkRequest(c.op('placeOrder'), c.validators!, parts({ headers: HEADERS }))).toMatchObject({ status: 400, field: '' })
  expect(checkRequest(c.op('placeOrder'), c.validators!, parts({ headers: HEADERS, body: '{"items": [' }))).toMatchObject({ status: 400, error: 'invalid_json' })
})

it('finds the first mismatch of an answer, and a 2xx status the spec does not give', async () => {
  const c = await contract(PATHS, { Order: ORDER })
  expect(checkResponse(c.op('listOrders'), c.validators!, 200, [{ items: [{ sku: 'a', quantity: 0 }] }])).toBe("'[0].items[0].quantity' must be >= 1")
  expect(checkResponse(c.op('listOrders'), c.validators!, 200, [])).toBeNull()
  expect(checkResponse(c.op('placeOrder'), c.validators!, 200, { items: [] })).toBe('status 200 is not one the spec gives (201)')
  expect(checkResponse(c.op('placeOrder'), c.validators!, 404, { error: 'not_found' })).toBeNull()
})
