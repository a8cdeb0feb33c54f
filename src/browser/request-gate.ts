import { asWebSocketClass, PendingWebSocket } from './pending-socket.ts'

/**
 * What the script tag puts in place as it runs, before its scenario has arrived, so that the app
 * need not wait for the mock: the page's sockets wait to learn whether they are mocked, and (in a
 * page Verisim's worker does not hold yet) its fetch and XMLHttpRequest calls wait until the mock
 * holds them. Each global is put back as soon as it is no longer needed.
 */
export interface ScriptGate {
  /** The page's own fetch, for the script's own requests (its scenario). */
  readonly fetch: typeof fetch
  /** Puts the native WebSocket back and gives the sockets opened meanwhile, to connect once the mock routes sockets. */
  releaseSockets(): PendingWebSocket[]
  /** Lets the waiting requests go, to whatever answers them now (the worker, or the page's interception). */
  openHttp(): void
}

type Target = Pick<typeof globalThis, 'fetch' | 'XMLHttpRequest' | 'WebSocket'>

export function installScriptGate(target: Target, { http }: { http: boolean }): ScriptGate {
  const nativeFetch = target.fetch
  const NativeXHR = target.XMLHttpRequest
  const NativeWebSocket = target.WebSocket
  let open = !http
  let release!: () => void
  const opened = new Promise<void>((resolve) => (release = resolve))

  function gatedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    if (open) return nativeFetch.call(globalThis, input, init)
    // Once open, whatever answers the page's fetch now (MSW's interception in the page, if it came).
    return opened.then(() => (target.fetch === gatedFetch ? nativeFetch : target.fetch).call(globalThis, input, init))
  }

  class GatedXMLHttpRequest extends NativeXHR {
    #async = true
    /** Sent by the app, waiting for the gate to open. */
    #waiting = false
    override open(...args: [string, string | URL, boolean?, (string | null)?, (string | null)?]): void {
      this.#async = args[2] !== false
      this.#waiting = false
      ;(NativeXHR.prototype.open as (...a: unknown[]) => void).apply(this, args)
    }
    override send(body?: Document | XMLHttpRequestBodyInit | null): void {
      if (open || !this.#async) return super.send(body)
      this.#waiting = true
      void opened.then(() => {
        // Aborted or opened again while it waited: the app has moved on.
        if (!this.#waiting) return
        this.#waiting = false
        super.send(body)
      })
    }
    override abort(): void {
      super.abort()
      if (!this.#waiting) return
      // The browser never saw the send, so it tells nothing: what an abort of a sent request tells.
      this.#waiting = false
      for (const type of ['abort', 'loadend']) this.dispatchEvent(new ProgressEvent(type))
    }
  }

  const pending: PendingWebSocket[] = []
  function GatedWebSocket(url: string | URL, protocols?: string | string[]): WebSocket {
    if (!new.target) throw new TypeError("Failed to construct 'WebSocket': Please use the 'new' operator.")
    const socket = new PendingWebSocket(url, protocols)
    pending.push(socket)
    return socket as unknown as WebSocket
  }
  const Gated = asWebSocketClass(GatedWebSocket, NativeWebSocket)

  target.WebSocket = Gated
  if (http) {
    target.fetch = gatedFetch as typeof fetch
    target.XMLHttpRequest = GatedXMLHttpRequest
  }
  return {
    fetch: nativeFetch.bind(globalThis),
    releaseSockets: () => {
      if (target.WebSocket === Gated) target.WebSocket = NativeWebSocket
      return pending.splice(0)
    },
    openHttp: () => {
      if (open) return
      open = true
      // A patch made on top of a gate (MSW's interception in the page) keeps it, and it lets everything through now.
      if (target.fetch === (gatedFetch as unknown)) target.fetch = nativeFetch
      if (target.XMLHttpRequest === GatedXMLHttpRequest) target.XMLHttpRequest = NativeXHR
      release()
    },
  }
}
