import { expect, test } from './support/fixtures.ts'
import { api, BACKEND, gotoReady, listOf, login, timeTravel } from './support/page.ts'

// `?scenario=<folder>` picks the scenario the demo serves; each has its own IndexedDB database.

const BILLING = '/?scenario=subscription-billing'
const OWNER = { email: 'owner@acme.test', password: 'acme-owner' }
const TRIAL = { email: 'trial@startup.test', password: 'trial-user' }

test('?scenario=subscription-billing serves its plans, its personas and their subscription states', async ({ page }) => {
  await gotoReady(page, BILLING)
  const products = await api(page, 'GET', '/api/products')
  expect(products.status).toBe(200)
  expect(listOf(products).map((p) => `${p.id} ${p.category}`)).toEqual([
    'plan-starter plan', 'plan-team plan', 'plan-enterprise plan',
  ])
  // The configured backend serves the same scenario.
  expect(listOf(await api(page, 'GET', `${BACKEND}/api/products`))).toHaveLength(3)

  // The demo scenario's people are not this scenario's.
  expect((await login(page)).status).toBe(401)

  const trial = await login(page, TRIAL.email, TRIAL.password)
  expect(trial.status).toBe(200)
  expect(trial.body.user).toEqual({ id: 'acct-002', email: 'trial@startup.test', name: 'Theo Trial', subscription_tier: 'starter' })
  const trialBilling = await api(page, 'GET', '/api/billing/subscription')
  expect(trialBilling.status).toBe(200)
  expect(trialBilling.body).toMatchObject({ user_id: 'acct-002', plan: 'starter', status: 'trial', lifecycle_preset: 'subscription', payment_failed_count: 0 })
  expect(trialBilling.body.history.map((h: { status: string }) => h.status)).toEqual(['trial'])

  expect((await login(page, OWNER.email, OWNER.password)).body.user.id).toBe('acct-001')
  const ownerBilling = await api(page, 'GET', '/api/billing/subscription')
  expect(ownerBilling.body).toMatchObject({ user_id: 'acct-001', plan: 'team', status: 'active', billing_status: 'active', lifecycle_preset: 'subscription' })
})

test('in subscription-billing a trial becomes active after 14 days and the billing webhook hears of it', async ({ page }) => {
  await gotoReady(page, BILLING)
  await login(page, TRIAL.email, TRIAL.password)
  expect((await api(page, 'GET', '/api/billing/subscription')).body.status).toBe('trial')

  expect((await timeTravel(page, 'advance', { duration: '15d' })).status).toBe(200)
  const billing = await api(page, 'GET', '/api/billing/subscription')
  expect(billing.body).toMatchObject({ user_id: 'acct-002', status: 'active' })
  expect(billing.body.history.map((h: { status: string }) => h.status)).toEqual(['trial', 'active'])

  // The endpoint is a URL the mock serves, so the delivery is answered and recorded there.
  await expect
    .poll(async () => (await api(page, 'GET', '/api/webhooks/billing')).body.received.map((r: { event: string }) => r.event), { timeout: 15_000 })
    .toEqual(['subscription.active'])
  const [receipt] = (await api(page, 'GET', '/api/webhooks/billing')).body.received
  expect(receipt.body).toMatchObject({ event: 'subscription.active', user_id: 'acct-002', status: 'active', previous_status: 'trial' })
})

test('each scenario keeps its own state: switching back and forth loses nothing and mixes nothing', async ({ page }) => {
  await gotoReady(page, BILLING)
  await login(page, TRIAL.email, TRIAL.password)

  await gotoReady(page, '/')
  const demo = await api(page, 'GET', '/api/products')
  expect(listOf(demo)).toHaveLength(6)
  expect(demo.headers['x-mockforge-persona']).toBeUndefined()

  await gotoReady(page, BILLING)
  const billing = await api(page, 'GET', '/api/products')
  expect(billing.headers['x-mockforge-persona']).toBe('acct-002')
  // Still logged in: the plans within Theo's budget (max_price 50).
  expect(listOf(billing).map((p) => p.id)).toEqual(['plan-starter', 'plan-team'])
})

test('an unknown ?scenario= stops the start with a message naming the known scenarios, and no uncaught error', async ({ page }) => {
  await page.goto('/?scenario=does-not-exist')
  await expect(page.locator('html')).toHaveAttribute('data-verisim', 'error', { timeout: 20_000 })
  const message = await page.locator('html').getAttribute('data-verisim-error')
  expect(message).toMatch(/^There is no scenario 'does-not-exist' \(no scenarios\/does-not-exist\/config\.yaml\)\. Known scenarios: .+\.$/)
  const known = message?.replace(/^.*Known scenarios: /, '').replace(/\.$/, '').split(', ')
  expect(known).toEqual(expect.arrayContaining(['e2e-persona-flow', 'subscription-billing']))
  expect(known).not.toContain('does-not-exist')
  await expect(page.getByRole('alert').filter({ hasText: 'Verisim could not start' })).toHaveText(`Verisim could not start: ${message}`)
})
