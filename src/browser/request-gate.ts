import { asWebSocketClass, PendingWebSocket } from './pending-socket.ts'

/**
 * What the page gets as the mock starts, so that the app need not wait for it: in a page Verisim's
 * worker does not hold yet, its fetch and XMLHttpRequest calls wait until the mock holds them
 * (startVerisim, the script tag); sockets opened before the page knows their route wait to learn
 * whether they are mocked (the script tag, while its scenario is on its way). Each global is put
 * back as soon as it is no longer needed.
 */
export interface RequestGate {
  /** The page's own fetch, for the script's own requests (its scenario). */
  readonly fetch: typeof fetch
  /** Puts the native WebSocket back and gives the sockets opened meanwhile, to connect once the mock routes sockets. */
  releaseSockets(): PendingWebSocket[]
  /** Lets the waiting requests go, to whatever answers them now (the worker, or the page's interception). */
  openHttp(): void
  /** Puts the page's own fetch and XMLHttpRequest back where a patch on top of the gate (MSW's in the page) gave the gate's back as it went. */
  restore(): void
  /**
   * Puts the page's own fetch and XMLHttpRequest back for the page's interception to wrap them,
   * just before it does: what waits at the gate goes to it once open, and so do calls through the
   * gate's fetch kept by the app.
   */
  handOver(): void
}

/** The gates installed in this page, by their fetch: a second gate is not put on top of one. */
const gates = new WeakMap<object, RequestGate>()

/** The gate whose fetch the page's is (the script tag's, put in place before it starts the mock), if it is one. */
export function gateOf(target: Pick<typeof globalThis, 'fetch'>): RequestGate | null {
  return gates.get(target.fetch) ?? null
}

type Target = Pick<typeof globalThis, 'fetch' | 'XMLHttpRequest' | 'WebSocket'>

const PROGRESS = ['loadstart', 'progress', 'abort', 'error', 'load', 'timeout', 'loadend']

/** Fires on `to` (its listeners and on… handlers) a copy of each of `types` that `from` fires. */
function forwardEvents(from: EventTarget, to: EventTarget, types: readonly string[]): void {
  for (const type of types) {
    from.addEventListener(type, (event) => {
      const { lengthComputable = false, loaded = 0, total = 0 } = event as ProgressEvent
      to.dispatchEvent(event instanceof ProgressEvent ? new ProgressEvent(type, { lengthComputable, loaded, total }) : new Event(type))
    })
  }
}

