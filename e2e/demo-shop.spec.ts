import { expect, test } from './support/fixtures.ts'
import { gotoReady, waitReady } from './support/page.ts'

test('the demo shop walks the flow by hand: log in, order, travel a day, see it shipped live; a reload keeps it', async ({ page }, testInfo) => {
  await gotoReady(page)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByTestId('who')).toHaveText('Demo User · premium')
  const products = page.getByTestId('products').locator('li')
  await expect(products).toHaveCount(2)
  await expect(products.nth(0)).toContainText('Wireless Noise-Cancelling Headphones')

  await products.nth(0).getByRole('button', { name: 'Order one' }).click()
  await expect(page.getByTestId('order-id')).toHaveText('ORD-1001')
  await expect(page.getByTestId('order-status')).toHaveText('processing')
  await expect(page.getByTestId('socket-log')).toContainText('ORD-1001 created')
  await expect(page.getByTestId('webhook-log')).toContainText('order.created ORD-1001')

  await page.getByRole('button', { name: 'Travel to 27 Jan 2025' }).click()
  await expect(page.getByTestId('clock-now')).toContainText('27 Jan 2025')
  await page.getByTestId('advance-day').click()
  await expect(page.getByTestId('order-status')).toHaveText('shipped')
  await expect(page.getByTestId('order')).toContainText('Tracking number TRACK001001')
  await expect(page.getByTestId('socket-log')).toContainText('ORD-1001 is shipped')
  await expect(page.getByTestId('webhook-log')).toContainText('order.shipped ORD-1001')
  await page.screenshot({ path: testInfo.outputPath('demo-shipped.png'), fullPage: true })

  // Shipped on day 1, delivered on day 4, completed on day 11.
  await page.getByTestId('advance-week').click()
  await expect(page.getByTestId('order-status')).toHaveText('delivered')
  await page.getByTestId('advance-week').click()
  await expect(page.getByTestId('order-status')).toHaveText('completed')

  await page.reload()
  await waitReady(page)
  await expect(page.getByTestId('who')).toHaveText('Demo User · premium')
  await expect(page.getByTestId('order-status')).toHaveText('completed')
})

test('a wrong password shows the mock’s message and keeps the visitor signed out', async ({ page }) => {
  await gotoReady(page)
  await page.getByLabel('Password').fill('wrong')
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByRole('alert').first()).toHaveText('The email or password is incorrect.')
  await expect(page.getByTestId('who')).toHaveText('Signed out')
  await expect(page.getByTestId('products').locator('li')).toHaveCount(6)
})
