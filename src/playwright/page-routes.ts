import type { FulfillOptions, RequestSnapshot, Route } from '../browser/overrides.ts'
import type { SerializedPattern } from '../browser/route-pattern.ts'
import type { Verisim } from '../index.ts'

/** A test's override as the page holds it: the handler stays in the test, named by its id. */
export interface PublishedRoute {
  id: number
  pattern: SerializedPattern
}

/** What the test's handler decided, as it crosses back to the page (a binary body as base64). */
export type RouteAnswer =
  | { action: 'fulfill'; status: number; headers: Record<string, string>; body: string; base64: boolean }
  | { action: 'fallback' }
  | { action: 'abort' }
  | { action: 'fail'; message: string }

/** The page's globals this bridge and the fixture share. */
interface Bridge {
  /** The test's overrides, latest last: set by an init script before the page's own, then by the fixture. */
  verisimRoutes?: PublishedRoute[]
  /** Replaces the overrides in the running mock (the fixture calls it in the current document). */
  verisimRoutesChanged?(routes: PublishedRoute[]): void
  verisimTestHook?: { started(verisim: Verisim): void }
}

/**
 * Runs in the page before its scripts (an init script: it must not use anything outside itself).
 * Once the mock starts, it installs each of the test's overrides in it (`verisim.route`), whose
 * handler asks the test through the exposed function `binding`: only the requests a pattern
 * matches make the round trip. It wraps the test hook the recorder set.
 */
export function pageRoutes(binding: string): void {
  const page = globalThis as unknown as Bridge & Record<string, unknown>
  const installed = new Map<number, () => void>()
  let instance: Verisim | null = null

  const handlerFor = (id: number) => async (route: Route) => {
    const request = route.request()
    const snapshot: RequestSnapshot = { method: request.method(), url: request.url(), headers: request.headers(), postData: request.postData() }
    const answer = (await (page[binding] as (id: number, request: RequestSnapshot) => Promise<RouteAnswer>)(id, snapshot))
    if (answer.action === 'fail') throw new Error(answer.message)
    if (answer.action === 'abort') return route.abort()
    if (answer.action === 'fallback') return route.fallback()
    const body = answer.base64 ? Uint8Array.from(atob(answer.body), (c) => c.charCodeAt(0)) : answer.body
    return route.fulfill({ status: answer.status, headers: answer.headers, body } satisfies FulfillOptions)
  }

  const sync = () => {
    const mock = instance
    if (!mock) return
    const wanted = page.verisimRoutes ?? []
    const ids = new Set(wanted.map((r) => r.id))
    for (const [id, undo] of installed) {
      if (ids.has(id)) continue
      undo()
      installed.delete(id)
    }
    for (const { id, pattern } of wanted) {
      if (installed.has(id)) continue
      const compiled = pattern.kind === 'regexp' ? new RegExp(pattern.source, pattern.flags) : pattern.value
      const handler = handlerFor(id)
      mock.route(compiled, handler)
      installed.set(id, () => mock.unroute(compiled, handler))
    }
  }

  const previous = page.verisimTestHook
  page.verisimTestHook = {
    started(verisim) {
      previous?.started(verisim)
      // A mock started again in the same document starts without the old one's overrides.
      installed.clear()
      instance = verisim
      sync()
    },
  }
  page.verisimRoutesChanged = (routes) => {
    page.verisimRoutes = routes
    sync()
  }
}
