import type { Page } from '@playwright/test'
import { expect, test } from './support/fixtures.ts'
import type { HttpReceiver } from './support/http-receiver.ts'
import {
  api, createOrder, DAY_MS, framesOf, gotoReady, login, openSocket, plusMs, sendSocket, timeTravel, waitReady, type ApiResponse, type Json,
} from './support/page.ts'

// A scenario whose API is its openapi.yaml (scenarios/library): resources served as CRUD over the
// world's entities, requests held to the spec, a loan lifecycle on the virtual clock, and the panel's
// list of the spec's operations.

const PAGE = '/?scenario=library'
/** The backend the library's spec names (servers[0].url). */
const LIB = 'http://localhost:4010'
const SOCKET = 'ws://localhost:4011'
const LIBRARIAN = { email: 'librarian@library.test', password: 'shelves-and-stacks' }
const AMARA = '6f1c2a0e-8b4d-4c3e-9a51-2d7f0b6e4a11'
const JONAS = 'b3e9d7c4-1f2a-4e6b-8c0d-5a4f3e2b1c90'
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const RENEWED = {
  id: 'loan-1', book_id: 'book-1', member_id: AMARA, status: 'active', due_at: '2026-12-29T10:00:00Z', created_at: '2026-12-01T10:00:00Z', renewals: 1,
}

/** A request with a body sent as it is, under the given Content-Type (the `api` helper always sends JSON). */
async function send(page: Page, method: string, url: string, body: string, contentType: string): Promise<ApiResponse> {
  return page.evaluate(async (args) => {
    const response = await fetch(args.url, { method: args.method, headers: { 'Content-Type': args.contentType }, body: args.body, cache: 'no-store' })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      // Not JSON: the caller sees the text.
    }
    return { status: response.status, headers: {}, body: parsed as Record<string, any>, text, contentType: response.headers.get('content-type') ?? '' }
  }, { method, url, body, contentType })
}

const loans = async (page: Page, query = ''): Promise<Json> => (await api(page, 'GET', `${LIB}/api/loans${query}`)).body
const loan = (page: Page, id: string) => api(page, 'GET', `${LIB}/api/loans/${encodeURIComponent(id)}`)
const idsOf = (items: Json[]) => items.map((item) => item.id)
const posts = (receiver: HttpReceiver) => receiver.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body) as Json)

/** The loans once none is still `requested` (a requested loan becomes active at once, on the engine's next tick). */
async function settledLoans(page: Page): Promise<Json> {
  await expect.poll(async () => (await loans(page)).items.filter((l: Json) => l.status === 'requested').length).toBe(0)
  return loans(page)
}

