import type { Locator, Page } from '@playwright/test'
import { expect, test } from './support/fixtures.ts'
import { api, gotoReady, timeTravel, waitReady } from './support/page.ts'

// The demo shop as a person uses it: every step is a click or a key, every check is what the page shows.

const HEADPHONES = 'Wireless Noise-Cancelling Headphones'

async function signInAs(page: Page, name: 'Demo User' | 'Casey Reader'): Promise<void> {
  await gotoReady(page, '/#/login')
  await page.getByRole('button', { name: new RegExp(`^Sign in as ${name}`) }).click()
  await expect(page.getByTestId('who')).toHaveText(name)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Picked for you, ${name.split(' ')[0]}`)
}

const toast = (page: Page, text: string): Locator => page.getByRole('status').filter({ hasText: text })
const step = (page: Page, name: string): Locator => page.getByTestId('timeline').locator(`[data-step="${name}"]`)

async function expectStatus(page: Page, status: string): Promise<void> {
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', status)
}

test('signed out, the shop shows every product; a persona signs in and sees only the products picked for it', async ({ page }) => {
  await gotoReady(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('All products')
  const cards = page.getByTestId('products').locator('.product-card')
  await expect(cards).toHaveCount(6)
  await expect(cards.filter({ hasText: 'Mechanical Keyboard' })).toContainText('Out of stock')
  await expect(page.getByRole('link', { name: 'Sign in to order' })).toHaveCount(6)

  await page.getByTestId('sign-in').click()
  await expect(page).toHaveURL(/#\/login$/)
  await page.getByLabel('Email').fill('user@example.com')
  await page.getByLabel('Password').fill('password123')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()

  await expect(page.getByTestId('who')).toHaveText('Demo User')
  await expect(page.getByTestId('tier')).toHaveText('premium')
  // Demo User's preferences: electronics, at most $1,500, in stock.
  await expect(page.getByText('Filtered for you: Electronics · up to $1,500.00 · in stock only.')).toBeVisible()
  await expect(cards.locator('h2')).toHaveText([HEADPHONES, '4K Action Camera'])
  await expect(page.getByTestId('category-filter').getByRole('button')).toHaveCount(0)
})

test('order, then follow it on its tracking page while time travels: shipped with a tracking number, delivered, completed; a reload keeps it', async ({ page }, testInfo) => {
  // A whole order's life by hand, and a reload: longer than one request-level test.
  test.setTimeout(60_000)
  await signInAs(page, 'Demo User')
  await page.getByLabel(`Qty of ${HEADPHONES}`).fill('2')
  await page.getByRole('button', { name: `Order ${HEADPHONES}` }).click()

  await expect(page).toHaveURL(/#\/orders\/ORD-1001$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Order ORD-1001')
  await expect(page.getByText(`${HEADPHONES} × 2 · placed`)).toBeVisible()
  await expectStatus(page, 'processing')
  await expect(step(page, 'processing')).toHaveAttribute('data-state', 'current')
  await expect(step(page, 'shipped')).toHaveAttribute('data-state', 'upcoming')
  await expect(page.getByTestId('tracking-number')).toHaveCount(0)
  await expect(page.getByTestId('order-details')).toContainText('$99.98')
  await expect(toast(page, 'Order ORD-1001 placed')).toBeVisible()
  await expect(toast(page, 'Payment of $99.98 received')).toContainText('PAY-5001')
  await expect(page.getByTestId('order-webhooks')).toContainText('order.created')

  await page.getByRole('button', { name: 'Travel to 27 Jan 2025' }).click()
  await expect(page.getByTestId('clock-now')).toContainText('27 Jan 2025')
  await expect(page.getByTestId('clock-mode')).toHaveText('Time travel')

  await page.getByRole('button', { name: '+1 day' }).click()
  await expectStatus(page, 'shipped')
  await expect(page.getByTestId('tracking-number')).toHaveText('TRACK001001')
  await expect(step(page, 'shipped')).toHaveAttribute('data-state', 'current')
  await expect(step(page, 'processing')).toHaveAttribute('data-state', 'done')
  // The step shows the instant the backend stamped, in virtual time.
  const shipped = (await api(page, 'GET', '/api/orders/ORD-1001')).body
  expect(shipped.shipped_at).toMatch(/^2025-01-2[78]T/)
  await expect(step(page, 'shipped').locator('time')).toHaveAttribute('datetime', shipped.shipped_at)
  await expect(step(page, 'shipped').locator('time')).toHaveText(/^\d{1,2} Jan 2025, \d\d:\d\d UTC$/)
  await expect(toast(page, 'Order ORD-1001 has shipped')).toContainText('Tracking number TRACK001001')
  await expect(page.getByTestId('order-webhooks')).toContainText('order.shipped')
  await page.screenshot({ path: testInfo.outputPath('tracking-shipped.png') })

  // Shipped on day 1, delivered on day 4, completed on day 11.
  await page.getByRole('button', { name: '+1 week' }).click()
  await expectStatus(page, 'delivered')
  await expect(toast(page, 'Order ORD-1001 was delivered')).toBeVisible()
  await expect(step(page, 'completed')).toHaveAttribute('data-state', 'upcoming')
  await page.getByRole('button', { name: '+1 week' }).click()
  await expectStatus(page, 'completed')
  await expect(toast(page, 'Order ORD-1001 is complete')).toBeVisible()
  await expect(page.getByTestId('timeline').locator('[data-state="upcoming"]')).toHaveCount(0)
  await expect(page.getByText('This order has reached its last step.')).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('tracking-completed.png') })

  await page.getByRole('link', { name: 'Orders', exact: true }).click()
  const row = page.getByTestId('orders').locator('tbody tr')
  await expect(row).toHaveCount(1)
  await expect(row).toContainText(`ORD-1001${HEADPHONES} × 2`)
  await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'completed')

  await page.reload()
  await waitReady(page)
  await expect(page.getByTestId('who')).toHaveText('Demo User')
  await row.getByRole('link', { name: 'ORD-1001' }).click()
  await expectStatus(page, 'completed')
  await expect(page.getByTestId('tracking-number')).toHaveText('TRACK001001')
})

test("the order page's next step is the mock's: when it is due, and none while its condition does not hold", async ({ page }) => {
  await signInAs(page, 'Demo User')
  await page.getByRole('button', { name: 'Travel to 27 Jan 2025' }).click()
  await expect(page.getByTestId('clock-now')).toContainText('27 Jan 2025')
  await page.getByRole('button', { name: `Order ${HEADPHONES}` }).click()
  await expectStatus(page, 'processing')
  const { next_transition: next } = (await api(page, 'GET', '/api/orders/ORD-1001')).body
  expect(next.to).toBe('shipped')
  await expect(page.getByTestId('next-step')).toHaveText(/^Next: Shipped 1 day after processing · expected 28 Jan 2025, \d\d:\d\d UTC \(when inventory_available == true\)$/)
  await expect(step(page, 'shipped')).toContainText('Expected 28 Jan 2025')

  // The warehouse runs out: the step's condition no longer holds, so nothing is due.
  expect((await api(page, 'POST', '/api/v1/consistency/entities', { entity_type: 'order', entity_id: 'ORD-1001', data: { inventory_available: false } })).status).toBe(200)
  await page.getByRole('button', { name: '+1 day' }).click()
  await expectStatus(page, 'processing')
  await expect(page.getByTestId('next-step')).toHaveText('This order is processing: nothing moves it on until a condition of its next step holds.')
})

test('the time bar follows a clock moved elsewhere, and does not ask the mock for the clock every second', async ({ page }) => {
  let statusReads = 0
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/__mockforge/time-travel/status') statusReads++
  })
  await gotoReady(page)
  await expect(page.getByTestId('clock-mode')).toHaveText('Real time')
  // The bar read the clock once when it started.
  await expect.poll(() => statusReads).toBe(1)

  // Moved by a client of the mock (as a test or a script would), not by the bar's buttons.
  expect((await timeTravel(page, 'enable', { time: '2030-06-01T12:00:00Z', scale: 0 })).status).toBe(200)
  await expect(page.getByTestId('clock-mode')).toHaveText('Time travel · frozen')
  await expect(page.getByTestId('clock-now')).toContainText('1 Jun 2030')
  await timeTravel(page, 'advance', { duration: '1d' })
  await expect(page.getByTestId('clock-now')).toContainText('2 Jun 2030')

  // Three seconds on: the face kept its time, and the clock was not read again.
  await page.waitForTimeout(3_000)
  await expect(page.getByTestId('clock-now')).toContainText('2 Jun 2030')
  expect(statusReads).toBe(1)
})

test('the account page shows the subscription; after a simulated failed payment it falls past due 30 days on, live', async ({ page }, testInfo) => {
  await signInAs(page, 'Demo User')
  await page.getByRole('button', { name: 'Travel to 27 Jan 2025' }).click()
  await expect(page.getByTestId('clock-now')).toContainText('27 Jan 2025')
  await page.getByRole('link', { name: 'Account', exact: true }).click()

  const status = page.getByTestId('subscription-status')
  await expect(status).toHaveAttribute('data-status', 'active')
  await expect(status).toHaveText('Active')
  await expect(page.getByTestId('account-name')).toHaveText('Demo User')
  await expect(page.getByTestId('failed-payments')).toHaveText('0')
  await expect(page.getByTestId('support-tier')).toHaveText('Standard')
  await expect(page.getByText(/Past due 30 days after it became active .* if payment_failed_count > 0 — not met yet/)).toBeVisible()

  await page.getByRole('button', { name: 'Simulate a failed payment' }).click()
  await expect(page.getByTestId('failed-payments')).toHaveText('1')
  await expect(toast(page, 'A payment failed (simulated)')).toBeVisible()
  expect((await api(page, 'GET', '/api/billing/subscription')).body.payment_failed_count).toBe(1)
  await expect(page.getByText(/if payment_failed_count > 0 — met/)).toBeVisible()

  // Four weeks and a day: not yet 30 days active.
  for (let week = 0; week < 4; week++) await page.getByRole('button', { name: '+1 week' }).click()
  await page.getByRole('button', { name: '+1 day' }).click()
  await expect(page.getByTestId('clock-now')).toContainText('25 Feb 2025')
  expect((await api(page, 'GET', '/api/billing/subscription')).body.status).toBe('active')
  await expect(status).toHaveAttribute('data-status', 'active')

  await page.getByRole('button', { name: '+1 day' }).click()
  await expect(status).toHaveAttribute('data-status', 'past_due')
  await expect(status).toHaveText('Past due')
  await expect(toast(page, 'Your subscription is now past due')).toContainText('was active')
  await expect(page.getByTestId('subscription-history').locator('[data-status]')).toHaveText(['Active', 'Past due'])
  await expect(page.getByTestId('support-tier')).toHaveText('Billing')
  await page.screenshot({ path: testInfo.outputPath('account-past-due.png') })
})

test('hostile strings in the data render as text wherever the shop shows them', async ({ page }, testInfo) => {
  await signInAs(page, 'Casey Reader')
  await page.getByRole('button', { name: 'Order The Pragmatic Kitchen' }).click()
  await expect(page).toHaveURL(/#\/orders\/ORD-1001$/)

  const hostile = '<img src=x onerror="window.hostileRan=1"><script>window.hostileRan=2</script><b>Kitchen</b>'
  const upsert = await api(page, 'POST', '/api/v1/consistency/entities', { entity_type: 'order', entity_id: 'ORD-1001', data: { product_name: hostile } })
  expect(upsert.status).toBe(200)
  await page.getByRole('button', { name: '+1 hour' }).click()

  await expect(page.getByText(`${hostile} × 1 · placed`)).toBeVisible()
  await expect(page.getByTestId('order-details')).toContainText(hostile)
  await page.getByRole('link', { name: '← All orders' }).click()
  await expect(page.getByTestId('orders').locator('tbody tr')).toContainText(hostile)

  await expect(page.locator('#main img, #main script, #main b')).toHaveCount(0)
  expect(await page.evaluate(() => (window as unknown as { hostileRan?: number }).hostileRan)).toBeUndefined()
  await page.screenshot({ path: testInfo.outputPath('hostile-as-text.png') })
})

test('the shop works from the keyboard: sign in with Enter, filter by category, order with Enter', async ({ page }) => {
  await gotoReady(page, '/#/login')
  // The first stop is the skip link; it lands on the page's heading without changing the route.
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible()
  await page.keyboard.press('Tab')
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeFocused()
  await expect(page).toHaveURL(/#\/login$/)

  await page.getByLabel('Email').fill('casey@example.com')
  await page.getByLabel('Password').fill('password456')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('who')).toHaveText('Casey Reader')

  // After a navigation the page's heading has focus; the category filter comes next.
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused()
  const chips = page.getByTestId('category-filter').getByRole('button')
  await expect(chips).toHaveText(['All', 'Books', 'Home'])
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  const books = chips.filter({ hasText: 'Books' })
  await expect(books).toBeFocused()
  expect(await books.evaluate((node) => getComputedStyle(node).outlineStyle)).toBe('solid')
  await page.keyboard.press('Enter')
  await expect(books).toHaveAttribute('aria-pressed', 'true')
  await expect(books).toBeFocused()
  await expect(page.getByTestId('products').locator('.product-card h2')).toHaveText(['The Pragmatic Kitchen'])

  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  const quantity = page.getByLabel('Qty of The Pragmatic Kitchen')
  await expect(quantity).toBeFocused()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('3')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/#\/orders\/ORD-1001$/)
  await expect(page.getByTestId('order-details')).toContainText('$72.00')
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused()
})

test('a wrong password shows the mock’s message and keeps the visitor signed out', async ({ page }) => {
  await gotoReady(page, '/#/login')
  await page.getByLabel('Password').fill('wrong')
  await page.getByRole('button', { name: 'Sign in', exact: true }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'incorrect' })).toHaveText('The email or password is incorrect.')
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByTestId('sign-in')).toBeVisible()
  await page.getByRole('link', { name: 'Shop', exact: true }).click()
  await expect(page.getByTestId('products').locator('.product-card')).toHaveCount(6)
})
