import { expect, test } from './support/fixtures.ts'

// The IndexedDB store on its own, as two tabs' connections to one database use it.
const PAGE = '/e2e/fixtures/no-mock.html'

test("a write bumps the store's version without reading it back; a connection that did not write learns of another's writes, and the highest ordinal never goes down", async ({ page }) => {
  await page.goto(PAGE)
  const seen = await page.evaluate(async () => {
    const { IdbStore } = await import('/src/browser/idb-store.ts' as string)
    const name = `verisim-test-${Math.random()}`
    const order = (ordinal: number) => ({ table: 'entities', put: { workspace: 'w', type: 'order', id: `ORD-${ordinal}`, data: { user_id: 'user-1' }, created_at: 0, ordinal } })
    const workspace = { table: 'workspaces', put: { id: 'w', clock: { enabled: false, scale: 1, virtualAnchor: 0, wallAnchor: 0 }, persona_id: null, seq: {} } }
    // Two tabs: the first leads and writes, having read the store's head (its version and highest ordinal) as it started.
    const first = await IdbStore.open(name)
    const second = await IdbStore.open(name)
    await first.partial.loadHead()
    await second.partial.loadHead()
    const versions = [await first.write([workspace, order(1), order(2)]), await first.write([order(3)])]
    // A write of an older entity (a lifecycle step, an upsert) leaves the highest ordinal where it is.
    versions.push(await first.write([order(1)]))
    const afterFirst = await second.version()
    // The lead passes: the second reads what the first wrote, then writes on from there.
    const head = await second.partial.loadHead()
    versions.push(await second.write([order(4)]), await second.write([order(2)]))
    // A connection that knows nothing yet (a failed write, or none since opening) reads them inside its write.
    const third = await IdbStore.open(name)
    versions.push(await third.write([order(3)]))
    const last = await first.partial.loadHead()
    for (const store of [first, second, third]) store.close()
    await new Promise((resolve) => (indexedDB.deleteDatabase(name).onsuccess = resolve))
    return { versions, afterFirst, headAfterFirst: { version: head.version, ordinal: head.ordinal }, last: { version: last.version, ordinal: last.ordinal } }
  })
  expect(seen).toEqual({
    versions: [1, 2, 3, 4, 5, 6],
    afterFirst: 3,
    headAfterFirst: { version: 3, ordinal: 3 },
    last: { version: 6, ordinal: 4 },
  })
})
