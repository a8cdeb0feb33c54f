import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { Page } from '@playwright/test'
import { formatInstant } from '../src/panel/format.ts'
import { expect, test } from './support/fixtures.ts'
import { api, createOrder, gotoReady, login, timeTravel, type Json } from './support/page.ts'

// Snapshots in the devtools panel: going back to before a clock change, and a world carried by a link or a file.

const PAGE = '/e2e/fixtures/panel.html'

const panel = (page: Page) => page.locator('[data-testid=verisim-panel]')
const tab = (page: Page, name: string) => page.getByRole('tab', { name })
const orderStatus = async (page: Page) => (await api(page, 'GET', '/api/orders/ORD-1001')).body.status as string

async function openPanel(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Open Verisim devtools' }).click()
  await expect(panel(page)).toBeVisible()
}

test('+1 day, then "Back to here" on its snapshot: the clock and the order are as before; a copied link opens the same world in another browser', async ({ page, browser, context }, testInfo) => {
  // Two pages start the mock: one more start than a usual test.
  test.setTimeout(60_000)
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await gotoReady(page, PAGE)
  await login(page)
  expect((await createOrder(page)).body.id).toBe('ORD-1001')
  const before = (await api(page, 'GET', '/__mockforge/time-travel/status')).body
  expect(before.enabled).toBe(false)
  await openPanel(page)

  const timeline = page.getByTestId('snapshot-timeline')
  const items = timeline.getByTestId('snapshot-item')
  await expect(timeline).toContainText('None yet')
  await page.getByRole('button', { name: 'Advance 1 day' }).click()
  await expect(page.getByTestId('clock-mode')).toHaveText('time travel on · ×1')
  expect(await orderStatus(page)).toBe('shipped')

  // The snapshot kept before the advance, on the timeline as the API lists it.
  const snapshots = (await api(page, 'GET', '/__verisim/snapshots')).body as unknown as Json[]
  expect(snapshots).toHaveLength(1)
  const [kept] = snapshots as [Json]
  expect(kept).toMatchObject({ auto: true, trigger: 'advance', workspace: 'default' })
  await expect(items).toHaveCount(1)
  await expect(items.first()).toHaveAttribute('data-snapshot', kept.id)
  await expect(items.first().getByTestId('snapshot-trigger')).toHaveText('before advance')
  await expect(items.first().getByTestId('snapshot-time')).toHaveText(formatInstant(Date.parse(kept.virtual_time)))
  expect(Date.parse(kept.virtual_time) - Date.parse(before.current_time)).toBeLessThan(60_000)
  await page.screenshot({ path: testInfo.outputPath('1-snapshot-timeline.png') })

  await page.getByRole('button', { name: `Back to here: ${kept.name}` }).click()
  await expect(page.getByTestId('clock-mode')).toHaveText('time travel off · follows real time')
  await expect(panel(page).getByRole('status').filter({ hasText: `Back to ${kept.name} ✓` })).toBeVisible()
  await expect(page.locator('.upcoming li[data-node="order:ORD-1001"]')).toContainText(/ORD-1001 → shipped in 23h 5\dm/)
  expect((await api(page, 'GET', '/__mockforge/time-travel/status')).body.enabled).toBe(false)
  expect(await orderStatus(page)).toBe('processing')
  // A restore is no clock change: nothing new is kept.
  await expect(items).toHaveCount(1)
  await page.screenshot({ path: testInfo.outputPath('2-back-to-here.png') })

  await tab(page, 'Scenario').click()
  await page.getByRole('button', { name: 'Copy link to this state' }).click()
  await expect(page.getByTestId('state-message')).toContainText('Link copied')
  const link = await page.getByRole('textbox', { name: 'Link to this state' }).inputValue()
  expect(new URL(link).searchParams.get('verisim-state')).toMatch(/^[A-Za-z0-9_-]+$/)
  expect(new URL(link).pathname).toBe(PAGE)
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link)
  await page.screenshot({ path: testInfo.outputPath('3-state-link.png') })

  const elsewhere = await browser.newContext()
  try {
    const visitor = await elsewhere.newPage()
    const errors: string[] = []
    visitor.on('pageerror', (error) => errors.push(error.message))
    await gotoReady(visitor, link)
    await expect.poll(() => new URL(visitor.url()).searchParams.has('verisim-state')).toBe(false)
    const order = (await api(visitor, 'GET', '/api/orders/ORD-1001')).body
    expect(order).toMatchObject({ id: 'ORD-1001', status: 'processing', product_id: 'prod-123' })
    await openPanel(visitor)
    await tab(visitor, 'Clock').click()
    await expect(visitor.locator('.upcoming li[data-node="order:ORD-1001"]')).toContainText(/ORD-1001 → shipped in 23h 5\dm/)
    await visitor.screenshot({ path: testInfo.outputPath('4-opened-link.png') })
    expect(errors).toEqual([])
  } finally {
    await elsewhere.close()
  }
})

test('Export file, then Import file brings the world back; a file the server refuses shows its message; a world too large for a link points at the file', async ({ page }) => {
  await gotoReady(page, PAGE)
  await login(page)
  await createOrder(page)
  await openPanel(page)
  await tab(page, 'Scenario').click()
  const message = page.getByTestId('state-message')

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export file' }).click()])
  expect(download.suggestedFilename()).toMatch(/^verisim-state-default-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.json$/)
  const file = await download.path()
  const document = JSON.parse(await readFile(file, 'utf8')) as Json
  expect(document).toMatchObject({ verisim: 'snapshot', scenario: 'e2e-persona-flow' })
  await expect(message).toContainText(`Exported ${download.suggestedFilename()}`)

  expect((await timeTravel(page, 'advance', { duration: '1d' })).status).toBe(200)
  expect(await orderStatus(page)).toBe('shipped')

  await page.getByLabel('Import file').setInputFiles(file)
  await expect(message).toHaveText(/^Restored '.+' at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.$/)
  await expect(message).not.toHaveClass(/error/)
  expect(await orderStatus(page)).toBe('processing')

  const other = { ...document, scenario: 'another-scenario' }
  const refused = await api(page, 'PUT', '/__verisim/state', other)
  expect(refused.status).toBe(400)
  await page.getByLabel('Import file').setInputFiles({ name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(other)) })
  await expect(message).toHaveText(String(refused.body.message))
  await expect(message).toHaveClass(/error/)

  await page.getByLabel('Import file').setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"verisim": ') })
  await expect(message).toHaveText(/^broken\.json is not a JSON file: /)
  expect(await orderStatus(page)).toBe('processing')

  // Data that does not compress makes a link too long to be safe: the file is the way then.
  const noise = randomBytes(60_000).toString('base64')
  expect((await api(page, 'POST', '/api/v1/consistency/entities', { entity_type: 'user', entity_id: 'noise', data: { noise } })).status).toBe(200)
  await page.getByRole('button', { name: 'Copy link to this state' }).click()
  await expect(message).toHaveText(/^This world is too large for a link \(\d+ KB\); use Export file instead\.$/)
  await expect(page.getByRole('button', { name: 'Export file' })).toBeFocused()
  await expect(page.getByRole('textbox', { name: 'Link to this state' })).toBeHidden()
})
