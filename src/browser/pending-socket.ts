/**
 * A WebSocket opened before the page knows where its URL goes (the script tag's scenario is still
 * on its way): it stays CONNECTING until `connect` gives it the real socket (mocked or native),
 * then relays everything to and from it. What an app can tell apart from a socket that took a
 * little longer to connect: nothing it may rely on (sending while CONNECTING throws, as always).
 */
export class PendingWebSocket extends EventTarget {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSING = 2
  static readonly CLOSED = 3
  readonly CONNECTING = 0
  readonly OPEN = 1
  readonly CLOSING = 2
  readonly CLOSED = 3
  readonly url: string
  readonly protocols: string | string[] | undefined
  onopen: ((event: Event) => unknown) | null = null
  onmessage: ((event: MessageEvent) => unknown) | null = null
  onerror: ((event: Event) => unknown) | null = null
  onclose: ((event: CloseEvent) => unknown) | null = null
  #binaryType: BinaryType = 'blob'
  #socket: WebSocket | null = null
  /** close() called while it was pending: it closes as soon as it is given a socket. */
  #closing: { code?: number; reason?: string } | null = null
  /** Closed without ever having a socket. */
  #closed = false

  constructor(url: string | URL, protocols?: string | string[]) {
    super()
    this.url = new URL(url, location.href).href
    this.protocols = protocols
    for (const type of ['open', 'message', 'error', 'close'] as const) {
      this.addEventListener(type, (event) => (this[`on${type}`] as ((event: Event) => unknown) | null)?.call(this, event))
    }
  }

  get readyState(): number {
    return this.#socket?.readyState ?? (this.#closed ? this.CLOSED : this.#closing ? this.CLOSING : this.CONNECTING)
  }

  get protocol(): string {
    return this.#socket?.protocol ?? ''
  }

  get extensions(): string {
    return this.#socket?.extensions ?? ''
  }

  get bufferedAmount(): number {
    return this.#socket?.bufferedAmount ?? 0
  }

  get binaryType(): BinaryType {
    return this.#binaryType
  }

  set binaryType(type: BinaryType) {
    this.#binaryType = type
    if (this.#socket) this.#socket.binaryType = type
  }

  send(data: Parameters<WebSocket['send']>[0]): void {
    if (!this.#socket) throw new DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError')
    this.#socket.send(data)
  }

  close(code?: number, reason?: string): void {
    if (this.#socket) this.#socket.close(code, reason)
    else this.#closing ??= { code, reason }
  }

  /** Gives it the socket it stands for (or the reason there is none: it then fails as a refused connection). */
  connect(open: (() => WebSocket) | Error): void {
    if (open instanceof Error || this.#closing) {
      if (open instanceof Error) this.dispatchEvent(new Event('error'))
      const { code = 1005, reason = '' } = this.#closing ?? {}
      this.#closed = true
      this.dispatchEvent(new CloseEvent('close', { code: open instanceof Error ? 1006 : code, reason, wasClean: false }))
      return
    }
    const socket = (this.#socket = open())
    socket.binaryType = this.#binaryType
    socket.addEventListener('open', () => this.dispatchEvent(new Event('open')))
    socket.addEventListener('error', () => this.dispatchEvent(new Event('error')))
    socket.addEventListener('message', (event) => this.dispatchEvent(new MessageEvent('message', { data: event.data, origin: event.origin })))
    socket.addEventListener('close', (event) => this.dispatchEvent(new CloseEvent('close', { code: event.code, reason: event.reason, wasClean: event.wasClean })))
  }
}

/**
 * Makes `construct` pass for the WebSocket class on the page: its constants, the native prototype,
 * and `instanceof` true for native sockets, sockets of `kinds` and pending ones.
 */
export function asWebSocketClass(construct: (url: string | URL, protocols?: string | string[]) => WebSocket, Native: typeof WebSocket, ...kinds: Array<abstract new (...args: never[]) => unknown>): typeof WebSocket {
  Object.defineProperties(construct, {
    CONNECTING: { value: 0 },
    OPEN: { value: 1 },
    CLOSING: { value: 2 },
    CLOSED: { value: 3 },
    prototype: { value: Native.prototype },
    [Symbol.hasInstance]: { value: (value: unknown) => value instanceof Native || value instanceof PendingWebSocket || kinds.some((kind) => value instanceof kind) },
  })
  return construct as unknown as typeof WebSocket
}
