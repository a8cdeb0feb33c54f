import type { Page } from '@playwright/test'
import { expect, test } from '../src/playwright/fixture.ts'

// Verisim's Playwright fixture, used the way an app's own test suite would use it, on the demo shop.

test('the fixture drives the clock and waits for the webhook and the socket frame of a shipment', async ({ page, verisim }) => {
  await page.goto('/#/login')
  await verisim.ready()
  await page.getByRole('button', { name: /^Sign in as Demo User/ }).click()
  await page.getByRole('button', { name: 'Order Wireless Noise-Cancelling Headphones' }).click()
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'processing')

  const created = await verisim.webhooks.waitFor('order.created')
  expect(created.payload).toMatchObject({ order_id: 'ORD-1001', user_id: 'user-123', status: 'pending' })

  await verisim.time.enable({ time: '2025-01-27T00:00:00Z', scale: 0 })
  const status = await verisim.time.advance('1d')
  expect(status).toMatchObject({ enabled: true, current_time: '2025-01-28T00:00:00.000Z', scale_factor: 0 })

  const shipped = await verisim.webhooks.waitFor('order.shipped', (w) => w.payload.order_id === 'ORD-1001')
  expect(shipped).toMatchObject({ status: 'delivered', attempts: 1, payload: { tracking_number: 'TRACK001001' } })
  const frame = await verisim.sockets.waitFor('order_status_update', (f) => f.status === 'shipped')
  expect(frame).toMatchObject({ order_id: 'ORD-1001', tracking_number: 'TRACK001001' })
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'shipped')
})

test('seed and reset: orders made in one call, then a workspace as good as new', async ({ page, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  const ids = await verisim.seed('user-123', [{ product_id: 'prod-123', quantity: 1 }, { product_id: 'prod-124', quantity: 2 }])
  expect(ids).toEqual(['ORD-1001', 'ORD-1002'])
  expect((await verisim.request('GET', '/api/v1/consistency/users/user-123')).body.order_ids).toEqual(ids)

  await verisim.state.reset()
  expect((await verisim.request('GET', '/api/v1/consistency/entities')).body.count).toBe(0)
  expect((await verisim.time.status()).enabled).toBe(false)
  await expect(verisim.webhooks.waitFor('order.nothing', undefined, { timeout: 200 })).rejects.toThrow('verisim: no webhook order.nothing within 200 ms')
})

/** Counts the fixture's questions to the page (evaluations, polled functions) from now on. */
function countQuestions(page: Page): () => number {
  let asked = 0
  for (const name of ['evaluate', 'evaluateHandle', 'waitForFunction'] as const) {
    const original = page[name].bind(page) as (...args: unknown[]) => unknown
    ;(page as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      asked++
      return original(...args)
    }
  }
  return () => asked
}

test('waitFor listens: a webhook and a frame that come after the call resolve it without the page being asked', async ({ page, verisim }) => {
  await page.goto('/#/login')
  await verisim.ready()
  await page.getByRole('button', { name: /^Sign in as Demo User/ }).click()
  await expect(page.getByTestId('who')).toHaveText('Demo User')
  const asked = countQuestions(page)

  // Nothing has happened yet: both wait, and the page is left alone while they do.
  const created = verisim.webhooks.waitFor('order.created')
  const paid = verisim.sockets.waitFor('payment_received')
  await page.getByRole('button', { name: 'Order Wireless Noise-Cancelling Headphones' }).click()

  expect((await created).payload).toMatchObject({ order_id: 'ORD-1001', status: 'pending' })
  expect(await paid).toMatchObject({ order_id: 'ORD-1001' })
  expect(asked()).toBe(0)
})

test('what was seen is kept across a reload: an already-seen webhook resolves at once; ready() waits for the new start', async ({ page, verisim }) => {
  await page.goto('/#/login')
  await verisim.ready()
  await page.getByRole('button', { name: /^Sign in as Demo User/ }).click()
  await page.getByRole('button', { name: 'Order Wireless Noise-Cancelling Headphones' }).click()
  const created = await verisim.webhooks.waitFor('order.created')

  await page.reload({ waitUntil: 'commit' })
  await verisim.ready()
  // The new document's mock, not the old one's: it is there for seed() to use.
  expect(await page.evaluate(() => window.verisimInstance !== undefined)).toBe(true)

  const asked = countQuestions(page)
  // Seen before the reload, so found without waiting at all.
  expect((await verisim.webhooks.waitFor('order.created', undefined, { timeout: 1 })).id).toBe(created.id)
  expect((await verisim.webhooks.all()).map((w) => w.event)).toContain('order.created')
  expect((await verisim.sockets.all()).map((f) => f.frame.type)).toContain('payment_received')
  expect(asked()).toBe(0)
  expect(await verisim.seed('user-123', [{ product_id: 'prod-123', quantity: 1 }])).toEqual(['ORD-1002'])
})

test('a wait that nothing answers says what it waited for: on timeout, and when the page closes', async ({ page, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  await expect(verisim.sockets.waitFor('nothing_like_this', undefined, { timeout: 150 })).rejects.toThrow('verisim: no socket frame nothing_like_this within 150 ms')
  await expect(verisim.webhooks.waitFor('order.shipped', (w) => w.payload.order_id === 'ORD-9', { timeout: 150 })).rejects.toThrow(
    'verisim: no webhook order.shipped within 150 ms',
  )
  const pending = expect(verisim.webhooks.waitFor('order.shipped')).rejects.toThrow('verisim: the page closed while waiting for webhook order.shipped')
  await page.close()
  await pending
})
