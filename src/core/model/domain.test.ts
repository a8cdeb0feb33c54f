import { expect, it } from 'vitest'
import { DAY_MS } from '../scenario/duration.ts'
import type { Scenario } from '../scenario/scenario.ts'
import { testEngine, type TestEngineOptions } from '../../testing/test-engine.ts'

const JAN_27 = '2025-01-27T00:00:00Z'
const T0 = Date.parse(JAN_27)
const at = (days: number) => new Date(T0 + days * DAY_MS).toISOString()
const LOANS_HOOK = { name: 'library', url: 'https://library.example.test/hooks', events: ['loan.*'] }

/** A library's loans: a preset that names the entity type it drives. */
const LOAN_PRESET = {
  name: 'library_loan',
  type: 'loan',
  entity: 'loan',
  defaults: { renewals: 0 },
  states: [
    { name: 'requested', transitions: [{ to: 'active', after_days: 0 }] },
    { name: 'active', transitions: [{ to: 'overdue', after_days: 14, condition: 'renewals < 3' }] },
    { name: 'overdue', transitions: [{ to: 'lost', after_days: 30 }] },
  ],
}

/** The demo scenario plus the loan preset (changed by `preset`), on a frozen clock at 2025-01-27, with a receiver for loan.* webhooks. */
async function library(preset: (p: typeof LOAN_PRESET & Record<string, unknown>) => void = () => {}, options: TestEngineOptions = {}) {
  const t = await testEngine({
    endpoints: [LOANS_HOOK],
    ...options,
    configure: (config) => {
      const loan = structuredClone(LOAN_PRESET)
      preset(loan)
      config.lifecycle.presets.push(loan)
    },
  })
  await t.call('POST', '/__mockforge/time-travel/enable', { time: JAN_27, scale: 0 })
  const upsert = (type: string, id: string, data: Record<string, unknown> = {}) =>
    t.call('POST', '/api/v1/consistency/entities', { entity_type: type, entity_id: id, data })
  const advance = (duration: string) => t.call('POST', '/__mockforge/time-travel/advance', { duration })
  const entity = async (type: string, id: string) => (await t.call('GET', `/api/v1/consistency/entities/${type}/${id}`)).body
  const loanFacts = () => t.facts.filter((f) => f.event.startsWith('loan.'))
  return { ...t, upsert, advance, entity, loanFacts }
}

it('a preset with entity: loan drives loans: it is listed for the type and the scenario has no warning about it', async () => {
  const { engine, call } = await library()
  expect(engine.scenario.entityLifecycles).toEqual({ user: 'subscription', order: 'order_fulfillment', loan: 'library_loan' })
  // The reference config's own warning, and none about the preset or its keys.
  expect(engine.scenario.warnings).toEqual(['reality_continuum: no upstream is set, so every answer stays mocked (set reality_continuum.upstream, or open the page with ?verisim-upstream=<origin>)'])
  expect((await call('GET', '/api/v1/consistency/lifecycle-presets/library_loan')).body).toMatchObject({ entity_type: 'loan', initial_state: 'requested' })
})

it('a loan upserted through the consistency API enters the first state then, and time moves it through every step', async () => {
  const { upsert, advance, entity, loanFacts } = await library()
  const created = await upsert('loan', 'L1', { book_id: 'B1' })
  expect(created.status).toBe(200)
  // The state at the instant it was created; its zero-delay step is taken before the request ends.
  expect(created.body.entity.data).toEqual({ id: 'L1', book_id: 'B1', status: 'requested' })
  expect(await entity('loan', 'L1')).toMatchObject({ data: { status: 'active' }, updated_at: at(0), next_transition: { to: 'overdue', at: at(14) } })

  await advance('13d')
  expect((await entity('loan', 'L1')).data.status).toBe('active')
  // Catch-up: 30 days in one jump takes the step due on day 14, stamped then; lost comes due on day 44.
  await advance('30d')
  expect((await entity('loan', 'L1')).data.status).toBe('overdue')
  await advance('1d')
  expect((await entity('loan', 'L1')).data.status).toBe('lost')
  expect(loanFacts().map((f) => [f.event, f.timestamp, f.subject])).toEqual([
    ['loan.active', at(0), 'loan:L1'],
    ['loan.overdue', at(14), 'loan:L1'],
    ['loan.lost', at(44), 'loan:L1'],
  ])
  expect(loanFacts()[1]?.data).toEqual({ loan_id: 'L1', status: 'overdue', previous_status: 'active' })
})

