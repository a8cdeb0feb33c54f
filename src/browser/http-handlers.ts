import { RequestHandler } from 'msw'
import type { Engine } from '../core/engine/engine.ts'
import type { Overrides } from './overrides.ts'

/**
 * MSW's handler for everything the mock serves; anything else is unhandled and reaches the
 * network untouched. A handler of its own rather than `http.all('*')`: it needs no path
 * matching or cookie parsing, which keeps them out of the runtime. The worker starts while the
 * engine reads its world; a request that comes before the engine is ready waits for it.
 */
class VerisimHandler extends RequestHandler {
  readonly #serves: (url: string) => boolean

  constructor(serves: (url: string) => boolean, engine: Promise<Engine>) {
    super({ info: { header: 'Verisim' }, resolver: async ({ request }) => (await engine).handle(request) })
    this.#serves = serves
  }

  predicate({ request }: { request: Request }): boolean {
    return this.#serves(request.url)
  }

  log(): void {}
}

export function httpHandlers(serves: (url: string) => boolean, engine: Promise<Engine>): RequestHandler[] {
  return [new VerisimHandler(serves, engine)]
}

/**
 * MSW's handler for the overrides (`verisim.route`), asked before every other handler: it takes
 * only the requests an override's pattern matches, and one they all fall back on goes on to the
 * app's handlers and the scenario as if they did not exist.
 */
class OverridesHandler extends RequestHandler {
  readonly #overrides: Overrides

  constructor(overrides: Overrides, aborted: (request: Request) => void) {
    super({
      info: { header: 'Verisim overrides' },
      resolver: async ({ request }) => {
        const decision = await overrides.decide(request)
        if (decision.kind === 'fulfill') return decision.response
        if (decision.kind !== 'abort') return undefined
        // A network error: the page's fetch rejects. MSW reports no mocked answer for it.
        aborted(request)
        return Response.error()
      },
    })
    this.#overrides = overrides
  }

  predicate({ request }: { request: Request }): boolean {
    return this.#overrides.matches(request)
  }

  log(): void {}
}

/** `aborted` hears of each request an override failed with a network error. */
export function overridesHandler(overrides: Overrides, aborted: (request: Request) => void): RequestHandler {
  return new OverridesHandler(overrides, aborted)
}