export function installRequestGate(target: Target, { http, sockets = true }: { http: boolean; sockets?: boolean }): RequestGate {
  const nativeFetch = target.fetch
  const NativeXHR = target.XMLHttpRequest
  const NativeWebSocket = target.WebSocket
  let open = !http
  /** The page's own fetch and XMLHttpRequest were put back for the page's interception to wrap them (see handOver). */
  const handedOver = { fetch: false, xhr: false }
  let release!: () => void
  const opened = new Promise<void>((resolve) => (release = resolve))

  function gatedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    // A reference the app kept from before (a client made with globalThis.fetch): once handed over,
    // to whatever answers the page's fetch now; it wraps the page's own, so nothing comes back here.
    if (open) return (handedOver.fetch && target.fetch !== gatedFetch ? target.fetch : nativeFetch).call(globalThis, input, init)
    // Once open, whatever answers the page's fetch now (MSW's interception in the page, if it came).
    return opened.then(() => (target.fetch === gatedFetch ? nativeFetch : target.fetch).call(globalThis, input, init))
  }

  class GatedXMLHttpRequest extends NativeXHR {
    #async = true
    /** Sent by the app, waiting for the gate to open. */
    #waiting = false
    /** What the app asked before sending: replayed on a request of what answers now, if that is not this class. */
    #opened: unknown[] = []
    #headers: Array<[string, string]> = []
    #mimeType: string | null = null
    /** The request it became once the gate opened (a class patched over this one, e.g. MSW's in the page): it reads from it. */
    #relay: XMLHttpRequest | null = null

    override open(...args: [string, string | URL, boolean?, (string | null)?, (string | null)?]): void {
      this.#async = args[2] !== false
      this.#waiting = false
      this.#relay = null
      this.#opened = args
      this.#headers = []
      this.#mimeType = null
      ;(NativeXHR.prototype.open as (...a: unknown[]) => void).apply(this, args)
    }
    override setRequestHeader(name: string, value: string): void {
      this.#headers.push([name, value])
      super.setRequestHeader(name, value)
    }
    override overrideMimeType(mime: string): void {
      this.#mimeType = mime
      super.overrideMimeType(mime)
    }
    override send(body?: Document | XMLHttpRequestBodyInit | null): void {
      if (!this.#async) return super.send(body)
      // Open: an instance of this class the app made before, or made with the class it kept. Once the
      // page's own class was handed over, the interception wraps that one, never this: it goes there.
      if (open) return this.#sendNow(body, handedOver.xhr)
      this.#waiting = true
      void opened.then(() => {
        // Aborted or opened again while it waited: the app has moved on.
        if (!this.#waiting) return
        this.#waiting = false
        this.#sendNow(body, true)
      })
    }
    /**
     * The page's interception came on top: an instance made before it would go to the network, so
     * the request is made again on it (`relay`: unless the interception wraps this class, and this
     * is its own pass-through).
     */
    #sendNow(body: Document | XMLHttpRequestBodyInit | null | undefined, relay: boolean): void {
      const Current = target.XMLHttpRequest
      if (!relay || Current === GatedXMLHttpRequest || Current === NativeXHR) super.send(body)
      else this.#relayTo(new Current(), body)
    }
    override abort(): void {
      if (this.#relay) return this.#relay.abort()
      super.abort()
      if (!this.#waiting) return
      // The browser never saw the send, so it tells nothing: what an abort of a sent request tells.
      this.#waiting = false
      for (const type of ['abort', 'loadend']) this.dispatchEvent(new ProgressEvent(type))
    }

    #relayTo(relay: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null): void {
      this.#relay = relay
      ;(relay.open as (...a: unknown[]) => void)(...this.#opened)
      for (const [name, value] of this.#headers) relay.setRequestHeader(name, value)
      if (this.#mimeType !== null) relay.overrideMimeType(this.#mimeType)
      relay.responseType = super.responseType
      relay.timeout = super.timeout
      relay.withCredentials = super.withCredentials
      // From its send on: the app saw this one opened already.
      forwardEvents(relay, this, ['readystatechange', ...PROGRESS])
      forwardEvents(relay.upload, this.upload, PROGRESS)
      relay.send(body)
    }
    override get readyState(): number {
      return this.#relay ? this.#relay.readyState : super.readyState
    }
    override get status(): number {
      return this.#relay ? this.#relay.status : super.status
    }
    override get statusText(): string {
      return this.#relay ? this.#relay.statusText : super.statusText
    }
    override get response(): unknown {
      return this.#relay ? this.#relay.response : super.response
    }
    override get responseText(): string {
      return this.#relay ? this.#relay.responseText : super.responseText
    }
    override get responseXML(): Document | null {
      return this.#relay ? this.#relay.responseXML : super.responseXML
    }
    override get responseURL(): string {
      return this.#relay ? this.#relay.responseURL : super.responseURL
    }
    override getResponseHeader(name: string): string | null {
      return this.#relay ? this.#relay.getResponseHeader(name) : super.getResponseHeader(name)
    }
    override getAllResponseHeaders(): string {
      return this.#relay ? this.#relay.getAllResponseHeaders() : super.getAllResponseHeaders()
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

  // A global the page froze stays as it is, and what it does meanwhile is not held: said once here
  // (starting says more, if it needs to replace it itself).
  const frozen: string[] = []
  const replace = <K extends keyof Target>(key: K, value: Target[K]): void => {
    try {
      target[key] = value
    } catch {
      frozen.push(key)
    }
  }
  if (sockets) replace('WebSocket', Gated)
  if (http) {
    replace('fetch', gatedFetch as typeof fetch)
    replace('XMLHttpRequest', GatedXMLHttpRequest)
  }
  if (frozen.length > 0) {
    console.warn(`[verisim] this page does not let ${frozen.join(', ')} be replaced: what it sends before the mock holds its requests is not held, and may reach the network.`)
  }
  const putBack = () => {
    if (target.fetch === (gatedFetch as unknown)) target.fetch = nativeFetch
    if (target.XMLHttpRequest === GatedXMLHttpRequest) target.XMLHttpRequest = NativeXHR
  }
  const gate: RequestGate = {
    fetch: nativeFetch.bind(globalThis),
    releaseSockets: () => {
      if (target.WebSocket === Gated) target.WebSocket = NativeWebSocket
      return pending.splice(0)
    },
    openHttp: () => {
      if (open) return
      open = true
      // A patch made on top of a gate (MSW's interception in the page) keeps it, and it lets everything through now.
      putBack()
      release()
    },
    restore: putBack,
    handOver: () => {
      handedOver.fetch = target.fetch === (gatedFetch as unknown)
      handedOver.xhr = target.XMLHttpRequest === GatedXMLHttpRequest
      putBack()
    },
  }
  if (http) gates.set(gatedFetch, gate)
  return gate
}
