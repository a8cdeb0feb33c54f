import type { Locator, Page } from '@playwright/test'
import { stateColour } from '../src/panel/format.ts'
import { expect, test } from './support/fixtures.ts'
import { api, consoleWarnings, createOrder, gotoReady, login } from './support/page.ts'

// The devtools panel, used as a person uses it: the launcher, its tabs, the shortcut, the inspector tab.

const PAGE = '/e2e/fixtures/panel.html'
const XSS = '<img src=x onerror=window.__xss=1>'

const launcher = (page: Page) => page.getByRole('button', { name: 'Open Verisim devtools' })
const panel = (page: Page) => page.locator('[data-testid=verisim-panel]')
const tab = (page: Page, name: string) => page.getByRole('tab', { name })
const graphNode = (page: Page, key: string) => page.locator(`g[data-node="${key}"]`)

async function openPanel(page: Page): Promise<void> {
  await launcher(page).click()
  await expect(panel(page)).toBeVisible()
}

/** The fill a graph node shows, as the browser computes it (transitions included). */
const fillOf = (node: Locator) => node.locator('rect').evaluate((rect) => getComputedStyle(rect).fill)

function rgb(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
  return `rgb(${r}, ${g}, ${b})`
}

test('+1 day in the panel ships the order: the clock, the graph, the timeline, the webhooks tab and the inspector tab all show it', async ({ page, context }, testInfo) => {
  const inspector = await context.newPage()
  await inspector.goto('/verisim-inspector.html')
  await expect(inspector.locator('html[data-inspector=listening]')).toHaveCount(1)

  await gotoReady(page, PAGE)
  await login(page)
  expect((await createOrder(page)).body.id).toBe('ORD-1001')
  await openPanel(page)

  // Clock: time travel is off, and the order's next step is named with its state and when.
  await expect(page.getByTestId('clock-mode')).toHaveText('time travel off · follows real time')
  await expect(page.locator('.upcoming li[data-node="order:ORD-1001"]')).toContainText(/ORD-1001 → shipped in 23h 5\dm/)

  await tab(page, 'Graph').click()
  const order = graphNode(page, 'order:ORD-1001')
  await expect(order).toHaveAttribute('data-state', 'processing')
  await expect(graphNode(page, 'user:user-123')).toHaveAttribute('aria-label', 'user Demo User, active')
  await expect(graphNode(page, 'payment:PAY-5001')).toBeVisible()
  await expect.poll(() => fillOf(order)).toBe(rgb(stateColour('processing')))
  await page.screenshot({ path: testInfo.outputPath('1-graph-before.png') })

  await tab(page, 'Clock').click()
  await page.getByRole('button', { name: 'Advance 1 day' }).click()
  await expect(page.getByTestId('clock-mode')).toHaveText('time travel on · ×1')
  await expect(page.locator('.upcoming li[data-node="order:ORD-1001"]')).toContainText(/ORD-1001 → delivered in 2d 23h/)
  const status = (await api(page, 'GET', '/__mockforge/time-travel/status')).body
  await expect(page.getByTestId('clock-now')).toContainText(String(status.current_time).slice(0, 10))
  await page.screenshot({ path: testInfo.outputPath('2-clock-after-1-day.png') })

  // Graph: the same node, re-coloured; its entity shows the shipment.
  await tab(page, 'Graph').click()
  await expect(order).toHaveAttribute('data-state', 'shipped')
  await expect.poll(() => fillOf(order)).toBe(rgb(stateColour('shipped')))
  await order.click()
  await expect(page.getByTestId('entity-state')).toHaveText('shipped')
  await expect(page.getByTestId('entity-json')).toContainText('"tracking_number": "TRACK001001"')
  await page.screenshot({ path: testInfo.outputPath('3-graph-after-1-day.png') })

  // Timeline: the step, filtered to the order, expandable to its payload.
  await tab(page, 'Timeline').click()
  await expect(page.locator('.timeline li[data-channel=http]').filter({ hasText: 'POST /api/orders → 201' })).toHaveCount(1)
  await expect(page.locator('.timeline li[data-channel=socket]')).toHaveCount(0)
  await page.getByRole('searchbox', { name: 'Filter by entity' }).fill('ORD-1001')
  const shipped = page.locator('.timeline li[data-channel=lifecycle]').filter({ hasText: 'order.shipped order:ORD-1001' })
  await expect(shipped).toHaveCount(1)
  // No request names the order in its URL; every fact and delivery left is about it.
  await expect(page.locator('.timeline li[data-channel=http]')).toHaveCount(0)
  await expect(page.locator('.timeline li[data-channel=lifecycle]')).toHaveText(
    ['order.shipped order:ORD-1001', 'order.processing order:ORD-1001', 'payment.received payment:PAY-5001', 'order.created order:ORD-1001'].map((t) => new RegExp(t)),
  )
  await page.getByRole('button', { name: 'Webhook', exact: true }).click()
  await expect(page.locator('.timeline li[data-channel=webhook]')).toHaveCount(0)
  await shipped.locator('summary').click()
  await expect(shipped.locator('pre')).toContainText('"previous_status": "processing"')
  await page.screenshot({ path: testInfo.outputPath('4-timeline.png') })

  // Webhooks: the scenario's endpoint (served by the mock itself) got order.shipped.
  await tab(page, 'Webhooks').click()
  const delivery = page.locator('.deliveries li[data-event="order.shipped"]')
  await expect(delivery).toHaveAttribute('data-status', 'delivered')
  await expect(delivery).toContainText('ORD-1001')
  await expect(delivery).toContainText('→ order_status_update')
  await page.screenshot({ path: testInfo.outputPath('5-webhooks.png') })

  // The inspector, in its own tab, heard it on the BroadcastChannel.
  const heard = inspector.locator('li[data-event="order.shipped"]')
  await expect(heard).toHaveCount(1)
  await heard.locator('summary').click()
  await expect(heard).toContainText('X-Webhook-Event')
  await expect(heard.locator('pre')).toContainText('"tracking_number": "TRACK001001"')
  await expect(inspector.locator('li[data-event="order.created"]')).toHaveCount(1)
  await inspector.screenshot({ path: testInfo.outputPath('6-inspector.png') })
})

