import type { UpstreamPort } from '../core/engine/engine.ts'

/**
 * The reality continuum's way to the real backend: a CORS fetch from the page, past the mock
 * (the upstream is not an origin the worker sends to the page), given up after `timeoutMs` with
 * a TimeoutError.
 */
export function browserUpstream(nativeFetch: typeof fetch = globalThis.fetch.bind(globalThis)): UpstreamPort {
  return {
    fetch: (request, timeoutMs) => nativeFetch(request, { mode: 'cors', credentials: 'omit', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) }),
  }
}
