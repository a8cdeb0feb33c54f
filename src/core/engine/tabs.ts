import type { Fact } from '../model/fact.ts'
import type { ClockChange } from './events.ts'

/** What the leading tab tells the others after it stored a change: what happened, and which clocks moved. */
export interface TabMessage {
  facts: Fact[]
  clocks: ClockChange[]
}

/** A request or response in a form that crosses tabs (structured-cloneable). */
export interface WireMessage {
  url?: string
  method?: string
  status?: number
  headers: Array<[string, string]>
  body: ArrayBuffer | null
}

/**
 * How engines in several tabs of one origin share one store (SPEC §8). One tab leads: it alone
 * changes the world, runs timers and the webhook outbox; the others forward their requests to it
 * and replay its facts and clock changes to their own sockets and observers. When the leader
 * goes, another tab takes over.
 */
export interface Tabs {
  /** Sends a request to the leading tab; resolves with its answer (re-sent if the leader changes). */
  forward(request: WireMessage): Promise<WireMessage>
  /** Answers forwarded requests while this tab leads. */
  serve(handler: (request: WireMessage) => Promise<WireMessage>): void
  announce(message: TabMessage): void
  listen(listener: (message: TabMessage) => void): () => void
  /** Calls `lead` once this tab is the leader (at once, or when the leader goes away). */
  elect(lead: () => void): void
  /** Gives up leadership (and stops waiting for it). */
  resign(): void
}

/** One engine alone: always the leader, nobody to forward to or tell. */
export function singleTab(): Tabs {
  return {
    forward: () => Promise.reject(new Error('A single tab always leads; nothing to forward to.')),
    serve: () => {},
    announce: () => {},
    listen: () => () => {},
    elect: (lead) => lead(),
    resign: () => {},
  }
}

export async function toWire(message: Request | Response): Promise<WireMessage> {
  const body = message.body === null ? null : await message.arrayBuffer()
  const headers = [...message.headers.entries()]
  return message instanceof Request ? { url: message.url, method: message.method, headers, body } : { status: message.status, headers, body }
}

export function requestFromWire(wire: WireMessage): Request {
  const method = wire.method ?? 'GET'
  return new Request(wire.url ?? '', { method, headers: wire.headers, body: method === 'GET' || method === 'HEAD' ? null : wire.body })
}

export function responseFromWire(wire: WireMessage): Response {
  const nullBody = wire.status === 204 || wire.status === 304
  return new Response(nullBody ? null : wire.body, { status: wire.status ?? 200, headers: wire.headers })
}
