import { expect, test } from './support/fixtures.ts'
import { consoleWarnings, gotoReady } from './support/page.ts'

// The app's own MSW handlers answer some of the spec's operations: their answers are held to the spec too.

test("an app's own handler whose answer breaks the spec is a violation naming the operation; one that keeps it is not", async ({ page }) => {
  await gotoReady(page, '/e2e/fixtures/start-stop.html')
  const seen = await page.evaluate(async () => {
    const w = window as any
    await w.verisim.stop()
    const { startWithOwnHandlers } = await import('/e2e/fixtures/own-handlers.ts' as string)
    w.verisim = await startWithOwnHandlers(w.scenarioFiles, 'verisim:own-handlers')
    const violations: unknown[] = []
    w.verisim.engine.events.on('violation', (v: unknown) => violations.push(v))
    const products = await (await fetch('/api/products')).json()
    const order = await (await fetch('/api/orders/ORD-7')).json()
    // The check runs once MSW has answered; it reports on the next turns.
    const deadline = Date.now() + 5000
    while (violations.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
    await new Promise((resolve) => setTimeout(resolve, 200))
    const operations = w.verisim.engine.contract.operations.map((op: any) => [op.id, op.violations.length])
    return { products, order, violations, operations }
  })
  expect(seen.products).toEqual({ products: [], count: 0 })
  expect(seen.order).toEqual({ id: 'ORD-7', status: 'pending', quantity: 1 })
  expect(seen.violations).toEqual([
    expect.objectContaining({
      operation: 'browseProducts', status: 200, direction: 'response',
      message: 'GET /api/products (browseProducts) answered 200, which breaks the spec: the body must be array',
    }),
  ])
  expect(seen.operations).toEqual([['login', 0], ['browseProducts', 1], ['createOrder', 0], ['getOrder', 0]])
})

test('verisim.use overrides one route of the running mock, logged as overridden; resetHandlers drops it; a handler the worker never sends is warned about', async ({ page }) => {
  const warnings = consoleWarnings(page)
  await gotoReady(page, '/e2e/fixtures/start-stop.html')
  const seen = await page.evaluate(async () => {
    const w = window as any
    const { productsOverride, elsewhere } = await import('/e2e/fixtures/own-handlers.ts' as string)
    const logged: Array<{ url: string; overridden?: boolean }> = []
    w.verisim.engine.events.on('request', (entry: { url: string; overridden?: boolean }) => logged.push(entry))
    w.verisim.use(productsOverride, elsewhere)
    const overridden = await (await fetch('/api/products')).json()
    await new Promise((resolve) => setTimeout(resolve, 200))
    w.verisim.resetHandlers()
    const scenario = await (await fetch('/api/products')).json()
    return { overridden, scenario: scenario.map((p: { id: string }) => p.id), logged: logged.map((e) => `${new URL(e.url).pathname} ${e.overridden ?? false}`) }
  })
  expect(seen.overridden).toEqual([expect.objectContaining({ id: 'override-1', name: 'Overridden' })])
  expect(seen.scenario).toEqual(expect.arrayContaining(['prod-123', 'prod-124', 'prod-125', 'prod-126']))
  expect(seen.logged).toEqual(['/api/products true', '/api/products false'])
  expect(warnings.filter((w) => w.includes('will not run'))).toEqual([
    expect.stringContaining('the handler for GET https://elsewhere.test/api/thing will not run'),
  ])
})
