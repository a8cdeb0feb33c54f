import type { TabMessage, Tabs, WireMessage } from '../core/engine/tabs.ts'
import type { ErrorBody } from '../core/wire/wire.ts'

type Envelope =
  | { kind: 'hello' }
  | { kind: 'bye' }
  | { kind: 'change'; message: TabMessage }
  | { kind: 'request'; id: string; request: WireMessage }
  | { kind: 'response'; id: string; response: WireMessage }
  | { kind: 'leader' }

interface Pending {
  request: WireMessage
  resolve: (response: WireMessage) => void
  reject: (error: unknown) => void
}

/**
 * Tabs of one origin over Web Locks and a BroadcastChannel. The tab holding the leader lock
 * answers every tab's requests; the others forward theirs and re-send what is unanswered when
 * a new leader announces itself (the old one closed mid-request).
 */
export function browserTabs(name: string): Tabs & { close(): void } {
  const channel = new BroadcastChannel(`verisim:tabs:${name}`)
  const listeners = new Set<(message: TabMessage) => void>()
  const pending = new Map<string, Pending>()
  const abort = new AbortController()
  let serve: ((request: WireMessage) => Promise<WireMessage>) | null = null
  let leading = false
  // Whether another tab has said hello: alone, the leader does not copy its facts to nobody.
  let followers = 0
  let release: (() => void) | null = null

  const post = (envelope: Envelope) => channel.postMessage(envelope)

  const answer = async (request: WireMessage): Promise<WireMessage> => {
    if (!serve) throw new Error('This tab leads but serves no engine yet.')
    return serve(request)
  }

  const dispatch = (id: string, entry: Pending) => {
    if (!leading) return post({ kind: 'request', id, request: entry.request })
    pending.delete(id)
    answer(entry.request).then(entry.resolve, entry.reject)
  }

  channel.addEventListener('message', (event: MessageEvent<Envelope>) => {
    const envelope = event.data
    if (envelope.kind === 'hello') {
      followers++
    } else if (envelope.kind === 'bye') {
      followers = Math.max(0, followers - 1)
    } else if (envelope.kind === 'change') {
      for (const listener of listeners) listener(envelope.message)
    } else if (envelope.kind === 'request' && leading) {
      answer(envelope.request)
        .catch((error: unknown) => failure(error))
        .then((response) => post({ kind: 'response', id: envelope.id, response }))
    } else if (envelope.kind === 'response') {
      const entry = pending.get(envelope.id)
      pending.delete(envelope.id)
      entry?.resolve(envelope.response)
    } else if (envelope.kind === 'leader') {
      // The new leader counts its followers afresh.
      if (!leading) post({ kind: 'hello' })
      for (const [id, entry] of pending) dispatch(id, entry)
    }
  })
  post({ kind: 'hello' })

  const tabs: Tabs & { close(): void } = {
    forward: (request) =>
      new Promise((resolve, reject) => {
        const id = crypto.randomUUID()
        const entry = { request, resolve, reject }
        pending.set(id, entry)
        dispatch(id, entry)
      }),
    serve(handler) {
      serve = handler
    },
    announce: (message) => {
      if (followers > 0) post({ kind: 'change', message })
    },
    listen(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    elect(lead) {
      navigator.locks
        .request(`verisim:${name}:leader`, { signal: abort.signal }, () => {
          leading = true
          followers = 0
          lead()
          post({ kind: 'leader' })
          for (const [id, entry] of pending) dispatch(id, entry)
          // Held until this tab resigns or closes.
          return new Promise<void>((resolve) => {
            release = resolve
          })
        })
        .catch(() => {
          // Aborted while waiting: this tab stopped before its turn came.
        })
    },
    resign() {
      leading = false
      abort.abort()
      release?.()
      release = null
    },
    close() {
      if (!leading) post({ kind: 'bye' })
      tabs.resign()
      listeners.clear()
      channel.close()
      for (const entry of pending.values()) entry.reject(new Error('Verisim stopped in this tab before the leading tab answered.'))
      pending.clear()
    },
  }
  return tabs
}

function failure(error: unknown): WireMessage {
  const answer: ErrorBody = { error: 'internal_error', message: `The leading tab failed to answer: ${error instanceof Error ? error.message : String(error)}` }
  const body = JSON.stringify(answer)
  return { status: 500, headers: [['content-type', 'application/json']], body: new TextEncoder().encode(body).buffer as ArrayBuffer }
}
