import { InterceptorReadyState } from '@mswjs/interceptors'
import { FetchInterceptor } from '@mswjs/interceptors/fetch'
import { XMLHttpRequestInterceptor } from '@mswjs/interceptors/XMLHttpRequest'
import type { RequestHandler } from 'msw'
import { defineNetwork, InterceptorSource } from 'msw/experimental'
import type { HttpNetwork, MockedListener } from './http-network.ts'

/**
 * HTTP mocked without a Service Worker: the page's own `fetch` and `XMLHttpRequest` are replaced
 * by MSW's interceptors (what `setupWorker` itself falls back to where there is no
 * `navigator.serviceWorker`), asking the same handlers. Requests the page's JavaScript does not
 * make (images, iframes, forms, navigations) are not seen. Throws when a global cannot be replaced.
 */
export function startInPage(handlers: RequestHandler[], onMocked: MockedListener): HttpNetwork {
  const interceptors = [new FetchInterceptor(), new XMLHttpRequestInterceptor()]
  const network = defineNetwork({
    // MSW's own fallback passes these two; its declared type wants interceptors of sockets too.
    sources: [new InterceptorSource({ interceptors: interceptors as unknown as ConstructorParameters<typeof InterceptorSource>[0]['interceptors'] })],
    handlers,
    onUnhandledFrame: 'bypass',
    context: { quiet: true },
  })
  network.events.on('response:mocked', onMocked)
  void network.enable()
  // An interceptor whose global is not configurable (frozen by a lockdown script) stays inactive.
  const missing = interceptors.flatMap((interceptor, i) => (interceptor.readyState === InterceptorReadyState.APPLIED ? [] : [i === 0 ? 'fetch' : 'XMLHttpRequest']))
  if (missing.length > 0) {
    void network.disable()
    throw new Error(`${missing.join(' and ')} cannot be replaced in this page (not a configurable property of window)`)
  }
  return {
    use: (...added) => network.use(...added),
    resetHandlers: () => network.resetHandlers(),
    stop: () => void network.disable(),
  }
}
