import { RequestHandler } from 'msw'
import type { Engine } from '../core/engine/engine.ts'

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
