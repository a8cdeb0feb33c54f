import type { RequestHandler } from 'msw'
import { setupWorker } from 'msw/browser'
import type { HttpNetwork, MockedListener } from './http-network.ts'

/** How long the worker may take to register, activate and control the page; the page then mocks on its own. */
export const WORKER_WAIT_MS = 5000

/**
 * HTTP mocked by MSW's worker. Resolves once the worker controls the page, so that the app's first
 * request is mocked; rejects, with the reason as its message, when the browser has no Service
 * Worker for this page, refuses it, or it does not control the page in time.
 */
export async function startServiceWorker(handlers: RequestHandler[], workerUrl: string, onMocked: MockedListener): Promise<HttpNetwork> {
  const container = globalThis.navigator?.serviceWorker as ServiceWorkerContainer | undefined
  if (!container || location.protocol === 'file:') throw new Error(noWorker())
  const url = new URL(workerUrl, location.href).href
  // MSW reloads a page that an active worker of its URL does not control: say why instead.
  const bypassed = await loadedPastWorker(container, url)
  if (bypassed) throw new Error(bypassed)
  // The worker's answers to MSW's handshake are otherwise held until DOMContentLoaded, which
  // waits for every module script of the page: the app's modules would delay the mock.
  container.startMessages()
  globalThis.addEventListener('unhandledrejection', updateFailed)
  const worker = setupWorker(...handlers)
  worker.events.on('response:mocked', onMocked)
  const stop = () => {
    worker.stop()
    globalThis.removeEventListener('unhandledrejection', updateFailed)
  }
  try {
    const deadline = performance.now() + WORKER_WAIT_MS
    const started = worker.start({ onUnhandledRequest: 'bypass', quiet: true, serviceWorker: { url } })
    const registration = await within(deadline, started, `the Service Worker ${url} did not start within ${WORKER_WAIT_MS / 1000} s`)
    if (registration && !location.href.startsWith(registration.scope)) throw new Error(outOfScope(registration.scope, url))
    await within(deadline, controlled(container), `the Service Worker started but did not take control of this page within ${WORKER_WAIT_MS / 1000} s`)
    // Verisim's worker holds the page's mocked requests made before now; MSW's ignores the message.
    container.controller?.postMessage('VERISIM_READY')
  } catch (error) {
    stop()
    throw new Error(failure(error), { cause: error })
  }
  return { use: (...added) => worker.use(...added), resetHandlers: () => worker.resetHandlers(), stop }
}

function noWorker(): string {
  if (location.protocol === 'file:') return 'a page opened from a file: URL cannot have a Service Worker'
  if (!globalThis.isSecureContext) return `${location.origin} is not a secure origin, and only https pages and http://localhost may have a Service Worker`
  return 'this browser gives the page no navigator.serviceWorker (Service Workers are turned off, or unavailable in this private mode)'
}

/** Why a page is not controlled although a worker of this URL is active: a hard reload, or a scope that leaves the page out. */
async function loadedPastWorker(container: ServiceWorkerContainer, url: string): Promise<string | null> {
  if (container.controller) return null
  const registration = (await container.getRegistrations()).find((r) => r.active?.scriptURL === url)
  if (!registration) return null
  if (!location.href.startsWith(registration.scope)) return outOfScope(registration.scope, url)
  return 'the page was loaded past its active Service Worker, as a hard reload (Shift+Reload) does; a normal reload brings the worker back'
}

function outOfScope(scope: string, url: string): string {
  return `the page is outside the scope ${scope} of the Service Worker ${url}: serve the worker scripts from the page's folder or one above it (workerDirectory)`
}

function within<T>(deadline: number, promise: Promise<T>, timedOut: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(timedOut)), Math.max(0, deadline - performance.now()))
    promise.then(resolve, reject).finally(() => clearTimeout(timer))
  })
}

function controlled(container: ServiceWorkerContainer): Promise<void> {
  if (container.controller) return Promise.resolve()
  return new Promise((resolve) => container.addEventListener('controllerchange', () => resolve(), { once: true }))
}

/** MSW's message, without its prefix and line breaks; its advice for a missing script names its own CLI. */
function failure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  if (message.includes('Service Worker script does not exist')) {
    return `${/with script \('([^']+)'\)/.exec(message)?.[1] ?? 'the worker script'} is not served (404): npx verisim init <public-dir> copies the worker scripts there`
  }
  const reason = message.replace(/^\[MSW\]\s*/, '').replace(/\s*\n\s*/g, ' ')
  // MSW reads the registration register() answered; none means register() itself was replaced.
  if (/^Failed to register the Service Worker: .*\b(undefined|null)\b/.test(reason)) {
    return `${reason} (navigator.serviceWorker.register() answered no registration: something in the page replaced it, as Playwright's serviceWorkers: 'block' does)`
  }
  return reason
}

/**
 * MSW checks an installed worker for updates without waiting for the answer; when that check
 * fails (the dev server restarting, a moment offline) the worker in place keeps serving, so the
 * failure is a warning, not an uncaught error in the app.
 */
function updateFailed(event: PromiseRejectionEvent): void {
  const reason = event.reason as { message?: unknown } | undefined
  if (typeof reason?.message === 'string' && /^Failed to update a ServiceWorker\b.*(verisim-sw|mockServiceWorker)\.js/.test(reason.message)) {
    event.preventDefault()
    console.warn(`[verisim] ${reason.message} (the worker in place keeps serving)`)
  }
}
