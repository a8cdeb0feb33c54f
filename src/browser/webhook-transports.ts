import type { InspectorMessage, WebhookTransports } from '../core/webhooks.ts'

export const INSPECTOR_CHANNEL = 'verisim:webhooks'

/** Inspector messages posted per task: a catch-up of 100,000 orders must not hold up its own answer. */
const INSPECT_CHUNK = 2000

/** Deliveries are shown on a BroadcastChannel and sent to real receivers with a CORS fetch. */
export function browserWebhookTransports(nativeFetch: typeof fetch = globalThis.fetch.bind(globalThis)): WebhookTransports & { close(): void } {
  const channel = new BroadcastChannel(INSPECTOR_CHANNEL)
  const queued: InspectorMessage[] = []
  let timer: ReturnType<typeof setTimeout> | null = null

  const flush = (all = false) => {
    timer = null
    for (const message of queued.splice(0, all ? queued.length : INSPECT_CHUNK)) channel.postMessage(message)
    if (queued.length > 0) timer = setTimeout(flush, 0)
  }

  return {
    inspect: (message) => {
      queued.push(message)
      timer ??= setTimeout(flush, 0)
    },
    send: async (url, request) => {
      const response = await nativeFetch(url, { ...request, mode: 'cors', credentials: 'omit', cache: 'no-store' })
      return { status: response.status }
    },
    close: () => {
      if (timer !== null) clearTimeout(timer)
      flush(true)
      channel.close()
    },
  }
}
