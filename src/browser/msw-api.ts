import { delay as mswDelay, http as mswHttp, HttpResponse as MswHttpResponse } from 'msw'
import type { MockHandler } from './mock-handler.ts'

/*
 * MSW's `http`, `HttpResponse` and `delay`, from the copy Verisim bundles, so that an app without
 * msw of its own can write handlers (the Vite plugin's `handlers` module, `verisim.use`). They are
 * typed here in Verisim's own terms: the package's declarations name no msw, and an app without
 * msw installed compiles them with `skipLibCheck: false`. The package ships this module as a file
 * of its own (dist/msw.js): an app that does not import them leaves their cookie parsing and path
 * matching out.
 */

/** What a resolver receives: the request, the path's `:params`, the request's cookies. */
export interface ResolverInfo {
  request: Request
  params: Record<string, string | readonly string[] | undefined>
  cookies: Record<string, string>
  requestId: string
}

/** A resolver answers with a Response (`HttpResponse.json(…)`), or nothing to leave the request to the next handler. */
export type HttpResolver = (info: ResolverInfo) => Response | undefined | void | Promise<Response | undefined | void>

/** A path (`/api/orders/:id`, `*`), a full URL or a RegExp; a function of the request for anything else. */
export type HttpPath = string | RegExp | ((info: { request: Request; cookies: Record<string, string> }) => boolean)

export type HttpMethodHandler = (path: HttpPath, resolver: HttpResolver, options?: { once?: boolean }) => MockHandler

/** MSW's `http`: `http.get('/api/orders/:id', ({ request, params }) => …)`. */
export interface Http {
  all: HttpMethodHandler
  head: HttpMethodHandler
  get: HttpMethodHandler
  post: HttpMethodHandler
  put: HttpMethodHandler
  delete: HttpMethodHandler
  patch: HttpMethodHandler
  options: HttpMethodHandler
}

/** MSW's `HttpResponse`: a Response with shorthands for its usual bodies. */
export interface HttpResponseClass {
  new (body?: BodyInit | null, init?: ResponseInit): Response
  json(body?: unknown, init?: ResponseInit): Response
  text(body?: string | null, init?: ResponseInit): Response
  html(body?: string | null, init?: ResponseInit): Response
  xml(body?: string | null, init?: ResponseInit): Response
  arrayBuffer(body?: ArrayBuffer, init?: ResponseInit): Response
  formData(body?: FormData, init?: ResponseInit): Response
  /** A network error: the page's fetch rejects. */
  error(): Response
}

export const http: Http = mswHttp as unknown as Http
export const HttpResponse: HttpResponseClass = MswHttpResponse as unknown as HttpResponseClass
/** Waits like a server would: a realistic time by default, `ms`, `'real'` or `'infinite'`. */
export const delay: (duration?: number | 'real' | 'infinite') => Promise<void> = mswDelay
