import { expect, test } from 'verisim/playwright'
import { pageErrors, signIn } from './shop-page.ts'

// These run in parallel with the other files' tests against the same dev server: each test's
// browser context has its own IndexedDB, so nobody else's orders, clock or deliveries leak in.

for (const [label, email, password, name, product] of [
  ['Demo User', 'user@example.com', 'password123', 'Demo User', 'Wireless Noise-Cancelling Headphones'],
  ['Casey', 'casey@example.com', 'password456', 'Casey Reader', 'Linen Throw Blanket'],
] as const) {
  test(`${label} starts in an empty shop: no orders from other tests, numbering from the first`, async ({ page, verisim }) => {
    const errors = pageErrors(page)
    await page.goto('/')
    await verisim.ready()
    expect(await verisim.time.status()).toMatchObject({ enabled: false })
    await signIn(page, email, password, name)
    await expect(page.getByTestId('order-count')).toHaveText('No orders yet')
    expect(await verisim.webhooks.all()).toEqual([])

    await page.getByRole('button', { name: `Order ${product}` }).click()
    await expect(page.getByTestId('order-count')).toHaveText('1 order')
    await expect(page.getByTestId('order')).toHaveAttribute('data-order-id', 'ORD-1001')
    const hook = await verisim.webhooks.waitFor('order.created')
    expect(hook.payload).toMatchObject({ order_id: 'ORD-1001' })
    expect(errors).toEqual([])
  })
}