test('library: CRUD over spec resources, linked by ids, survives a reload', async ({ page }) => {
  await gotoReady(page, PAGE)
  const session = await login(page, LIBRARIAN.email, LIBRARIAN.password, LIB)
  expect(session.status).toBe(200)
  expect(session.body.user).toMatchObject({ id: 'staff-001', email: LIBRARIAN.email, name: 'Lena Librarian' })

  // Books and authors come from the scenario's data files; authors have integer ids.
  const books = await api(page, 'GET', `${LIB}/api/books`)
  expect(books.status).toBe(200)
  expect(books.body.map((b: Json) => `${b.id} ${b.author_id} ${b.title}`)).toEqual([
    'book-1 1 A Wizard of Earthsea', 'book-2 1 The Left Hand of Darkness', 'book-3 2 Things Fall Apart', 'book-4 3 View with a Grain of Sand',
  ])
  const authors = (await api(page, 'GET', `${LIB}/api/authors`)).body
  expect(authors.map((a: Json) => a.id)).toEqual([1, 2, 3])
  expect((await api(page, 'GET', `${LIB}/api/authors/2`)).body).toMatchObject({ id: 2, name: 'Chinua Achebe' })
  const author = await api(page, 'POST', `${LIB}/api/authors`, { name: 'Octavia E. Butler', born: 1947, country: 'US' })
  expect(author.status).toBe(201)
  expect(author.body).toEqual({ id: 4, name: 'Octavia E. Butler', born: 1947, country: 'US' })

  // Members come from the example of GET /api/members; a new one gets a uuid.
  const members = (await api(page, 'GET', `${LIB}/api/members`)).body
  expect(members.map((m: Json) => `${m.id} ${m.name}`)).toEqual([`${AMARA} Amara Okafor`, `${JONAS} Jonas Lindqvist`])
  const member = await api(page, 'POST', `${LIB}/api/members`, { name: 'Noor Haddad', email: 'noor@example.org' })
  expect(member.status).toBe(201)
  expect(member.body.id).toMatch(UUID)
  expect(member.body).toMatchObject({ name: 'Noor Haddad', email: 'noor@example.org' })
  expect(member.headers.location).toBe(`/api/members/${member.body.id}`)

  // Loans: an object with the items and their total; three generated from the schema to start with.
  const before = await settledLoans(page)
  expect(Object.keys(before).sort()).toEqual(['items', 'total'])
  expect(before.total).toBe(before.items.length)
  expect(before.items).toHaveLength(3)

  const created = await api(page, 'POST', `${LIB}/api/loans`, { book_id: 'book-2', member_id: AMARA })
  expect(created.status).toBe(201)
  const a = created.body.id as string
  expect(a).toMatch(/^loan-\d+$/)
  expect(created.body).toMatchObject({ id: a, book_id: 'book-2', member_id: AMARA, status: 'requested' })
  expect(typeof created.body.created_at).toBe('string')
  expect(typeof created.body.due_at).toBe('string')
  expect(created.headers.location).toBe(`/api/loans/${a}`)
  // The preset's first step has no delay: the loan settles in `active`.
  await expect.poll(async () => (await loan(page, a)).body.status).toBe('active')
  const b = (await api(page, 'POST', `${LIB}/api/loans`, { book_id: 'book-3', member_id: member.body.id })).body.id as string
  expect(b).not.toBe(a)

  const dueAt = '2027-01-15T17:00:00.000Z'
  const patched = await api(page, 'PATCH', `${LIB}/api/loans/${a}`, { due_at: dueAt })
  expect(patched.status).toBe(200)
  expect(patched.body).toMatchObject({ id: a, book_id: 'book-2', due_at: dueAt, status: 'active' })
  const returned = await api(page, 'PATCH', `${LIB}/api/loans/${a}`, { status: 'returned' })
  expect(returned.body).toMatchObject({ id: a, status: 'returned', due_at: dueAt })

  const byStatus = await loans(page, '?status=returned')
  expect(idsOf(byStatus.items)).toContain(a)
  expect(byStatus.items.every((l: Json) => l.status === 'returned')).toBe(true)
  expect(byStatus.total).toBe(byStatus.items.length)
  // Loans generated at the first look at the list link to the members there were then, Noor among them.
  const byMember = await loans(page, `?member_id=${member.body.id}`)
  expect(idsOf(byMember.items)).toEqual([...idsOf(before.items.filter((l: Json) => l.member_id === member.body.id)), b])

  const removed = await api(page, 'DELETE', `${LIB}/api/loans/${b}`)
  expect(removed.status).toBe(204)
  const gone = await loan(page, b)
  expect(gone.status).toBe(404)
  expect(gone.body).toMatchObject({ error: 'not_found' })
  expect(gone.body.message).toContain(b)
  const after = await loans(page)
  expect(after.total).toBe(before.total + 1)
  expect(idsOf(after.items)).toEqual([...idsOf(before.items), a])

  // Everything above is in IndexedDB: a reload finds it as it was left.
  await page.reload()
  await waitReady(page)
  expect((await loan(page, a)).body).toMatchObject({ id: a, status: 'returned', due_at: dueAt, book_id: 'book-2', member_id: AMARA })
  expect((await loan(page, b)).status).toBe(404)
  const reloaded = await loans(page)
  expect(reloaded.total).toBe(after.total)
  expect(idsOf(reloaded.items)).toEqual(idsOf(after.items))
  expect((await api(page, 'GET', `${LIB}/api/members`)).body.map((m: Json) => m.id)).toEqual([AMARA, JONAS, member.body.id])
  expect((await api(page, 'GET', `${LIB}/api/authors`)).body.map((x: Json) => x.id)).toEqual([1, 2, 3, 4])
  expect((await api(page, 'GET', `${LIB}/api/books`)).body).toHaveLength(4)
})

