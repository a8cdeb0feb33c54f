import { expect, test } from 'verisim/playwright'

// Handlers written with the app's own msw (its IIFE build, a copy apart from the one the script
// tag bundles), added to the running mock, answering from the scenario's world.

interface OwnMsw {
  http: { get(path: string, resolver: (info: { request: Request }) => unknown): unknown }
  HttpResponse: { json(body: unknown): Response }
}
interface RunningMock {
  use(...handlers: unknown[]): void
  resetHandlers(): void
  context(request: Request): { persona(): Promise<{ name: string } | null> }
  engine: { events: { on(event: 'request', listener: (entry: { url: string; status: number; overridden?: boolean }) => void): () => void } }
}

test("a handler made with the app's own msw overrides the products for the signed-in persona; resetHandlers gives the scenario's back", async ({ page, verisim }) => {
  await page.goto('/')
  await verisim.ready()
  await page.addScriptTag({ url: '/vendor/msw.js' })
  await page.evaluate(async () => {
    const w = window as unknown as { verisim: { ready: Promise<RunningMock> }; MockServiceWorker: OwnMsw; logged: string[] }
    const mock = await w.verisim.ready
    const { http, HttpResponse } = w.MockServiceWorker
    w.logged = []
    mock.engine.events.on('request', (entry) => {
      if (entry.overridden) w.logged.push(`${new URL(entry.url).pathname} ${entry.status}`)
    })
    mock.use(
      http.get('http://localhost:3000/api/products', async ({ request }) => {
        const persona = await mock.context(request).persona()
        return HttpResponse.json([{ id: 'prod-123', name: `pick for ${persona?.name ?? 'nobody'}`, price: 1 }])
      }),
    )
  })

  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('account')).toHaveText('Signed in as Demo User')
  await expect(page.getByRole('button', { name: 'Order pick for Demo User' })).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { logged: string[] }).logged)).toEqual(['/api/products 200'])

  await page.evaluate(async () => (await (window as unknown as { verisim: { ready: Promise<RunningMock> } }).verisim.ready).resetHandlers())
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('button', { name: 'Order Wireless Noise-Cancelling Headphones' })).toBeVisible()
  await expect(page.getByRole('button', { name: /^Order pick for/ })).toHaveCount(0)
})