it("a loan's conditions read its fields (and the preset's defaults): three renewals keep it active", async () => {
  const { upsert, advance, entity, loanFacts } = await library()
  await upsert('loan', 'L1', { renewals: 3 })
  await advance('100d')
  expect(await entity('loan', 'L1')).toMatchObject({ data: { status: 'active', renewals: 3 }, next_transition: null })
  // Fewer renewals later: the step comes due when the field changed, not back in time.
  await upsert('loan', 'L1', { renewals: 1 })
  expect((await entity('loan', 'L1')).data.status).toBe('overdue')
  expect(loanFacts().map((f) => [f.event, f.timestamp])).toEqual([['loan.active', at(0)], ['loan.overdue', at(100)]])
})

it('each step of a loan reaches sockets as loan_status_update and loan.* webhook endpoints as its payload', async () => {
  const { engine, upsert, advance, sent } = await library()
  const frames: Array<Record<string, unknown>> = []
  engine.connect('ws://localhost:3001/', { send: (data) => frames.push(JSON.parse(data)) }).receive(JSON.stringify({ type: 'init', workspace: 'default' }))
  await new Promise((resolve) => setImmediate(resolve))
  await upsert('loan', 'L1')
  await advance('14d')
  expect(frames.slice(1)).toEqual([
    { type: 'loan_status_update', loan_id: 'L1', status: 'active', previous_status: 'requested', timestamp: at(0) },
    { type: 'loan_status_update', loan_id: 'L1', status: 'overdue', previous_status: 'active', timestamp: at(14) },
  ])
  await engine.settled()
  const hooks = sent.filter((s) => s.url === LOANS_HOOK.url)
  expect(hooks.map((s) => s.request.headers['X-Webhook-Event'])).toEqual(['loan.active', 'loan.overdue'])
  expect(JSON.parse(hooks[1]?.request.body ?? '{}')).toEqual({
    event: 'loan.overdue', loan_id: 'L1', status: 'overdue', previous_status: 'active', timestamp: at(14),
  })
})

it('status_field: the state shows in that field, which an upsert may not set, as it may not set status', async () => {
  const { upsert, entity } = await library((p) => {
    p.status_field = 'loan_state'
  })
  await upsert('loan', 'L1')
  expect((await entity('loan', 'L1')).data).toEqual({ id: 'L1', loan_state: 'active' })
  for (const field of ['loan_state', 'status']) {
    const refused = await upsert('loan', 'L1', { [field]: 'returned' })
    expect({ status: refused.status, field: refused.body.field }).toEqual({ status: 400, field: `data.${field}` })
  }
  expect((await entity('loan', 'L1')).data.loan_state).toBe('active')
})

it('orders and subscriptions keep their own facts and frames (the loan preset changes nothing for them)', async () => {
  const { login, call, advance, facts } = await library()
  await login()
  await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
  await advance('1d')
  expect(facts.find((f) => f.event === 'order.shipped')?.data).toEqual({
    order_id: 'ORD-1001', user_id: 'user-123', status: 'shipped', previous_status: 'processing', tracking_number: 'TRACK001001',
  })
})

const withLoanLinks = (scenario: Scenario): Scenario => ({
  ...scenario,
  links: [...scenario.links, { type: 'loan', field: 'book_id', from: 'book', rel: 'has_loans' }],
})

it("a link rule of the scenario makes book —has_loans→ loan, which related/has_loans follows, also after a restart", async () => {
  const first = await library(undefined, { compiled: withLoanLinks })
  await first.upsert('book', 'B1', { title: 'Dune' })
  await first.upsert('loan', 'L1', { book_id: 'B1' })
  await first.upsert('loan', 'L2', { book_id: 'B2' })
  const related = (await first.call('GET', '/api/v1/consistency/entities/book/B1/related/has_loans')).body
  expect(related).toMatchObject({ node: 'book:B1', relationship: 'has_loans', count: 1, entities: [{ entity_type: 'loan', entity_id: 'L1', data: { status: 'active' } }] })
  const unknown = await first.call('GET', '/api/v1/consistency/entities/book/B1/related/has_books')
  expect(unknown.body.message).toBe("No relationship 'has_books': use one of has_orders, has_payments, has_notifications, has_loans (or has_payment, receives_notifications).")
  first.engine.stop()

  const second = await library(undefined, { compiled: withLoanLinks, store: first.store })
  expect((await second.call('GET', '/api/v1/consistency/entities/book/B1/related/has_loans')).body.count).toBe(1)
})

it('without a link rule for it, a loan is linked to nothing and has_loans is not a relationship', async () => {
  const { upsert, call } = await library()
  await upsert('book', 'B1')
  await upsert('loan', 'L1', { book_id: 'B1' })
  expect((await call('GET', '/api/v1/consistency/entities/book/B1/related/has_loans')).status).toBe(400)
})
