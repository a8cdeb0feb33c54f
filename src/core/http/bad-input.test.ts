import { expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { testEngine } from '../../testing/test-engine.ts'
import { LATEST_TIME } from '../time/clock.ts'

// Each class of client mistake answers 4xx JSON with a fixed code and leaves the world as it was.

async function unchanged<T>(t: Awaited<ReturnType<typeof testEngine>>, request: () => Promise<T>): Promise<T> {
  const before = JSON.stringify(await t.store.load())
  const answer = await request()
  expect(JSON.stringify(await t.store.load())).toBe(before)
  return answer
}

it('a malformed percent-escape in a path is a 400 invalid_path, on every route with a parameter', async () => {
  const t = await testEngine()
  await t.login()
  for (const path of ['/api/orders/%', '/api/products/%E0%A4%A', '/api/v1/consistency/entities/user/%zz', '/__mockforge/webhooks/%']) {
    const method = path.startsWith('/__mockforge/webhooks') ? 'DELETE' : 'GET'
    const answer = await unchanged(t, () => t.call(method, path))
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_path' } })
    expect(answer.body.message).toMatch(/malformed percent-escape/)
  }
})

it('durations and dates past what the clock can run to are refused, and a clock left running fast never stops the workspace answering', async () => {
  const t = await testEngine()
  await t.call('POST', '/__mockforge/time-travel/enable', { time: '2025-01-27T00:00:00Z', scale: 0 })
  for (const duration of ['100000000 years', '9007199254740993 ms', '1 constructor', '1 toString']) {
    expect((await unchanged(t, () => t.call('POST', '/__mockforge/time-travel/advance', { duration }))).body).toMatchObject({ error: 'invalid_duration', field: 'duration' })
  }
  for (const time of ['+275760-09-13T00:00:00Z', '-271821-04-20T00:00:00Z']) {
    expect((await unchanged(t, () => t.call('POST', '/__mockforge/time-travel/set', { time }))).body).toMatchObject({ error: 'time_out_of_range', field: 'time' })
  }
  // A calendar moved back keeps its world time: the latest time is the world's, so here it cannot be reached.
  expect((await unchanged(t, () => t.call('POST', '/__mockforge/time-travel/set', { time: new Date(LATEST_TIME).toISOString() }))).body.error).toBe('time_out_of_range')

  // On a fresh clock: go to the latest time there is room to run from, then no further.
  const fresh = await testEngine()
  const latest = new Date(LATEST_TIME).toISOString()
  await fresh.login()
  expect((await fresh.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })).status).toBe(201)
  expect((await fresh.call('POST', '/__mockforge/time-travel/set', { time: latest })).status).toBe(200)
  expect((await unchanged(fresh, () => fresh.call('POST', '/__mockforge/time-travel/advance', { duration: '1d' }))).body).toMatchObject({ error: 'time_out_of_range' })
  // At the fastest scale, years of wall time later, the clock stops at the latest time and every route still answers.
  await fresh.call('POST', '/__mockforge/time-travel/scale', { scale: 1_000_000 })
  fresh.clock.wallNow += 10 * 365 * 86_400_000
  const status = await fresh.call('GET', '/__mockforge/time-travel/status')
  expect(status.status).toBe(200)
  expect(status.body.current_time).toBe(latest)
  expect((await fresh.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })).status).toBe(201)
  expect((await fresh.call('GET', '/api/orders/ORD-1001')).body.status).toBe('completed')
})

it('a JSON body nested too deep is a 400 body_too_deep, one too large a 413 body_too_large, before any route reads it', async () => {
  const t = await testEngine()
  await t.login()
  const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`
  for (const path of ['/api/v1/consistency/entities', '/api/orders', '/api/webhooks/deep', '/__mockforge/time-travel/advance']) {
    expect(await unchanged(t, () => t.call('POST', path, deep))).toMatchObject({ status: 400, body: { error: 'body_too_deep' } })
  }
  const large = JSON.stringify({ entity_type: 'note', entity_id: 'n1', data: { text: 'x'.repeat(9 * 1024 * 1024) } })
  expect(await unchanged(t, () => t.call('POST', '/api/v1/consistency/entities', large))).toMatchObject({ status: 413, body: { error: 'body_too_large' } })
})

it("names that objects inherit (__proto__, constructor, toString) are names like any other: no relationship, no unit, no entity type", async () => {
  const t = await testEngine()
  await t.login()
  for (const rel of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    const answer = await unchanged(t, () => t.call('GET', `/api/v1/consistency/entities/user/user-123/related/${rel}`))
    expect(answer).toMatchObject({ status: 400, body: { error: 'unknown_relationship' } })
  }
  expect((await t.call('GET', '/api/v1/consistency/entities/__proto__/x')).body).toMatchObject({ error: 'entity_not_found' })
  expect((await t.call('GET', '/api/v1/consistency/entities/constructor/x')).body).toMatchObject({ error: 'entity_not_found' })
})

it('error codes are fixed, never made of the input: an unknown entity type is entity_not_found, a known one names it', async () => {
  const t = await testEngine()
  expect((await t.call('GET', '/api/v1/consistency/entities/../user-123')).status).toBe(404)
  expect((await t.call('GET', '/api/v1/consistency/entities/shelf/s1')).body.error).toBe('entity_not_found')
  expect((await t.call('GET', '/api/v1/consistency/entities/order/ORD-9')).body.error).toBe('order_not_found')
})

it('null where an id is expected is a 400 naming the field, not taken as absent', async () => {
  const t = await testEngine()
  await t.login()
  for (const body of [{ persona_id: null }, { persona: null }, { persona: 'user-123' }, { persona: {} }]) {
    const answer = await unchanged(t, () => t.call('POST', '/api/v1/consistency/persona', body))
    expect(answer.status).toBe(400)
    expect(answer.body.error).toBe('validation_error')
  }
  expect((await unchanged(t, () => t.call('POST', '/api/v1/consistency/persona/lifecycle', { persona_id: null, initial_state: 'active' }))).status).toBe(400)
})

it("an id a client names for a new spec resource item must be a string or a number: anything else is a 400 invalid_id", async () => {
  const t = await testEngine({ folder: fileURLToPath(new URL('../../../scenarios/library', import.meta.url)) })
  await t.call('POST', '/api/auth/login', { email: 'librarian@library.test', password: 'shelves-and-stacks' })
  for (const id of [{}, { toString: 'x' }, [1], true, '']) {
    const answer = await unchanged(t, () => t.call('POST', '/api/books', { id, title: 'Middlemarch' }))
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ error: 'invalid_id', field: 'id' })
  }
  expect((await t.call('POST', '/api/books', { id: 'book-given', title: 'Middlemarch' })).status).toBe(201)
})
