import type { Page } from '@playwright/test'
import { SCHEMA_VERSION } from '../src/browser/idb-schema.ts'
import { expect, test } from './support/fixtures.ts'
import { api, BACKEND, consoleWarnings, createOrder, frameLine, framesOf, gotoReady, listOf, login, openSocket, sendSocket, timeTravel, waitReady } from './support/page.ts'

// IndexedDB that cannot be opened (private modes, storage blocked, a newer schema, no IndexedDB at
// all) or fails while running: the mock serves from memory and says so once; only persistence and
// tab sharing are lost.

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
    reason: new RegExp(`^VersionError: .*\\(${SCHEMA_VERSION}\\).*\\(99\\)`),
  },
  {
    name: 'indexedDB is undefined',
    init: () => {
      Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true })
    },
    reason: 'this page has no indexedDB',
  },
]

/**
 * ORD-1001, just placed on the feed socket's workspace, moves on: processing, its socket frames
 * and its webhook; a day of time travel later it has shipped.
 */
async function ordersGoOn(page: Page): Promise<void> {
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body.status).toBe('processing')
  await expect.poll(async () => (await framesOf(page, 'feed')).map(frameLine)).toEqual([
    'init_ack default', 'order_created pending', 'payment_received 99.98', 'order_status_update processing',
  ])
  await expect.poll(async () => (await api(page, 'GET', RECEIVER)).body.count).toBe(1) // order.created
  await timeTravel(page, 'advance', { duration: '1d' })
  expect((await api(page, 'GET', '/api/orders/ORD-1001')).body.status).toBe('shipped')
}

/** The console warnings about storage the page printed. */
const storageWarnings = (page: Page): string[] => consoleWarnings(page, 'IndexedDB')

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
    await ordersGoOn(page)

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

// IndexedDB that opened and then fails while running: the request whose write failed gets its
// normal answer, everything so far carries over into memory, and the mock says so once.

const MID_RUN = [
  {
    name: 'a write fails because storage is full',
    init: () => {
      const put = IDBObjectStore.prototype.put
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
        if ((window as unknown as { storageFull?: boolean }).storageFull) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
        return put.apply(this, args)
      }
    },
    fail: (page: Page) => page.evaluate(() => ((window as unknown as { storageFull: boolean }).storageFull = true)),
    reason: 'QuotaExceededError: The quota has been exceeded',
    // What was stored before the failure (the login) is still there after a reload.
    storedLogin: true,
  },
  {
    name: 'another page of the origin deletes the database',
    init: () => {},
    fail: async (page: Page) => {
      const other = await page.context().newPage()
      await other.goto('/package.json')
      await other.evaluate((database) => new Promise((resolve, reject) => {
        const request = indexedDB.deleteDatabase(database)
        request.onsuccess = resolve
        request.onerror = () => reject(request.error)
      }), DATABASE)
      await other.close()
    },
    reason: 'another page of this origin deleted the database',
    storedLogin: false,
  },
  {
    name: 'site data is cleared (DevTools › Application › Clear site data)',
    init: () => {},
    fail: async (page: Page) => {
      const devtools = await page.context().newCDPSession(page)
      await devtools.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'indexeddb' })
      await devtools.detach()
    },
    reason: 'the browser closed the database (site data cleared, or storage evicted)',
    storedLogin: false,
  },
]

for (const failure of MID_RUN) {
  test(`${failure.name} after the start: the seed flow goes on in memory with everything so far, said once`, async ({ page }) => {
    await page.addInitScript(failure.init)
    const warnings = storageWarnings(page)
    await gotoReady(page, PAGE)
    expect((await storageOf(page)).instance).toEqual({ kind: 'indexeddb', database: DATABASE })
    await openSocket(page, 'feed')
    await sendSocket(page, 'feed', { type: 'init', workspace: 'default' })
    expect((await login(page)).status).toBe(200)

    await failure.fail(page)
    // The order's write is the first to fail when storage is full: it still gets its normal answer.
    const created = await createOrder(page)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ id: 'ORD-1001', status: 'pending' })
    const lost = { kind: 'memory', reason: failure.reason, lost: true }
    await expect.poll(() => storageOf(page)).toEqual({ instance: lost, engine: lost })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(`IndexedDB '${DATABASE}' failed while running (${failure.reason}): the mock goes on in memory with everything done so far`)
    expect(warnings[0]).toContain('will not survive a reload, and other tabs of this origin do not share it')

    // Everything goes on: the persona, the order's lifecycle, its socket frames and webhook, time travel.
    await ordersGoOn(page)
    expect((await createOrder(page)).body.id).toBe('ORD-1002')

    await page.getByRole('button', { name: 'Open Verisim devtools' }).click()
    await page.getByRole('tab', { name: 'Scenario' }).click()
    await expect(page.getByTestId('storage')).toHaveText(
      `State: memory only — IndexedDB failed while running (${failure.reason}); everything done before is kept, but from now on it will not survive a reload, and other tabs do not share it`,
    )
    await expect(page.getByTestId('warnings')).toContainText(`failed while running (${failure.reason})`)
    expect(warnings).toHaveLength(1)

    // A reload opens IndexedDB again, with what it held when it failed.
    await page.reload()
    await waitReady(page)
    expect((await storageOf(page)).instance).toEqual({ kind: 'indexeddb', database: DATABASE })
    expect((await api(page, 'GET', '/api/v1/consistency/persona')).status).toBe(failure.storedLogin ? 200 : 404)
    await login(page)
    expect((await api(page, 'GET', '/api/orders')).body.count).toBe(0)
    expect(warnings).toHaveLength(1)
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