test('library: a request that breaks the spec is refused with the field at fault, and changes nothing', async ({ page }) => {
  await gotoReady(page, PAGE)
  const before = await settledLoans(page)
  const deliveries = (await api(page, 'GET', '/__mockforge/webhooks/deliveries')).body.total

  const missing = await api(page, 'POST', `${LIB}/api/loans`, { member_id: AMARA })
  expect(missing.status).toBe(400)
  expect(missing.body).toMatchObject({ error: 'validation_failed', field: 'book_id' })
  expect(typeof missing.body.message).toBe('string')

  const extra = await api(page, 'POST', `${LIB}/api/loans`, { book_id: 'book-1', member_id: AMARA, colour: 'red' })
  expect(extra.status).toBe(400)
  expect(extra.body).toMatchObject({ error: 'validation_failed', field: 'colour' })

  const notUuid = await api(page, 'POST', `${LIB}/api/loans`, { book_id: 'book-1', member_id: 'amara' })
  expect(notUuid.status).toBe(400)
  expect(notUuid.body).toMatchObject({ error: 'validation_failed', field: 'member_id' })

  const bogus = await api(page, 'GET', `${LIB}/api/loans?status=bogus`)
  expect(bogus.status).toBe(400)
  expect(bogus.body).toMatchObject({ error: 'validation_failed', field: 'status' })

  const text = await send(page, 'POST', `${LIB}/api/loans`, 'book-1 for Amara', 'text/plain')
  expect(text.status).toBe(415)
  expect(text.contentType).toContain('json')

  expect(await loans(page)).toEqual(before)
  expect((await api(page, 'GET', '/__mockforge/webhooks/deliveries')).body.total).toBe(deliveries)
})

test("library: an endpoint registered at run time may listen for the scenario's own events (loan.*, loan.overdue, book.created)", async ({ page, httpReceiver }) => {
  await gotoReady(page, PAGE)
  for (const events of [['loan.*'], ['loan.overdue', 'loan.returned'], ['book.created', 'member.*']]) {
    const endpoint = await api(page, 'POST', '/__mockforge/webhooks', { url: `${httpReceiver.url}/hooks`, events })
    expect(endpoint.status, `${events.join(', ')}: ${endpoint.text}`).toBe(201)
    expect(endpoint.body.events).toEqual(events)
  }
  const unknown = await api(page, 'POST', '/__mockforge/webhooks', { url: `${httpReceiver.url}/hooks`, events: ['shelf.*'] })
  expect(unknown.status).toBe(400)
  expect(unknown.body).toMatchObject({ error: 'unknown_event', field: 'events' })
  expect(unknown.body.message).toContain('loan.*')
})

