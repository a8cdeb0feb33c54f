import { http, passthrough } from 'msw'
import type { Engine } from '../core/engine.ts'

/** One MSW handler: what the engine serves it answers, everything else reaches the network untouched. */
export function httpHandlers(engine: Engine) {
  return [http.all('*', ({ request }) => (engine.serves(request.url) ? engine.handle(request) : passthrough()))]
}
