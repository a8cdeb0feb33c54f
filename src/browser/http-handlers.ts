import { http, passthrough } from 'msw'
import type { Engine } from '../core/engine.ts'

/**
 * One MSW handler: what the mock serves it answers, everything else reaches the network
 * untouched. The worker starts while the engine reads its world; a request that comes before
 * the engine is ready waits for it.
 */
export function httpHandlers(serves: (url: string) => boolean, engine: Promise<Engine>) {
  return [http.all('*', async ({ request }) => (serves(request.url) ? (await engine).handle(request) : passthrough()))]
}
