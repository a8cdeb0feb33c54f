/*
 * Verisim's one addition to MSW's worker (which it loads unchanged, below). Requests the mock
 * never answers (the app's own scripts, styles, images, Vite's modules) go straight to the
 * network instead of a round trip through the page. The page registers this file with the
 * mocked origins and path prefixes in its query string.
 */
const params = new URL(self.location.href).searchParams
const origins = (params.get('origins') || '').split(',').filter(Boolean)
const paths = (params.get('paths') || '').split(',').filter(Boolean)

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url)
  const mocked =
    origins.includes(url.origin) || (url.origin === self.location.origin && paths.some((path) => url.pathname.startsWith(path)))
  if (!mocked) event.stopImmediatePropagation()
})

importScripts('./mockServiceWorker.js')
