import type { Frame, Page } from '@playwright/test'
import { routeRequest, type FulfillOptions, type RequestSnapshot, type Route, type RouteHandler } from '../browser/overrides.ts'
import { compilePattern, samePattern, serializePattern, type RoutePattern } from '../browser/route-pattern.ts'
import { pageRoutes, type PublishedRoute, type RouteAnswer } from './page-routes.ts'

/** A body a test fulfills with: text, or bytes (a Buffer). */
export type TestBody = string | Uint8Array
export type TestRoute = Route<TestBody>
export type TestRouteHandler = RouteHandler<TestBody>

/** The function the page's overrides ask the test's handlers through. */
const BINDING = 'verisimRoute'

interface Entry {
  id: number
  pattern: RoutePattern
  label: string
  handler: TestRouteHandler
}

/**
 * A test's overrides (`verisim.route`): the handlers stay in the test, the page holds their
 * patterns. Every document of the page gets them before its first script (an init script with
 * the current list), and the current document's running mock at once.
 */
export class RouteBridge {
  readonly #page: Page
  #entries: Entry[] = []
  #next = 1

  constructor(page: Page) {
    this.#page = page
  }

  async install(): Promise<void> {
    await this.#page.exposeBinding(BINDING, ({ frame }, id: number, request: RequestSnapshot) => this.#answer(frame, id, request))
    await this.#page.addInitScript(pageRoutes, BINDING)
  }

  async route(pattern: RoutePattern, handler: TestRouteHandler): Promise<void> {
    if (typeof handler !== 'function') throw new Error(`verisim.route(${String(pattern)}): the handler must be a function (route) => …`)
    const { label } = compilePattern(pattern)
    this.#entries.push({ id: this.#next++, pattern, label, handler })
    await this.#publish()
  }

  async unroute(pattern: RoutePattern, handler?: TestRouteHandler): Promise<void> {
    this.#entries = this.#entries.filter((e) => !(samePattern(e.pattern, pattern) && (handler === undefined || e.handler === handler)))
    await this.#publish()
  }

  async #publish(): Promise<void> {
    const routes: PublishedRoute[] = this.#entries.map((e) => ({ id: e.id, pattern: serializePattern(e.pattern) }))
    // Later init scripts run later: the last list given is the one a new document starts with.
    await this.#page.addInitScript((list) => ((globalThis as { verisimRoutes?: PublishedRoute[] }).verisimRoutes = list), routes)
    for (;;) {
      try {
        await this.#page.evaluate((list) => {
          const page = globalThis as { verisimRoutes?: PublishedRoute[]; verisimRoutesChanged?(routes: PublishedRoute[]): void }
          if (page.verisimRoutesChanged) page.verisimRoutesChanged(list)
          else page.verisimRoutes = list
        }, routes)
        return
      } catch (error) {
        // A navigation replaced the document while it was told: the new one got the init script.
        if (!String(error).includes('Execution context was destroyed')) throw error
      }
    }
  }

  async #answer(frame: Frame, id: number, request: RequestSnapshot): Promise<RouteAnswer> {
    const entry = this.#entries.find((e) => e.id === id)
    // Removed while the request was on its way.
    if (!entry) return { action: 'fallback' }
    let decided: RouteAnswer | undefined
    const decide = async (answer: RouteAnswer, what: string) => {
      if (decided) throw new Error(`verisim: route.${what}() for ${entry.label}: the request was already handled (${decided.action})`)
      decided = answer
    }
    const route: TestRoute = {
      request: () => routeRequest(request),
      context: () =>
        frame.evaluate((r) => {
          const mock = window.verisimInstance
          if (!mock) throw new Error('verisim: the mock of this page is gone')
          return mock.context(new Request(r.url, { headers: r.headers })).snapshot()
        }, request),
      fulfill: (options = {}) => decide(answerOf(options), 'fulfill'),
      fallback: () => decide({ action: 'fallback' }, 'fallback'),
      abort: () => decide({ action: 'abort' }, 'abort'),
    }
    try {
      await entry.handler(route)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (!decided) return { action: 'fail', message }
      // What it decided stands; the failure after it is still said, in the test's output.
      console.warn(`verisim: the override for ${entry.label} failed after route.${decided.action}(): ${message}`)
    }
    // A handler that returned without deciding leaves the request to what comes next.
    return decided ?? { action: 'fallback' }
  }
}

function answerOf(options: FulfillOptions<TestBody>): RouteAnswer {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value
  let body = ''
  let base64 = false
  if (options.json !== undefined) {
    body = JSON.stringify(options.json)
    headers['content-type'] ??= 'application/json'
  } else if (typeof options.body === 'string') {
    body = options.body
  } else if (options.body !== undefined) {
    body = Buffer.from(options.body).toString('base64')
    base64 = true
  }
  if (options.contentType) headers['content-type'] = options.contentType
  return { action: 'fulfill', status: options.status ?? 200, headers, body, base64 }
}