test('the same request made again and again in a row is one Timeline row with its count, expanding to the latest; filters still apply', async ({ page }, testInfo) => {
  await gotoReady(page, PAGE)
  await openPanel(page)
  await tab(page, 'Timeline').click()
  const rows = page.locator('.timeline li[data-channel=http]')
  const summaries = rows.locator('summary')

  for (let i = 0; i < 3; i++) await api(page, 'GET', '/api/products')
  await api(page, 'GET', '/api/products?category=books')
  for (let i = 0; i < 11; i++) await api(page, 'GET', '/api/products')
  const latest = await api(page, 'GET', '/api/products')
  await expect(summaries).toHaveText([/GET \/api\/products → 200×12$/, /GET \/api\/products\?category=books → 200$/, /GET \/api\/products → 200×3$/])
  await expect(rows.first()).toHaveAttribute('data-count', '12')

  await summaries.first().click()
  await expect(rows.first().locator('pre')).toContainText(`"request_id": "${latest.headers['x-mockforge-request-id']}"`)
  // One more: the open row counts it and shows it.
  const next = await api(page, 'GET', '/api/products')
  await expect(summaries.first()).toHaveText(/×13$/)
  await expect(rows.first().locator('pre')).toBeVisible()
  await expect(rows.first().locator('pre')).toContainText(`"request_id": "${next.headers['x-mockforge-request-id']}"`)
  await page.screenshot({ path: testInfo.outputPath('timeline-folded.png') })

  const filter = page.getByRole('searchbox', { name: 'Filter by entity' })
  await filter.fill('category')
  await expect(summaries).toHaveText([/category=books → 200$/])
  await filter.fill('')
  await expect(summaries).toHaveText([/GET \/api\/products → 200×13$/, /category=books → 200$/, /GET \/api\/products → 200×3$/])
  await page.getByRole('button', { name: 'HTTP', exact: true }).click()
  await expect(rows).toHaveCount(0)
  await page.getByRole('button', { name: 'HTTP', exact: true }).click()
  await expect(rows).toHaveCount(3)
})

