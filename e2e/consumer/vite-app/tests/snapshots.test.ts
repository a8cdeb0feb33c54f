import { expect, test, verisimFor, type SnapshotDocument } from 'verisim/playwright'
import { pageErrors, signIn } from './shop-page.ts'

// A world built once, in a context of its own, and handed to each test as a document.
let world: SnapshotDocument

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext()
  const page = await context.newPage()
  const verisim = await verisimFor(page)
  await page.goto('/')
  await verisim.ready()
  await signIn(page, 'user@example.com', 'password123', 'Demo User')
  await verisim.time.enable({ time: '2025-01-27T00:00:00Z', scale: 0 })
  await page.getByRole('button', { name: 'Order Wireless Noise-Cancelling Headphones' }).click()
  await expect(page.getByTestId('order')).toHaveAttribute('data-status', 'processing')
  world = await verisim.state.export()
  await context.close()
})

test('a world exported in beforeAll is imported into the test\'s fresh context: the shop shows its order', async ({ page, verisim }) => {
  const errors = pageErrors(page)
  await page.goto('/')
  await verisim.ready()
  const restored = await verisim.state.import(world)
  expect(restored).toMatchObject({ workspace: 'default', virtual_time: '2025-01-27T00:00:00.000Z' })
  await signIn(page, 'user@example.com', 'password123', 'Demo User')
  await expect(page.getByTestId('order')).toHaveAttribute('data-order-id', 'ORD-1001')
  await expect(page.getByTestId('order')).toHaveAttribute('data-status', 'processing')
  expect(await verisim.time.status()).toMatchObject({ enabled: true, current_time: '2025-01-27T00:00:00.000Z' })
  expect(errors).toEqual([])
})

test('a snapshot taken before shipping brings the order back, and the socket says so', async ({ page, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  await verisim.state.import(world)
  await signIn(page, 'user@example.com', 'password123', 'Demo User')
  const before = await verisim.state.snapshot('before-ship')
  await verisim.time.advance('1d')
  await expect(page.getByTestId('order')).toHaveAttribute('data-status', 'shipped')
  const shipped = await verisim.webhooks.waitFor('order.shipped')

  const restored = await verisim.state.restore('before-ship')
  expect(restored.snapshot.id).toBe(before.id)
  const frame = await verisim.sockets.waitFor('state_restored')
  expect(frame).toMatchObject({ snapshot_id: before.id, virtual_time: '2025-01-27T00:00:00.000Z' })
  expect((await verisim.request('GET', '/api/orders/ORD-1001')).body).toMatchObject({ status: 'processing' })
  // Newest first: the automatic one kept before the advance, this test's, the imported world.
  expect((await verisim.state.list()).map((s) => s.name)).toEqual(['before-advance-2025-01-27T00:00:00.000Z', 'before-ship', 'state-2025-01-27T00:00:00.000Z'])
  await verisim.time.advance('1d')
  const again = await verisim.webhooks.waitFor('order.shipped', (w) => w.id !== shipped.id)
  expect(again.payload).toMatchObject({ order_id: 'ORD-1001', status: 'shipped' })
})
