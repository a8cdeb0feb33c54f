import type { Fact } from '../model/fact.ts'
import type { Persona } from '../scenario/scenario.ts'
import { errorFrame, initAckFrame, pongFrame, socketFrame, type SocketFrame } from '../wire/wire.ts'

/** The engine's side of one client socket. */
export interface SocketPeer {
  send(data: string): void
}

export interface SocketHost {
  subscribe(listener: (fact: Fact) => void): () => void
  activePersona(workspace: string): Promise<Persona | null>
  validWorkspace(name: unknown): name is string
  observe(workspace: string | null, direction: 'in' | 'out', frame: unknown): void
}

/**
 * Speaks the seed's socket protocol: `{"type":"init","workspace":"…"}` → `init_ack`, then every
 * fact of that workspace as a frame. Bad input gets an `error` frame; the socket stays open.
 */
export class SocketSession {
  #workspace: string | null = null
  #unsubscribe: (() => void) | null = null

  constructor(
    readonly url: string,
    private readonly host: SocketHost,
    private readonly peer: SocketPeer,
  ) {}

  get workspace(): string | null {
    return this.#workspace
  }

  receive(data: unknown): void {
    let message: unknown
    try {
      message = typeof data === 'string' ? JSON.parse(data) : undefined
    } catch {
      message = undefined
    }
    this.host.observe(this.#workspace, 'in', message ?? data)
    if (!message || typeof message !== 'object' || Array.isArray(message)) {
      return this.#error('invalid_message', 'Messages must be JSON objects with a "type", e.g. {"type":"init","workspace":"default"}.')
    }
    const { type, workspace } = message as { type?: unknown; workspace?: unknown }
    if (type === 'init') return this.#init(workspace ?? 'default')
    if (type === 'ping') return this.#send(pongFrame())
    this.#error('unknown_message_type', `Unknown message type ${JSON.stringify(type) ?? 'undefined'}: this socket understands "init" and "ping".`)
  }

  close(): void {
    this.#unsubscribe?.()
    this.#unsubscribe = null
  }

  #init(workspace: unknown): void {
    if (!this.host.validWorkspace(workspace)) {
      return this.#error('invalid_workspace', `"workspace" must be a name of letters, digits, '.', '_' or '-' (at most 64); got ${JSON.stringify(workspace)}.`)
    }
    this.close()
    this.#workspace = workspace
    // Facts that happen while the persona is looked up wait until the acknowledgement is out.
    let held: SocketFrame[] | null = []
    const unsubscribe = this.host.subscribe((fact) => {
      if (fact.workspace !== workspace) return
      const frame = socketFrame(fact)
      if (!frame) return
      if (held) held.push(frame)
      else this.#send(frame)
    })
    this.#unsubscribe = unsubscribe
    void this.host
      .activePersona(workspace)
      .catch(() => null)
      .then((persona) => {
        if (this.#unsubscribe !== unsubscribe) return
        this.#send(initAckFrame(workspace, persona))
        for (const frame of held ?? []) this.#send(frame)
        held = null
      })
  }

  #error(error: string, message: string): void {
    this.#send(errorFrame(error, message))
  }

  #send(frame: SocketFrame): void {
    this.host.observe(this.#workspace, 'out', frame)
    this.peer.send(JSON.stringify(frame))
  }
}
