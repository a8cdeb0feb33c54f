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
