import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { testEngine } from '../../testing/test-engine.ts'

const LIBRARY = fileURLToPath(new URL('../../../scenarios/library', import.meta.url))

async function library() {
  const t = await testEngine({ folder: LIBRARY })
  await t.call('POST', '/__mockforge/time-travel/enable', { time: '2025-03-01T00:00:00Z', scale: 0 })
  return t
}

it('a new item after a data file gets the next free id of its kind: book-<n>, an integer, a uuid', async () => {
  const { call } = await library()
  const books = (await call('GET', '/api/books')).body as unknown as Array<{ id: string }>
  const book = await call('POST', '/api/books', { title: 'Kindred', author_id: 1 })
  expect(book.status).toBe(201)
  expect(book.body.id).toBe(`book-${books.length + 1}`)
  expect(book.headers.get('Location')).toBe(`/api/books/${book.body.id}`)
  const authors = (await call('GET', '/api/authors')).body as unknown as Array<{ id: number }>
  const author = await call('POST', '/api/authors', { name: 'Octavia E. Butler' })
  expect(author.body.id).toBe(Math.max(...authors.map((a) => a.id)) + 1)
  const member = await call('POST', '/api/members', { name: 'Ada', email: 'ada@example.com' })
  expect(member.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  // The same workspace, made again from nothing, makes the same ids (nothing random).
  const again = await library()
  await again.call('GET', '/api/members')
  expect((await again.call('POST', '/api/members', { name: 'Ada', email: 'ada@example.com' })).body.id).toBe(member.body.id)
})

it('a loan is linked to its book and member in the persona graph, and moves on the clock: the status field shows its state', async () => {
  const { call, facts } = await library()
  const book = ((await call('GET', '/api/books')).body as unknown as Array<{ id: string }>)[0]!.id
  const member = ((await call('GET', '/api/members')).body as unknown as Array<{ id: string }>)[0]!.id
  const loan = await call('POST', '/api/loans', { book_id: book, member_id: member })
  expect(loan).toMatchObject({ status: 201, body: { book_id: book, member_id: member, status: 'requested', created_at: '2025-03-01T00:00:00.000Z' } })
  expect((await call('GET', `/api/loans/${loan.body.id}`)).body.status).toBe('active')
  const related = await call('GET', `/api/v1/consistency/entities/book/${book}/related/has_loans`)
  expect(related.body.entities.map((e: { entity_id: string }) => e.entity_id)).toContain(loan.body.id)
  await call('POST', '/__mockforge/time-travel/advance', { duration: '15d' })
  expect((await call('GET', `/api/loans/${loan.body.id}`)).body.status).toBe('overdue')
  expect(facts.filter((f) => f.subject === `loan:${loan.body.id}`).map((f) => f.event)).toEqual(['loan.created', 'loan.active', 'loan.overdue'])
  const returned = await call('PATCH', `/api/loans/${loan.body.id}`, { status: 'returned' })
  expect(returned.body.status).toBe('returned')
  expect(facts.find((f) => f.event === 'loan.returned')).toMatchObject({ event: 'loan.returned', data: { loan_id: loan.body.id, status: 'returned', previous_status: 'overdue' } })
})

it('lists follow the schema (an object with items and total for loans), filtered by item properties; a deleted item is 404', async () => {
  const { call } = await library()
  const page = await call('GET', '/api/loans')
  expect(page.body.total).toBe(page.body.items.length)
  expect(page.body.items.length).toBeGreaterThan(0)
  const first = page.body.items[0]
  const filtered = await call('GET', `/api/loans?member_id=${first.member_id}`)
  expect(filtered.body.items.every((l: { member_id: string }) => l.member_id === first.member_id)).toBe(true)
  expect((await call('DELETE', `/api/loans/${first.id}`)).status).toBe(204)
  expect(await call('GET', `/api/loans/${first.id}`)).toMatchObject({ status: 404, body: { error: 'not_found' } })
  expect((await call('GET', '/api/loans')).body.total).toBe(page.body.total - 1)
})

it('a new loan enters the first state: a POST naming another is refused, saying how to change it', async () => {
  const { call } = await library()
  const book = ((await call('GET', '/api/books')).body as unknown as Array<{ id: string }>)[0]!.id
  const member = ((await call('GET', '/api/members')).body as unknown as Array<{ id: string }>)[0]!.id
  const refused = await call('PATCH', '/api/loans/nope', { status: 'returned' })
  expect(refused.status).toBe(404)
  const created = await call('POST', '/api/loans', { book_id: book, member_id: member })
  const bad = await call('PATCH', `/api/loans/${created.body.id}`, { status: 'misplaced' })
  expect(bad).toMatchObject({ status: 400, body: { field: 'status' } })
})

it('another operation answers its example, or the same generated body for the same request', async () => {
  const { call } = await library()
  const stats = await call('GET', '/api/stats')
  expect(stats.status).toBe(200)
  expect((await call('GET', '/api/stats')).body).toEqual(stats.body)
})

it('initial items were already there: generated loans start where the preset settles (active), reporting no step', async () => {
  const { call, facts } = await library()
  const loans = (await call('GET', '/api/loans')).body.items as Array<{ status: string }>
  expect(loans.map((l) => l.status)).toEqual(['active', 'active', 'active'])
  expect(facts.filter((f) => f.event.startsWith('loan.'))).toEqual([])
})

it("a scenario whose spec is an API of its own does not also answer the shop's paths: they are 404s naming the path", async () => {
  const { call } = await library()
  for (const path of ['/api/products', '/api/orders', '/api/billing/subscription']) {
    const answer = await call('GET', path)
    expect(answer).toMatchObject({ status: 404, body: { error: 'route_not_found' } })
    expect(answer.body.message).toBe(`Verisim has no route for GET ${path}, and the scenario's spec has no such path.`)
  }
  // Login (personas), the consistency API and time travel are Verisim's own and stay.
  expect((await call('POST', '/api/auth/login', { email: 'librarian@library.test', password: 'shelves-and-stacks' })).status).toBe(200)
  expect((await call('GET', '/api/v1/consistency/state')).status).toBe(200)
})

it('an item is made at one instant: its created_at is when its lifecycle starts, while the clock runs (regression: a millisecond apart)', async () => {
  const t = await testEngine({ folder: LIBRARY })
  let wall = Date.parse('2026-12-01T10:00:00Z')
  // Every read of the wall clock is a millisecond later, as on a busy page.
  Object.defineProperty(t.clock, 'wallNow', { get: () => (wall += 1) })
  const book = ((await t.call('GET', '/api/books')).body as unknown as Array<{ id: string }>)[0]!.id
  const member = ((await t.call('GET', '/api/members')).body as unknown as Array<{ id: string }>)[0]!.id
  const loan = await t.call('POST', '/api/loans', { book_id: book, member_id: member })
  const created = t.facts.find((f) => f.event === 'loan.created' && f.subject === `loan:${loan.body.id}`)
  expect(created?.timestamp).toBe(loan.body.created_at)
})
