import { INSPECTOR_CHANNEL } from '../browser/webhook-transports.ts'
import type { InspectorMessage, SocketFrame } from '../core/wire/wire.ts'

/** A frame of the backend's WebSocket: `order_status_update`, `payment_received`, … */
export type Frame = SocketFrame

export type LinkState = 'connecting' | 'live' | 'offline'

const RECONNECT_MS = 2000

/** The shop's live channel: the backend's socket, plus the webhook inspector the mock broadcasts on. */
export class LiveFeed {
  state: LinkState = 'connecting'
  readonly #frames = new Set<(frame: Frame) => void>()
  readonly #hooks = new Set<(hook: InspectorMessage) => void>()
  readonly #states = new Set<(state: LinkState) => void>()

  constructor(private readonly url: string | undefined) {}

  start(): void {
    this.#connect()
    const channel = new BroadcastChannel(INSPECTOR_CHANNEL)
    channel.addEventListener('message', (event: MessageEvent<InspectorMessage>) => {
      for (const listener of this.#hooks) listener(event.data)
    })
  }

  onFrame(listener: (frame: Frame) => void): void {
    this.#frames.add(listener)
  }

  onHook(listener: (hook: InspectorMessage) => void): void {
    this.#hooks.add(listener)
  }

  onState(listener: (state: LinkState) => void): void {
    this.#states.add(listener)
    listener(this.state)
  }

  #connect(): void {
    if (!this.url) return this.#setState('offline')
    this.#setState('connecting')
    const socket = new WebSocket(this.url)
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify({ type: 'init', workspace: 'default' }))
    })
    socket.addEventListener('message', (event) => {
      const frame = parseFrame(event.data)
      if (!frame) return
      if (frame.type === 'init_ack') this.#setState('live')
      for (const listener of this.#frames) listener(frame)
    })
    socket.addEventListener('close', () => {
      this.#setState('offline')
      setTimeout(() => this.#connect(), RECONNECT_MS)
    })
  }

  #setState(state: LinkState): void {
    this.state = state
    for (const listener of this.#states) listener(state)
  }
}

function parseFrame(data: unknown): Frame | null {
  try {
    const frame: unknown = JSON.parse(String(data))
    // The backend speaks the wire's frames; anything else on the socket is not for the shop.
    return frame && typeof frame === 'object' && typeof (frame as { type?: unknown }).type === 'string' ? (frame as Frame) : null
  } catch {
    return null
  }
}
