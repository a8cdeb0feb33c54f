import type { Page } from '@playwright/test'
import { expect, test, type SeenWebhook } from 'verisim/playwright'

// A second page of the same plain app, whose backend is the library's own API: its openapi.yaml,
// compiled by `npx verisim init public --scenario scenarios/library` into scenario.json and
// validators.js. Books come from the scenario's data file, loans are stored and moved on by the
// loan lifecycle, and a request that breaks the spec is refused.

const LIB = 'http://localhost:4010'
const AMARA = '6f1c2a0e-8b4d-4c3e-9a51-2d7f0b6e4a11'
const BOOKS = ['A Wizard of Earthsea (1968)', 'The Left Hand of Darkness (1969)', 'Things Fall Apart (1958)', 'View with a Grain of Sand (1995)']

/** Opens the library page; resolves once the mock has started and the page has listed its data. */
async function openLibrary(page: Page, verisim: { ready(): Promise<void> }): Promise<void> {
  await page.goto('/library.html')
  await verisim.ready()
  await expect(page.locator('html[data-app=ready]')).toHaveCount(1)
  await expect(page.getByTestId('feed')).toHaveText('Live')
}

/** Loans listed by the mock right now, by their ids. */
async function loanIds(page: Page): Promise<string[]> {
  return page.evaluate(async (base: string) => ((await (await fetch(`${base}/api/loans`)).json()) as { items: Array<{ id: string }> }).items.map((l) => l.id), LIB)
}

test("the library page lists the data file's books and the members of the spec's example", async ({ page, verisim }) => {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await openLibrary(page, verisim)
  await expect(page.getByTestId('book')).toHaveText(BOOKS.map((title) => `${title} Borrow`))
  await expect(page.getByLabel('Member').locator('option')).toHaveText(['Amara Okafor', 'Jonas Lindqvist'])
  // The same books over HTTP, on the page's own origin too.
  const books = await verisim.request('GET', '/api/books')
  expect(books.status).toBe(200)
  expect(books.body.map((b: { id: string }) => b.id)).toEqual(['book-1', 'book-2', 'book-3', 'book-4'])
  expect(errors).toEqual([])
})

test('borrow a book: 201, requested then active; 15 days later overdue on the socket, the loan.overdue webhook and the page, still after a reload', async ({ page, verisim }) => {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await openLibrary(page, verisim)
  await page.getByLabel('Member').selectOption({ label: 'Jonas Lindqvist' })
  await page.getByRole('button', { name: 'Borrow Things Fall Apart' }).click()
  await expect(page.getByTestId('borrowed')).toHaveText(/^201 loan-\d+: Things Fall Apart for Jonas Lindqvist$/)
  const id = (await page.getByTestId('borrowed').textContent())!.match(/^201 (loan-\d+):/)![1]!

  const loan = page.locator(`[data-loan-id="${id}"]`)
  await expect(loan).toHaveAttribute('data-status', 'active')
  await expect(loan).toHaveAttribute('data-trail', 'requested → active')
  await expect(loan).toHaveText(`${id} · Things Fall Apart · Jonas Lindqvist · active`)
  const created = await verisim.webhooks.waitFor('loan.created', (w) => w.payload.loan_id === id)
  expect(created.payload).toMatchObject({ event: 'loan.created', loan_id: id, status: 'requested' })
  const stored = await verisim.request('GET', `/api/loans/${id}`)
  expect(stored).toMatchObject({ status: 200, body: { id, book_id: 'book-3', member_id: 'b3e9d7c4-1f2a-4e6b-8c0d-5a4f3e2b1c90', status: 'active' } })

  await verisim.time.enable()
  await verisim.time.advance('15d')
  // Typed by what they wait for: a frame with its loan_id, a payload with its loan_id.
  const frame = await verisim.sockets.waitFor('loan_status_update', (f) => f.loan_id === id && f.status === 'overdue')
  expect(frame).toMatchObject({ type: 'loan_status_update', loan_id: id, status: 'overdue', previous_status: 'active' })
  const overdue = await verisim.webhooks.waitFor('loan.overdue', (w) => w.payload.loan_id === id && w.status === 'delivered')
  expect(overdue.payload).toMatchObject({ event: 'loan.overdue', loan_id: id, status: 'overdue', previous_status: 'active', timestamp: frame.timestamp })
  // The scenario's endpoint is the mock's own receiver (loan.*).
  expect(overdue.url).toBe(`${LIB}/api/webhooks/circulation`)
  await expect(loan).toHaveAttribute('data-status', 'overdue')
  await expect(loan).toHaveAttribute('data-trail', 'requested → active → overdue')

  await page.reload()
  await verisim.ready()
  await expect(page.locator('html[data-app=ready]')).toHaveCount(1)
  await expect(loan).toHaveText(`${id} · Things Fall Apart · Jonas Lindqvist · overdue`)
  await expect(loan).toHaveAttribute('data-status', 'overdue')
  expect((await verisim.request('GET', `/api/loans/${id}`)).body).toMatchObject({ id, status: 'overdue' })
  expect(errors).toEqual([])
})

test('a loan without book_id is refused with 400 naming the field, a text body with 415, and nothing is created', async ({ page, verisim }) => {
  await openLibrary(page, verisim)
  const before = await loanIds(page)

  // As the app would send it: fetch to the library's backend, JSON declared.
  const fromPage = await page.evaluate(async ({ base, member }) => {
    const response = await fetch(`${base}/api/loans`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ member_id: member }) })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }, { base: LIB, member: AMARA })
  expect(fromPage.status).toBe(400)
  expect(fromPage.body).toMatchObject({ error: 'validation_failed', field: 'book_id', message: expect.any(String) })

  // Through the fixture, on the page's own origin.
  const fromTest = await verisim.request('POST', '/api/loans', { member_id: AMARA })
  expect(fromTest.status).toBe(400)
  expect(fromTest.body).toMatchObject({ error: 'validation_failed', field: 'book_id' })

  // A string body without Content-Type goes as text/plain: not a media type the operation takes.
  const text = await page.evaluate(async (base) => {
    const response = await fetch(`${base}/api/loans`, { method: 'POST', body: JSON.stringify({ book_id: 'book-1', member_id: '6f1c2a0e-8b4d-4c3e-9a51-2d7f0b6e4a11' }) })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }, LIB)
  expect(text).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } })

  expect(await loanIds(page)).toEqual(before)
  // No loan.created for anything but the loans there were (a refused request is not a fact).
  const loanOf = (w: SeenWebhook) => ('loan_id' in w.payload ? String(w.payload.loan_id) : undefined)
  const createdSince = (await verisim.webhooks.all()).filter((w) => w.event === 'loan.created' && !before.includes(loanOf(w) ?? ''))
  expect(createdSince).toEqual([])
  await expect(page.getByTestId('loan')).toHaveCount(before.length)
})
