import type { Page } from '@playwright/test'
import { expect, test } from './support/fixtures.ts'
import { api, BACKEND, createOrder, frameLine, framesOf, gotoReady, listOf, login, openSocket, sendSocket, timeTravel, waitReady } from './support/page.ts'

// IndexedDB that cannot be opened (private modes, storage blocked, a newer schema, no IndexedDB at
// all): the mock serves from memory and says so once; only persistence and tab sharing are lost.

const PAGE = '/e2e/fixtures/panel.html'
const DATABASE = 'verisim:panel'
const RECEIVER = `${BACKEND}/api/webhooks/order-status`

const FAILURES = [
  {
    name: 'indexedDB.open throws',
    init: () => {
      IDBFactory.prototype.open = () => {
        throw new DOMException('The operation is insecure.', 'SecurityError')
      }
    },
    reason: 'SecurityError: The operation is insecure',
  },
  {
    // A real failing request: the database was left at a newer version than this code's schema.
    name: "indexedDB.open's request fires error",
    init: (database: string) => {
      indexedDB.open(database, 99).onsuccess = (event) => ((event.target as IDBOpenDBRequest).result as IDBDatabase).close()
    },
    reason: /^VersionError: .*\(4\).*\(99\)/,
  },
  {
    name: 'indexedDB is undefined',
    init: () => {
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true })
    },
    reason: 'this page has no indexedDB',
  },
]

/** The console warnings about storage the page printed. */
function storageWarnings(page: Page): string[] {
  const warnings: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().includes('IndexedDB')) warnings.push(message.text())
  })
  return warnings
}

/** What the running instance and its engine report about storage. */
const storageOf = (page: Page) =>
  page.evaluate(() => {
    const { verisim } = window as unknown as { verisim: { storage: unknown; engine: { storage: unknown } } }
    return { instance: verisim.storage, engine: verisim.engine.storage }
  })

for (const failure of FAILURES) {
  test(`${failure.name}: the seed flow runs on memory, says so once, and a reload starts afresh`, async ({ page }) => {
    await page.addInitScript(failure.init, DATABASE)
    const warnings = storageWarnings(page)
    await gotoReady(page, PAGE)

    const { instance, engine } = await storageOf(page)
    expect(instance).toEqual({ kind: 'memory', reason: expect.stringMatching(typeof failure.reason === 'string' ? exact(failure.reason) : failure.reason) })
    expect(engine).toEqual(instance)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(`IndexedDB could not be opened (${(instance as { reason: string }).reason})`)
    expect(warnings[0]).toContain('will not survive a reload, and other tabs of this origin do not share it')

    // The seed flow: login, products, an order that moves on, its socket frames and its webhook.
    await openSocket(page, 'feed')
    await sendSocket(page, 'feed', { type: 'init', workspace: 'default' })
    expect((await login(page)).status).toBe(200)
    const products = await api(page, 'GET', '/api/products')
    expect(listOf(products).map((p) => p.id)).toEqual(['prod-123', 'prod-124']) // the persona's preferences
    expect(products.headers['x-mockforge-persona']).toBe('user-123')
    const created = await createOrder(page)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ id: 'ORD-1001', status: 'pending' })
    expect((await api(page, 'GET', '/api/orders/ORD-1001')).body.status).toBe('processing')
    await expect.poll(async () => (await framesOf(page, 'feed')).map(frameLine)).toEqual([
      'init_ack default', 'order_created pending', 'payment_received 99.98', 'order_status_update processing',
    ])
    await expect.poll(async () => (await api(page, 'GET', RECEIVER)).body.count).toBe(1) // order.created
    // Time travel: a day later the order ships.
    await timeTravel(page, 'advance', { duration: '1d' })
    expect((await api(page, 'GET', '/api/orders/ORD-1001')).body.status).toBe('shipped')

    // The panel's Scenario tab says where the state lives.
    await page.getByRole('button', { name: 'Open Verisim devtools' }).click()
    await page.getByRole('tab', { name: 'Scenario' }).click()
    await expect(page.getByTestId('storage')).toHaveText(
      `State: memory only — IndexedDB could not be opened (${(instance as { reason: string }).reason}); it will not survive a reload, and other tabs do not share it`,
    )

    // A reload forgets everything, and the mock still serves.
    await page.reload()
    await waitReady(page)
    expect((await api(page, 'GET', '/api/v1/consistency/persona')).status).toBe(404)
    await login(page)
    expect((await api(page, 'GET', '/api/orders')).body.count).toBe(0)
    expect((await createOrder(page)).body.id).toBe('ORD-1001')
    expect(warnings).toHaveLength(2) // once per start
  })
}

test('an open blocked by a connection to an older version falls back to memory after a bounded wait', async ({ page }) => {
  await page.addInitScript((database) => {
    // Holds version 1 open and never gives way: the mock's version 4 is blocked.
    const request = indexedDB.open(database, 1)
    request.onsuccess = () => ((window as unknown as { holder: IDBDatabase }).holder = request.result)
  }, DATABASE)
  const warnings = storageWarnings(page)
  await gotoReady(page, PAGE)
  const { instance } = await storageOf(page)
  expect(instance).toEqual({ kind: 'memory', reason: expect.stringContaining(`indexedDB.open('${DATABASE}') was blocked for 3 s`) })
  expect(warnings).toHaveLength(1)
  await login(page)
  expect((await createOrder(page)).status).toBe(201)
})

test('with IndexedDB the instance and the panel say so', async ({ page }) => {
  const warnings = storageWarnings(page)
  await gotoReady(page, PAGE)
  expect((await storageOf(page)).instance).toEqual({ kind: 'indexeddb', database: DATABASE })
  await page.getByRole('button', { name: 'Open Verisim devtools' }).click()
  await page.getByRole('tab', { name: 'Scenario' }).click()
  await expect(page.getByTestId('storage')).toHaveText(`State: IndexedDB ${DATABASE} — survives reloads, shared by this origin's tabs`)
  expect(warnings).toEqual([])
})

function exact(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
}
