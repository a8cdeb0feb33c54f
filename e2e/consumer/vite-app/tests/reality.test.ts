import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from 'verisim/playwright'
import { pageErrors, signIn } from './shop-page.ts'

// The scenario's reality_continuum, pointed at a staging server of the team's own with ?verisim-upstream=.

let staging: Server
let upstream = ''
const seen: string[] = []

test.beforeAll(async () => {
  staging = createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*')
    res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? '*')
    if (req.method === 'OPTIONS') return void res.writeHead(204).end()
    seen.push(`${req.method} ${req.url}`)
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify([{ id: 'prod-123', name: 'Staging Headphones', price: 120 }]))
  })
  await new Promise<void>((resolve) => staging.listen(0, '127.0.0.1', resolve))
  upstream = `http://127.0.0.1:${(staging.address() as AddressInfo).port}`
})
test.afterAll(() => new Promise<void>((resolve) => staging.close(() => resolve())))

test("a route turned to reality shows the staging server's fields, filled in by the mock's", async ({ page, verisim }) => {
  const errors = pageErrors(page)
  await page.goto(`/?verisim-upstream=${encodeURIComponent(upstream)}`)
  await verisim.ready()
  const status = await verisim.request('POST', '/__verisim/reality', { route: '/api/products', ratio: 1 })
  expect(status.body).toMatchObject({ enabled: true, upstream, routes: [{ pattern: '/api/products', ratio: 1, source: 'manual' }] })
  await signIn(page, 'user@example.com', 'password123', 'Demo User')
  // The staging server's name and price; the mock's other products of the persona's preferences follow.
  await expect(page.locator('#products li').first()).toHaveText(/^Staging Headphones — \$120\.00/)
  expect(seen).toContain('GET /api/products')
  const mark = await page.evaluate(async () => (await fetch('http://localhost:3000/api/products')).headers.get('X-Verisim-Reality'))
  expect(mark).toBe('real; ratio=1')

  await verisim.request('POST', '/__verisim/reality', { route: '/api/products', ratio: 0 })
  const mocked = await page.evaluate(async () => (await fetch('http://localhost:3000/api/products')).headers.get('X-Verisim-Reality'))
  expect(mocked).toBe('mock; ratio=0')
  expect(errors).toEqual([])
})
