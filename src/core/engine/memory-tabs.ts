import type { Tabs, WireMessage } from './tabs.ts'

/**
 * The in-memory twin of the browser's tabs: engines of one origin in one process, with a message
 * bus, forwarding to the leader and a queue for the lead (what the browser does with
 * BroadcastChannel and Web Locks).
 */
export function tabHub(): (tab: string) => Tabs {
  const listeners = new Set<{ tab: string; listener: Parameters<Tabs['listen']>[0] }>()
  const servers = new Map<string, (request: WireMessage) => Promise<WireMessage>>()
  const waiting: Array<{ tab: string; lead: () => void }> = []
  let leader: string | null = null
  return (tab) => ({
    async forward(request) {
      const serve = leader === null ? undefined : servers.get(leader)
      if (!serve) throw new Error('no leading tab')
      return serve(structuredClone(request))
    },
    serve(handler) {
      servers.set(tab, handler)
    },
    announce(message) {
      for (const entry of listeners) if (entry.tab !== tab) queueMicrotask(() => entry.listener(structuredClone(message)))
    },
    listen(listener) {
      const entry = { tab, listener }
      listeners.add(entry)
      return () => listeners.delete(entry)
    },
    elect(lead) {
      if (leader === null) {
        leader = tab
        lead()
      } else waiting.push({ tab, lead })
    },
    resign() {
      // One still waiting stops waiting, as an aborted lock request does.
      const queued = waiting.findIndex((entry) => entry.tab === tab)
      if (queued >= 0) waiting.splice(queued, 1)
      if (leader !== tab) return
      const next = waiting.shift()
      leader = next?.tab ?? null
      next?.lead()
    },
  })
}
