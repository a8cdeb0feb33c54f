import type { TabMessage, Tabs } from '../core/tabs.ts'

/**
 * Tabs of one origin over Web Locks and a BroadcastChannel: one lock serialises every engine's
 * read-modify-write on the shared store; the tab holding the leader lock runs timers and the
 * webhook outbox until it closes, when the next waiting tab takes over.
 */
export function browserTabs(name: string): Tabs & { close(): void } {
  const channel = new BroadcastChannel(`verisim:tabs:${name}`)
  const listeners = new Set<(message: TabMessage) => void>()
  const abort = new AbortController()
  let release: (() => void) | null = null

  channel.addEventListener('message', (event: MessageEvent<TabMessage>) => {
    for (const listener of listeners) listener(event.data)
  })

  const tabs: Tabs & { close(): void } = {
    withLock: (task) => navigator.locks.request(`verisim:${name}:write`, task),
    announce: (message) => channel.postMessage(message),
    listen(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    elect(lead) {
      navigator.locks
        .request(`verisim:${name}:leader`, { signal: abort.signal }, () => {
          lead()
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
      abort.abort()
      release?.()
      release = null
    },
    close() {
      tabs.resign()
      listeners.clear()
      channel.close()
    },
  }
  return tabs
}
