/**
 * How the page's HTTP requests reach the mock: through the Service Worker, or in the page, where
 * its own `fetch` and `XMLHttpRequest` are replaced (when the page has no working worker).
 */
export type InterceptionMode = 'service-worker' | 'in-page'
