/*
 * Verisim's one addition to MSW's worker (which it loads unchanged, below). Requests the mock
 * never answers (the app's own scripts, styles, images, Vite's modules) go straight to the
 * network instead of a round trip through the page. The page registers this file with the
 * mocked origins and path prefixes in its query string.
 *
 * Where the browser has static routing (InstallEvent.addRoutes), those requests do not even
 * start this worker or wake its fetch handler; elsewhere the fetch handler lets them go.
 *
 * The page's app runs while its mock starts: a mocked request of a page whose mock has not said
 * it is ready waits here for it (at most HOLD_MS), then goes to MSW's handler as usual.
 */
const params = new URL(self.location.href).searchParams
const origins = (params.get('origins') || '').split(',').filter(Boolean)
const paths = (params.get('paths') || '').split(',').filter(Boolean)
const HOLD_MS = 10000
/** Pages whose mock said it is ready, and the requests of others waiting for theirs. */
const ready = new Set()
const waiting = new Map()

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

self.addEventListener('message', (event) => {
  const id = event.source && event.source.id
  if (!id) return
  if (event.data !== 'VERISIM_READY') return
  ready.add(id)
  for (const release of waiting.get(id) || []) release(true)
  waiting.delete(id)
  // A page stays ready after its mock stopped (MSW then lets its requests go); closed ones are forgotten.
  event.waitUntil(self.clients.matchAll({ includeUncontrolled: true }).then((open) => {
    const ids = new Set(open.map((client) => client.id))
    for (const known of ready) if (!ids.has(known)) ready.delete(known)
  }))
})

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url)
  const mocked =
    origins.includes(url.origin) || (url.origin === self.location.origin && paths.some((path) => url.pathname.startsWith(path)))
  if (!mocked) return
  if (!event.clientId || ready.has(event.clientId)) return mswFetch(event)
  event.respondWith(held(event))
})

/** A page's request made before its mock was ready: MSW's handler answers it once it is. */
async function held(event) {
  const client = await self.clients.get(event.clientId)
  // Frames and workers of a page are answered through their top-level page, as MSW does.
  const wait = client && client.type === 'window' && client.frameType === 'top-level' && !ready.has(client.id)
  if (wait && !(await readyOf(client.id))) {
    const error = `Verisim's mock in this page did not start within ${HOLD_MS / 1000} s, so ${event.request.method} ${event.request.url} was not answered: see the page's console for why.`
    return new Response(JSON.stringify({ error }), { status: 503, headers: { 'Content-Type': 'application/json' } })
  }
  let answer
  mswFetch({ request: event.request, clientId: event.clientId, respondWith: (response) => (answer = response) })
  return answer || fetch(event.request)
}

function readyOf(id) {
  return new Promise((resolve) => {
    const release = (value) => {
      clearTimeout(timer)
      resolve(value)
    }
    const timer = setTimeout(() => {
      const list = waiting.get(id) || []
      list.splice(list.indexOf(release), 1)
      resolve(false)
    }, HOLD_MS)
    waiting.set(id, [...(waiting.get(id) || []), release])
  })
}

// MSW's fetch handler, kept to be called from the handler above rather than on every request.
let mswFetch = () => undefined
const nativeAddEventListener = self.addEventListener
self.addEventListener = function (type, listener, options) {
  if (type === 'fetch') mswFetch = listener
  else nativeAddEventListener.call(self, type, listener, options)
}
importScripts('./mockServiceWorker.js')
self.addEventListener = nativeAddEventListener
