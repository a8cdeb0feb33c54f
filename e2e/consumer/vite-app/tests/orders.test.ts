import { expect, test } from 'verisim/playwright'
import { interceptionLines, pageErrors, signIn } from './shop-page.ts'

test('an order placed in the shop ships a day later: webhook, socket frame and page agree', async ({ page, verisim }) => {
  const errors = pageErrors(page)
  const interception = interceptionLines(page)
  await page.goto('/')
  await verisim.ready()
  // The project that blocks Service Workers runs the same test with the mock in the page.
  const inPage = test.info().project.use.serviceWorkers === 'block'
  await expect.poll(() => interception).toEqual([expect.stringMatching(inPage ? /^\[verisim\] HTTP is mocked in the page, without a Service Worker: / : /^\[verisim\] HTTP is mocked by the Service Worker /)])
  await signIn(page, 'user@example.com', 'password123', 'Demo User')

  await page.getByRole('button', { name: 'Order Wireless Noise-Cancelling Headphones' }).click()
  const order = page.getByTestId('order')
  await expect(order).toHaveCount(1)
  await expect(order).toHaveAttribute('data-status', 'processing')
  const id = await order.getAttribute('data-order-id')
  expect(id).toMatch(/^ORD-\d+$/)
  const created = await verisim.webhooks.waitFor('order.created', (w) => w.payload.order_id === id)
  expect(created.payload).toMatchObject({ user_id: 'user-123', status: 'pending' })

  await verisim.time.enable({ time: '2025-01-27T00:00:00Z', scale: 0 })
  expect(await verisim.time.advance('1d')).toMatchObject({ enabled: true, current_time: '2025-01-28T00:00:00.000Z' })

  const shipped = await verisim.webhooks.waitFor('order.shipped', (w) => w.payload.order_id === id)
  expect(shipped.payload).toMatchObject({ event: 'order.shipped', status: 'shipped', user_id: 'user-123', tracking_number: expect.stringMatching(/^TRACK\d+$/) })
  const frame = await verisim.sockets.waitFor('order_status_update', (f) => f.order_id === id && f.status === 'shipped')
  expect(frame.tracking_number).toBe(shipped.payload.tracking_number)

  await expect(order).toHaveAttribute('data-status', 'shipped')
  await expect(order).toHaveText(`${id} · 1 × Wireless Noise-Cancelling Headphones · shipped · ${frame.tracking_number}`)
  await expect(page.getByTestId('latest-status')).toHaveText(`${id} is shipped`)
  // The same answer over HTTP, after a reload of the list.
  expect((await verisim.request('GET', `/api/orders/${id}`)).body).toMatchObject({ status: 'shipped', tracking_number: frame.tracking_number })
  expect(errors).toEqual([])
})

test("a persona only sees the products of its preferences and its own orders", async ({ page, verisim }) => {
  const errors = pageErrors(page)
  await page.goto('/')
  await verisim.ready()
  await signIn(page, 'casey@example.com', 'password456', 'Casey Reader')
  await expect(page.locator('#products li')).toHaveText([/^The Pragmatic Kitchen — \$24\.00/, /^Linen Throw Blanket — \$59\.00/])

  await page.getByRole('button', { name: 'Order The Pragmatic Kitchen' }).click()
  await expect(page.getByTestId('order')).toHaveText([/^ORD-\d+ · 1 × The Pragmatic Kitchen · processing$/])
  const frame = await verisim.sockets.waitFor('payment_received')
  expect(frame).toMatchObject({ amount: 24 })
  expect(errors).toEqual([])
})