test('library: a loan falls overdue after 14 days: a webhook receiver and a socket hear loan.overdue', async ({ page, httpReceiver }) => {
  await gotoReady(page, PAGE)
  // The loan's events are picked out by its id (the loans generated at the start move on too).
  const endpoint = await api(page, 'POST', '/__mockforge/webhooks', { url: `${httpReceiver.url}/hooks`, events: ['loan.*'], name: 'circulation-test' })
  expect(endpoint.status, endpoint.text).toBe(201)
  await openSocket(page, 'feed', SOCKET)
  await sendSocket(page, 'feed', { type: 'init', workspace: 'default' })
  await expect.poll(async () => (await framesOf(page, 'feed'))[0]).toMatchObject({ type: 'init_ack', workspace: 'default' })

  const created = await api(page, 'POST', `${LIB}/api/loans`, { book_id: 'book-1', member_id: JONAS })
  expect(created.status).toBe(201)
  const id = created.body.id as string
  const at = created.body.created_at as string
  await expect.poll(async () => (await loan(page, id)).body.status).toBe('active')

  expect((await timeTravel(page, 'enable')).status).toBe(200)
  expect((await timeTravel(page, 'advance', { duration: '15d' })).status).toBe(200)
  expect((await loan(page, id)).body.status).toBe('overdue')

  const overdue = { event: 'loan.overdue', loan_id: id, status: 'overdue', previous_status: 'active', timestamp: plusMs(at, 14 * DAY_MS) }
  await expect.poll(() => posts(httpReceiver).filter((p) => p.loan_id === id).map((p) => p.event), { timeout: 15_000 }).toContain('loan.overdue')
  const mine = posts(httpReceiver).filter((p) => p.loan_id === id)
  expect(mine.filter((p) => p.event === 'loan.overdue')).toEqual([expect.objectContaining(overdue)])
  expect(mine.map((p) => p.event)).toEqual(expect.arrayContaining(['loan.created', 'loan.active', 'loan.overdue']))
  expect(posts(httpReceiver).every((p) => String(p.event).startsWith('loan.'))).toBe(true)
  expect(mine.findIndex((p) => p.event === 'loan.active')).toBeLessThan(mine.findIndex((p) => p.event === 'loan.overdue'))

  // The scenario's own endpoint is a URL the mock serves: the delivery is recorded there.
  await expect
    .poll(async () => ((await api(page, 'GET', `${LIB}/api/webhooks/circulation`)).body.received as Json[]).filter((r) => r.body?.loan_id === id).map((r) => r.event), { timeout: 15_000 })
    .toContain('loan.overdue')

  await expect
    .poll(async () => (await framesOf(page, 'feed')).filter((f) => f.type === 'loan_status_update' && f.loan_id === id && f.status === 'overdue'))
    .toEqual([{ type: 'loan_status_update', loan_id: id, status: 'overdue', previous_status: 'active', timestamp: plusMs(at, 14 * DAY_MS) }])
})

test('library: an operation with an example answers it; one without answers the same generated body every time', async ({ page }) => {
  await gotoReady(page, PAGE)
  const renewed = await api(page, 'POST', `${LIB}/api/loans/loan-1/renew`)
  expect(renewed.status).toBe(200)
  expect(renewed.body).toEqual(RENEWED)

  const first = await api(page, 'GET', `${LIB}/api/stats`)
  expect(first.status).toBe(200)
  expect(first.contentType).toContain('application/json')
  expect(Object.keys(first.body).sort()).toEqual(['active_loans', 'books', 'generated_at', 'members', 'overdue_loans'])
  for (const key of ['active_loans', 'books', 'members', 'overdue_loans']) {
    expect(Number.isInteger(first.body[key]), `${key} is an integer`).toBe(true)
    expect(first.body[key]).toBeGreaterThanOrEqual(0)
  }
  expect(Number.isNaN(Date.parse(first.body.generated_at))).toBe(false)
  expect((await api(page, 'GET', `${LIB}/api/stats`)).body).toEqual(first.body)
})

test("library: the shop's paths are not its API: a 404 naming the path, and the demo says where its API is", async ({ page }) => {
  await gotoReady(page, PAGE)
  const products = await api(page, 'GET', '/api/products')
  expect(products).toMatchObject({ status: 404, body: { error: 'route_not_found', message: "Verisim has no route for GET /api/products, and the scenario's spec has no such path." } })
  await expect(page.getByText(/Scenario 'library' is not a shop: it serves its own API, .* \(\d+ operations\)\. Open the Verisim panel/)).toBeVisible()
})

test('library: a path the spec does not have is a JSON 404 naming it', async ({ page }) => {
  await gotoReady(page, PAGE)
  const missing = await api(page, 'GET', `${LIB}/api/shelves/7`)
  expect(missing.status).toBe(404)
  expect(missing.contentType).toContain('application/json')
  expect(typeof missing.body.error).toBe('string')
  expect(JSON.stringify(missing.body)).toContain('/api/shelves/7')
})