test('a dead delivery shows its error and is retried from the Webhooks tab until it is delivered', async ({ page, httpReceiver }, testInfo) => {
  await gotoReady(page, PAGE)
  httpReceiver.failNext(1, 400)
  const registered = await api(page, 'POST', '/__mockforge/webhooks', { url: `${httpReceiver.url}/hooks`, events: ['order.created'], name: 'receiver' })
  expect(registered.status).toBe(201)
  await login(page)
  await createOrder(page)
  await openPanel(page)
  await tab(page, 'Webhooks').click()

  const dead = page.locator('.deliveries li[data-status=dead]')
  await expect(dead).toHaveCount(1)
  await expect(dead).toContainText('attempts 1')
  await expect(dead).toContainText('→ receiver')
  await expect(dead.locator('.error-line')).not.toBeEmpty()
  await page.screenshot({ path: testInfo.outputPath('dead-delivery.png') })

  const id = await dead.getAttribute('data-delivery')
  await dead.getByRole('button', { name: /^Retry / }).click()
  const retried = page.locator(`.deliveries li[data-delivery="${id}"]`)
  await expect(retried).toHaveAttribute('data-status', 'delivered')
  await expect(retried).toContainText('attempts 2')
  expect(httpReceiver.requests.filter((r) => r.method === 'POST').map((r) => r.status)).toEqual([400, 200])
})

test('an endpoint added from the Webhooks tab with a secret signs what it is sent', async ({ page, httpReceiver }) => {
  await gotoReady(page, PAGE)
  await openPanel(page)
  await tab(page, 'Webhooks').click()
  await page.getByLabel('Endpoint URL').fill(`${httpReceiver.url}/signed`)
  await page.getByLabel('Events (comma-separated)').fill('order.created')
  await page.getByLabel('Signing secret (optional)').fill('whsec_panel')
  await page.getByRole('button', { name: 'Add endpoint' }).click()
  const row = page.locator('tr[data-endpoint="whe_1"]')
  await expect(row).toContainText('order.created')
  await expect(row.locator('[title="signs X-Webhook-Signature"]')).toHaveCount(1)
  await login(page)
  await createOrder(page)
  await expect.poll(() => httpReceiver.requests.filter((r) => r.method === 'POST').length).toBe(1)
  const [sent] = httpReceiver.requests.filter((r) => r.method === 'POST')
  const { createHmac } = await import('node:crypto')
  const expected = createHmac('sha256', 'whsec_panel').update(`${String(sent?.headers['x-webhook-timestamp'])}.${sent?.body}`).digest('hex')
  expect(sent?.headers['x-webhook-signature']).toBe(`sha256=${expected}`)
})

test('hostile names in the data render as text, never as markup', async ({ page }) => {
  await gotoReady(page, `${PAGE}?xss`)
  // A persona and a product named with markup (in the scenario), and an entity created over the API.
  await login(page, 'casey@example.com', 'password456')
  await createOrder(page, 'prod-123', 1)
  const upsert = await api(page, 'POST', '/api/v1/consistency/entities', { entity_type: 'user', entity_id: 'x', data: { name: XSS } })
  expect(upsert.status).toBe(200)
  expect(upsert.body.created).toBe(true)
  await openPanel(page)

  await tab(page, 'Graph').click()
  const casey = graphNode(page, 'user:user-456')
  await expect(casey).toHaveAttribute('aria-label', `user ${XSS}, active`)
  await expect(casey.locator('text.label')).toHaveText('<img src=x onerror=…')
  await graphNode(page, 'user:x').click()
  await expect(page.getByTestId('entity-name')).toHaveText(XSS)
  await graphNode(page, 'order:ORD-1001').click()
  await expect(page.getByTestId('entity-json')).toContainText(`"product_name": "${XSS} headphones"`)

  await tab(page, 'Scenario').click()
  await expect(page.getByRole('combobox', { name: 'Persona' }).locator('option[value="user-456"]')).toHaveText(`${XSS} (user-456)`)
  await expect(page.getByTestId('active-persona')).toHaveText(`${XSS} (user-456)`)

  const found = await page.evaluate(() => {
    const root = document.querySelector('verisim-panel')?.shadowRoot
    return { images: document.querySelectorAll('img').length + (root?.querySelectorAll('img').length ?? -1), xss: Reflect.get(window, '__xss') as unknown }
  })
  expect(found).toEqual({ images: 0, xss: undefined })
})

