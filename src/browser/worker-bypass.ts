/**
 * Warns once when a request the scenario serves went past the page's Service Worker, as with
 * DevTools' "Bypass for network" ticked: the worker never saw it, so it reached the network
 * unmocked. Resource timing tells: such a request's `workerStart` is 0. Returns the function that
 * stops watching.
 */
export function watchWorkerBypass(served: (url: string) => boolean): () => void {
  if (typeof PerformanceObserver !== 'function') return () => undefined
  // Requests made before the worker took control were not mocked for another reason.
  const since = performance.now()
  const observer = new PerformanceObserver((list) => {
    const bypassed = (list.getEntries() as PerformanceResourceTiming[]).find((entry) => entry.workerStart === 0 && entry.startTime >= since && served(entry.name))
    if (!bypassed) return
    observer.disconnect()
    console.warn(
      `[verisim] ${bypassed.name} went to the network past the Service Worker: HTTP mocking is bypassed in this page (its mocked sockets still work). ` +
        'Untick "Bypass for network" in DevTools › Application › Service Workers.',
    )
  })
  observer.observe({ type: 'resource' })
  return () => observer.disconnect()
}