const openPanel = async (page: Page) => {
  await page.getByRole('button', { name: 'Open Verisim devtools' }).click()
  await expect(page.locator('[data-testid=verisim-panel]')).toBeVisible()
  await page.getByRole('tab', { name: 'Scenario' }).click()
}
const operation = (page: Page, id: string) => page.locator(`[data-testid=operation][data-operation="${id}"]`)

test("library: the panel's Scenario tab lists the spec's operations, what serves each and their violations as they happen", async ({ page }, testInfo) => {
  await gotoReady(page, PAGE)
  await openPanel(page)
  const rows = page.getByTestId('operation')
  await expect(rows).toHaveCount(18)
  const served: Record<string, string> = {
    login: 'engine route',
    listAuthors: 'spec resource author', createAuthor: 'spec resource author', getAuthor: 'spec resource author',
    listBooks: 'spec resource book', createBook: 'spec resource book', getBook: 'spec resource book', updateBook: 'spec resource book',
    listMembers: 'spec resource member', createMember: 'spec resource member', getMember: 'spec resource member',
    listLoans: 'spec resource loan', createLoan: 'spec resource loan', getLoan: 'spec resource loan', deleteLoan: 'spec resource loan', updateLoan: 'spec resource loan',
    renewLoan: 'example',
    getStats: 'generated',
  }
  // In the document's order (each path's methods as OpenAPI lists them: get, put, post, delete, …, patch).
  expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-operation')))).toEqual(Object.keys(served))
  for (const [id, label] of Object.entries(served)) await expect(operation(page, id).getByTestId('served-by'), id).toHaveText(label)
  await expect(operation(page, 'renewLoan')).toContainText('POST')
  await expect(operation(page, 'renewLoan')).toContainText('/api/loans/{loanId}/renew')
  await expect(operation(page, 'renewLoan')).toContainText('Renew a loan for another 14 days')
  await expect(page.getByTestId('violation-count').and(page.locator('[data-count="0"]'))).toHaveCount(18)

  // A refused request shows up on its operation while the tab is open.
  expect((await api(page, 'POST', `${LIB}/api/loans`, { member_id: AMARA })).status).toBe(400)
  const createLoan = operation(page, 'createLoan')
  await expect(createLoan.getByTestId('violation-count')).toHaveAttribute('data-count', '1')
  await expect(createLoan.getByTestId('violation')).toHaveCount(1)
  await expect(createLoan.getByTestId('violation')).toContainText('book_id')
  await expect(createLoan.getByTestId('violation')).toHaveAttribute('data-direction', 'request')
  expect((await api(page, 'GET', `${LIB}/api/loans?status=bogus`)).status).toBe(400)
  await expect(operation(page, 'listLoans').getByTestId('violation-count')).toHaveAttribute('data-count', '1')
  await expect(page.getByTestId('operations-summary')).toContainText('18 operations · 2 recent violations')
  await page.getByTestId('operations').screenshot({ path: testInfo.outputPath('scenario-tab-operations.png') })
})

test('seed scenario: GET /api/products is an array, and the built-in routes answer its spec without a violation', async ({ page }) => {
  await gotoReady(page)
  expect((await login(page)).status).toBe(200)
  const products = await api(page, 'GET', '/api/products')
  expect(products.status).toBe(200)
  expect(Array.isArray(products.body)).toBe(true)
  expect(products.body.length).toBeGreaterThan(0)
  const order = await createOrder(page)
  expect(order.status).toBe(201)
  expect((await api(page, 'GET', `/api/orders/${order.body.id}`)).status).toBe(200)

  await openPanel(page)
  for (const id of ['login', 'browseProducts', 'createOrder', 'getOrder']) {
    await expect(operation(page, id).getByTestId('served-by'), id).toHaveText('engine route')
  }
  const counts = await page.getByTestId('operation').evaluateAll((trs) =>
    trs.map((tr) => `${tr.getAttribute('data-operation')} ${tr.querySelector('[data-testid=violation-count]')?.getAttribute('data-count')} ${tr.querySelector('[data-testid=operation-violations]')?.textContent}`))
  expect(counts.length).toBeGreaterThanOrEqual(4)
  expect(counts.filter((line) => !/^\S+ 0 —$/.test(line))).toEqual([])
})