const STYLE_PROPERTIES = [
  'font-family', 'font-size', 'line-height', 'color', 'background-color', 'display', 'visibility', 'opacity', 'padding', 'margin',
  'border-top-width', 'border-top-style', 'letter-spacing', 'text-transform',
]

/** Computed styles and boxes of a few of the panel's elements. */
async function panelLook(page: Page): Promise<Record<string, Record<string, string>>> {
  const targets = {
    panel: panel(page), tab: tab(page, 'Clock'), advance: page.getByRole('button', { name: 'Advance 1 day' }),
    now: page.getByTestId('clock-now'), input: page.getByRole('textbox', { name: 'Duration to advance' }), panelHost: page.locator('verisim-panel'),
  }
  const look: Record<string, Record<string, string>> = {}
  for (const [name, locator] of Object.entries(targets)) {
    look[name] = await locator.evaluate((el, properties) => {
      const style = getComputedStyle(el)
      const box = el.getBoundingClientRect()
      return { ...Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)])), box: `${box.x},${box.y},${box.width},${box.height}` }
    }, STYLE_PROPERTIES)
  }
  return look
}

test("the host page's CSS changes nothing in the panel (opened with Alt+Shift+V)", async ({ page }, testInfo) => {
  await gotoReady(page, PAGE)
  // The host's rules are in force on its own elements…
  await expect(page.locator('body > button')).toBeHidden()
  expect(await page.locator('h1').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(255, 0, 0)')

  await page.keyboard.press('Alt+Shift+V')
  await expect(panel(page)).toBeVisible()
  await expect(page.getByTestId('clock-mode')).not.toHaveText('…')
  const hostile = await panelLook(page)
  await page.screenshot({ path: testInfo.outputPath('panel-with-hostile-host-css.png') })

  await page.evaluate(() => document.getElementById('hostile')?.remove())
  expect(await page.locator('h1').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(0, 0, 0)')
  const plain = await panelLook(page)
  await page.screenshot({ path: testInfo.outputPath('panel-without-host-css.png') })

  expect(hostile).toEqual(plain)
  // …and the panel's own look is its own: sans-serif, light on dark, buttons shown.
  expect(plain.panel?.['font-family']).toContain('system-ui')
  expect(plain.panel?.['background-color']).toBe('rgb(20, 23, 28)')
  expect(plain.tab?.color).not.toBe('rgb(255, 0, 0)')
  expect(plain.advance?.display).not.toBe('none')
  expect(plain.advance?.['text-transform']).toBe('none')
})

test('keyboard: the shortcut toggles, arrows move between tabs, and tab, dock, size and open state survive a reload', async ({ page }, testInfo) => {
  const loaded: string[] = []
  page.on('request', (request) => loaded.push(new URL(request.url()).pathname))
  await gotoReady(page, PAGE)
  // The panel's code is loaded on first open, not with the page.
  expect(loaded).toContain('/src/panel/launcher.ts')
  expect(loaded).not.toContain('/src/panel/panel.ts')
  await page.keyboard.press('Alt+Shift+V')
  await expect(panel(page)).toBeVisible()
  await expect(launcher(page)).toBeHidden()
  await expect(tab(page, 'Clock')).toBeFocused()
  await expect(tab(page, 'Clock')).toHaveAttribute('aria-selected', 'true')
  expect(loaded).toContain('/src/panel/panel.ts')

  await page.keyboard.press('ArrowRight')
  await expect(tab(page, 'Graph')).toBeFocused()
  await expect(tab(page, 'Graph')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByRole('tabpanel', { name: 'Graph' })).toBeVisible()
  await expect(page.getByRole('tabpanel', { name: 'Clock' })).toBeHidden()
  await page.keyboard.press('End')
  await expect(tab(page, 'Scenario')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowRight')
  await expect(tab(page, 'Clock')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowLeft')
  await expect(tab(page, 'Scenario')).toBeFocused()

  // Tab to the dock button and press it; then grow the panel from the keyboard.
  await page.getByRole('button', { name: 'Dock to the right' }).focus()
  await page.keyboard.press('Enter')
  await expect(panel(page)).toHaveClass(/dock-right/)
  const resizer = page.getByRole('separator', { name: /Resize the panel/ })
  await resizer.focus()
  await page.keyboard.press('ArrowLeft')
  await page.keyboard.press('ArrowLeft')
  await expect.poll(async () => (await panel(page).boundingBox())?.width).toBe(560)
  await page.screenshot({ path: testInfo.outputPath('docked-right.png') })

  await page.reload()
  await expect(panel(page)).toBeVisible()
  await expect(panel(page)).toHaveClass(/dock-right/)
  await expect(tab(page, 'Scenario')).toHaveAttribute('aria-selected', 'true')
  expect((await panel(page).boundingBox())?.width).toBe(560)

  await page.keyboard.press('Alt+Shift+V')
  await expect(panel(page)).toHaveCount(0)
  await expect(launcher(page)).toBeFocused()
  await page.reload()
  await expect(launcher(page)).toBeVisible()
  await expect(panel(page)).toHaveCount(0)
  expect(await page.evaluate(() => JSON.parse(localStorage.getItem('verisim:panel') ?? '{}'))).toEqual({
    open: false, tab: 'scenario', dock: 'right', size: 560, workspace: 'default',
  })

  // Escape closes too; uninstalling removes the button, the panel and the shortcut.
  await launcher(page).click()
  await expect(tab(page, 'Scenario')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(panel(page)).toHaveCount(0)
  await launcher(page).click()
  await expect(panel(page)).toBeVisible()
  await page.evaluate(() => (window as unknown as { uninstallPanel: () => void }).uninstallPanel())
  await expect(page.locator('verisim-launcher, verisim-panel')).toHaveCount(0)
  await page.keyboard.press('Alt+Shift+V')
  await expect(page.locator('verisim-launcher, verisim-panel')).toHaveCount(0)
})

test('the Scenario tab switches workspace and persona, lists the config warnings, resets the clock and then the whole workspace', async ({ page }) => {
  const printed = consoleWarnings(page, 'reality_continuum')
  await gotoReady(page, PAGE)
  await openPanel(page)
  await tab(page, 'Scenario').click()
  // Printed once by the dev server when it compiled the scenario, not by the page on every load.
  await expect(page.getByTestId('warnings')).toContainText('reality_continuum: no upstream is set, so every answer stays mocked (set reality_continuum.upstream, or open the page with ?verisim-upstream=<origin>)')
  expect(await page.evaluate(() => (window as unknown as { verisim: { engine: { scenario: { warnings: string[] } } } }).verisim.engine.scenario.warnings)).toEqual([
    'reality_continuum: no upstream is set, so every answer stays mocked (set reality_continuum.upstream, or open the page with ?verisim-upstream=<origin>)',
  ])
  expect(printed).toEqual([])
  await expect(page.getByTestId('active-persona')).toHaveText('none (log in, or activate one)')

  await page.getByRole('combobox', { name: 'Workspace' }).fill('team-b')
  await page.getByRole('button', { name: 'Switch' }).click()
  await expect(panel(page).locator('.ws b')).toHaveText('team-b')
  await page.getByRole('combobox', { name: 'Persona' }).selectOption('user-456')
  await page.getByRole('button', { name: 'Activate' }).click()
  await expect(page.getByTestId('active-persona')).toHaveText('Casey Reader (user-456)')
  expect((await api(page, 'GET', '/api/v1/consistency/persona?workspace=team-b')).body.persona.id).toBe('user-456')
  expect((await api(page, 'GET', '/api/v1/consistency/persona?workspace=default')).status).toBe(404)

  // The clock of team-b moves; default's does not.
  await tab(page, 'Clock').click()
  await page.getByRole('textbox', { name: 'Duration to advance' }).fill('2 days')
  await page.getByRole('button', { name: 'Advance', exact: true }).click()
  await expect(page.getByTestId('clock-mode')).toHaveText('time travel on · ×1')
  expect((await api(page, 'GET', '/__mockforge/time-travel/status', undefined, { 'X-MockForge-Workspace': 'team-b' })).body.enabled).toBe(true)
  expect((await api(page, 'GET', '/__mockforge/time-travel/status')).body.enabled).toBe(false)
  await page.getByRole('textbox', { name: 'Duration to advance' }).fill('-3h')
  await page.getByRole('button', { name: 'Advance', exact: true }).click()
  await expect(page.locator('#tabpanel-clock .message')).toHaveClass(/error/)
  await expect(page.locator('#tabpanel-clock .message')).toContainText('"-3h"')
  await page.getByLabel('Date and time (UTC)').fill('2030-01-01T09:30')
  await page.getByRole('button', { name: 'Set', exact: true }).click()
  await expect(page.getByTestId('clock-now')).toHaveText(/^2030-01-01 09:3\d:\d\d$/)

  await tab(page, 'Scenario').click()
  await page.getByRole('button', { name: 'Reset clock' }).click()
  await expect(page.locator('#tabpanel-scenario .message')).toHaveText('The clock follows real time again.')
  expect((await api(page, 'GET', '/__mockforge/time-travel/status', undefined, { 'X-MockForge-Workspace': 'team-b' })).body.enabled).toBe(false)

  // Resetting the workspace takes two presses, and leaves the other workspace alone.
  await login(page)
  await createOrder(page)
  const reset = page.getByRole('button', { name: /^Reset workspace|^Confirm: erase/ })
  await reset.click()
  await expect(reset).toHaveText('Confirm: erase team-b')
  await reset.click()
  await expect(page.locator('#tabpanel-scenario .message')).toHaveText(/^Workspace team-b reset: \d+ entities and 0 deliveries removed\.$/)
  await expect(page.getByTestId('active-persona')).toHaveText('none (log in, or activate one)')
  expect((await api(page, 'GET', '/api/v1/consistency/persona?workspace=team-b')).status).toBe(404)
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body.status).toBe('processing')
})

test('a second panel in an element that already shows one is refused with a message; after unmounting it mounts again', async ({ page }) => {
  await gotoReady(page, PAGE)
  const outcome = await page.evaluate(async () => {
    const { mountPanel } = (await import('/src/panel/panel.ts' as string)) as typeof import('../src/panel/panel.ts')
    const engine = (window as unknown as { verisim: { engine: Parameters<typeof mountPanel>[1] } }).verisim.engine
    const host = document.body.appendChild(document.createElement('div'))
    const first = mountPanel(host, engine)
    let refused = ''
    try {
      mountPanel(host, engine)
    } catch (error) {
      refused = (error as Error).message
    }
    first.unmount()
    mountPanel(host, engine).unmount()
    return { refused, panels: host.shadowRoot?.querySelectorAll('[data-testid=verisim-panel]').length }
  })
  expect(outcome).toEqual({ refused: '[verisim] This element already shows the devtools panel: unmount it first.', panels: 0 })
})
