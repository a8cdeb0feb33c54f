import type { RequestHandler } from 'msw'
import type { HttpNetwork, MockedListener } from './http-network.ts'
import type { InterceptionMode } from './interception-mode.ts'
import { startServiceWorker } from './service-worker-http.ts'
import { watchWorkerBypass } from './worker-bypass.ts'

export interface HttpInterception extends HttpNetwork {
  readonly mode: InterceptionMode
}

export interface InterceptOptions {
  workerUrl: string
  /** Whether the scenario serves a URL: a served request that went past the worker is warned about. */
  served: (url: string) => boolean
  onMocked: MockedListener
  /**
   * The page's fetch and XMLHttpRequest, already answered in the page while the worker starts
   * (a page no worker controls yet): kept if the worker fails, stopped once it controls the page.
   */
  early?: Promise<HttpNetwork | null> | null
  /** Starts answering the page's fetch and XMLHttpRequest in the page (MSW's interceptors). */
  startInPage: () => Promise<HttpNetwork>
}

/**
 * The page's HTTP goes to `handlers` through the Service Worker when the browser gives the page
 * one, else through the page's own `fetch` and `XMLHttpRequest`; either way the console says so
 * once. Rejects, saying why and what to do, only when neither can start.
 */
export async function interceptHttp(handlers: RequestHandler[], options: InterceptOptions): Promise<HttpInterception> {
  let reason: string
  try {
    const network = await startServiceWorker(handlers, options.workerUrl, options.onMocked)
    const early = await options.early
    early?.stop()
    const unwatch = watchWorkerBypass(options.served)
    console.info(`[verisim] HTTP is mocked by the Service Worker ${new URL(options.workerUrl, location.href).pathname}`)
    return {
      ...network,
      mode: 'service-worker',
      stop: () => {
        unwatch()
        network.stop()
      },
    }
  } catch (error) {
    reason = (error as Error).message
  }
  let network: HttpNetwork
  try {
    // Loaded only when needed: most pages never fall back, and MSW's interceptors are not small.
    network = (await options.early) ?? (await options.startInPage())
  } catch (error) {
    throw new Error(
      `Verisim cannot mock HTTP in this page: no Service Worker (${reason}), and ${(error as Error).message}. ` +
        'Open the page over https or http://localhost in a browser that allows Service Workers, or leave window.fetch and XMLHttpRequest replaceable.',
      { cause: error },
    )
  }
  console.warn(
    `[verisim] HTTP is mocked in the page, without a Service Worker: ${reason}. The page's own fetch and XMLHttpRequest are answered as before; ` +
      'requests not made by its JavaScript (images, iframes, forms, navigations) reach the network unmocked. Sockets are mocked as before, and other tabs of this origin still share the state.',
  )
  return { ...network, mode: 'in-page' }
}
