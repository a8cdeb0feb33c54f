/*
 * Verisim's one addition to MSW's worker (which it loads unchanged, below). Requests the mock
 * never answers (the app's own scripts, styles, images, Vite's modules) go straight to the
 * network instead of a round trip through the page. The page registers this file with the
 * mocked origins and path prefixes in its query string.
 *
 * Where the browser has static routing (InstallEvent.addRoutes), those requests do not even
 * start this worker or wake its fetch handler; elsewhere the fetch handler lets them go.
 */
const params = new URL(self.location.href).searchParams
const origins = (params.get('origins') || '').split(',').filter(Boolean)
const paths = (params.get('paths') || '').split(',').filter(Boolean)

self.addEventListener('install', (event) => {
  if (typeof event.addRoutes !== 'function' || typeof URLPattern !== 'function') return
  const mocked = [
    ...origins.map((origin) => {
      const url = new URL(origin)
      return new URLPattern({ protocol: url.protocol.slice(0, -1), hostname: url.hostname, port: url.port })
    }),
    ...paths.map((path) => new URLPattern({ pathname: `${path}*`, baseURL: self.location.origin })),
  ]
  const routes = [
    { condition: { or: mocked.map((urlPattern) => ({ urlPattern })) }, source: 'fetch-event' },
    { condition: { urlPattern: new URLPattern({}) }, source: 'network' },
  ]
  // A browser that rejects the rules still gets the fetch handler below.
  event.waitUntil(event.addRoutes(routes).catch((error) => console.warn('[verisim] static routes not installed:', error)))
})

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url)
  const mocked =
    origins.includes(url.origin) || (url.origin === self.location.origin && paths.some((path) => url.pathname.startsWith(path)))
  if (!mocked) event.stopImmediatePropagation()
})

importScripts('./mockServiceWorker.js')
