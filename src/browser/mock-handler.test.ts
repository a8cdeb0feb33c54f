import { graphql, http, HttpResponse } from 'msw'
import { expect, it } from 'vitest'
import type { MockHandler } from './mock-handler.ts'

// `StartOptions.handlers` names Verisim's own type, so that an app without msw compiles the
// package's declarations; MSW's handlers must still be what it accepts, and nothing else.
it("takes MSW's handlers as they are, and uses only the members it names", async () => {
  const handlers: MockHandler[] = [
    http.get('https://shop.test/api/health', () => HttpResponse.json({ ok: true })),
    graphql.query('Health', () => HttpResponse.json({ data: { ok: true } })),
  ]
  const [rest, query] = handlers
  expect(rest?.info.header).toBe('GET https://shop.test/api/health')
  expect(query?.info.header).toBe('query Health (origin: *)')
  const request = new Request('https://shop.test/api/health')
  expect(await rest?.test({ request })).toBe(true)
  const result = (await rest?.run({ request, requestId: '1' })) as { response?: Response } | null
  expect(await result?.response?.json()).toEqual({ ok: true })
  expect(await rest?.run({ request: new Request('https://shop.test/api/other'), requestId: '2' })).toBeNull()
})

it('refuses what is not a handler', () => {
  // @ts-expect-error an object with a URL is not a handler
  const refused: MockHandler = { url: '/api/health' }
  expect(refused).toBeDefined()
})
