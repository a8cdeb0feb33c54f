import type { Locator } from '@playwright/test'
import { stateColour } from '../src/panel/format.ts'
import { expect, test } from './support/fixtures.ts'
import { gotoReady } from './support/page.ts'

// The devtools panel over the demo shop, the way a person demos them together.

const fillOf = (node: Locator) => node.locator('rect').evaluate((rect) => getComputedStyle(rect).fill)
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`

test('+1 day in the panel: the order page shows shipped, a toast appears, the inspector hears order.shipped, the graph node changes colour', async ({ page, context }, testInfo) => {
  await gotoReady(page, '/#/login')
  await page.getByRole('button', { name: /^Sign in as Demo User/ }).click()
  await expect(page.getByTestId('who')).toHaveText('Demo User')
  await page.getByRole('button', { name: 'Order Wireless Noise-Cancelling Headphones' }).click()
  await expect(page).toHaveURL(/#\/orders\/ORD-1001$/)
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'processing')

  await page.getByRole('button', { name: 'Open Verisim devtools' }).click()
  // The inspector, opened from the panel's link into a tab of its own.
  await page.getByRole('tab', { name: 'Webhooks' }).click()
  const [inspector] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'Open the webhook inspector ↗' }).click()])
  await expect(inspector.locator('html[data-inspector=listening]')).toHaveCount(1)
  await page.getByRole('tab', { name: 'Graph' }).click()
  const node = page.locator('g[data-node="order:ORD-1001"]')
  await expect.poll(() => fillOf(node)).toBe(rgb(stateColour('processing')))

  await page.getByRole('tab', { name: 'Clock' }).click()
  await page.getByRole('button', { name: 'Advance 1 day' }).click()

  // The shop's time bar follows the clock the panel moved.
  await expect(page.getByRole('region', { name: 'Demo clock' }).getByTestId('clock-mode')).toHaveText('Time travel')
  // The shop hears it over its socket; the panel and the inspector over the engine and the channel.
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'shipped')
  await expect(page.getByText('TRACK001001').first()).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'has shipped' })).toBeVisible()
  await expect(inspector.locator('li[data-event="order.shipped"]')).toHaveCount(1)
  await page.getByRole('tab', { name: 'Graph' }).click()
  await expect(node).toHaveAttribute('data-state', 'shipped')
  await expect.poll(() => fillOf(node)).toBe(rgb(stateColour('shipped')))
  await page.screenshot({ path: testInfo.outputPath('panel-over-shop-shipped.png') })
})
