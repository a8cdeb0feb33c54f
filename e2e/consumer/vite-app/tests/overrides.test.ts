import { expect, test } from 'verisim/playwright'
import { pageErrors, signIn } from './shop-page.ts'

// Overrides from the test (verisim.route) and the app's own handlers module (vite.config.ts).

test('verisim.route answers the products for the shop, from its first request', async ({ page, verisim }) => {
  const errors = pageErrors(page)
  await verisim.route('GET /api/products', (route) => route.fulfill({ json: [{ id: 'prod-test', name: 'Test Lamp', price: 9.5 }] }))
  await page.goto('/')
  await verisim.ready()
  await signIn(page, 'user@example.com', 'password123', 'Demo User')
  await expect(page.locator('#products li')).toHaveText([/^Test Lamp — \$9\.50/])
  expect(errors).toEqual([])
})

test('an override that falls back leaves the answer to the scenario, and sees who asks', async ({ page, verisim }) => {
  const seen: Array<string | undefined> = []
  await verisim.route('GET /api/products', async (route) => {
    seen.push((await route.context()).persona?.name)
    await route.fallback()
  })
  await page.goto('/')
  await verisim.ready()
  await signIn(page, 'casey@example.com', 'password456', 'Casey Reader')
  await expect(page.locator('#products li')).toHaveText([/^The Pragmatic Kitchen — \$24\.00/, /^Linen Throw Blanket — \$59\.00/])
  expect(seen).toEqual(['Casey Reader'])
})

test('an aborted sign-in is a network error for the shop; unroute restores it', async ({ page, verisim }) => {
  await verisim.route('POST /api/auth/login', (route) => route.abort())
  await page.goto('/')
  await verisim.ready()
  await page.getByLabel('Email').fill('user@example.com')
  await page.getByLabel('Password').fill('password123')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('account')).toHaveText('Sign-in failed: Failed to fetch')

  await verisim.unroute('POST /api/auth/login')
  await signIn(page, 'user@example.com', 'password123', 'Demo User')
})

test("the app's handlers module answers its own route with the signed-in persona and its orders", async ({ page, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  const summary = () => page.evaluate(async () => {
    const response = await fetch('/app/summary')
    return { status: response.status, body: await response.json() }
  })
  expect(await summary()).toEqual({ status: 401, body: { error: 'signed_out' } })
  await signIn(page, 'user@example.com', 'password123', 'Demo User')
  await page.getByRole('button', { name: 'Order Wireless Noise-Cancelling Headphones' }).click()
  await expect(page.getByTestId('order')).toHaveCount(1)
  expect(await summary()).toEqual({ status: 200, body: { name: 'Demo User', orders: 1, statuses: [expect.any(String)] } })
})
