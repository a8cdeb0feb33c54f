import type { DeliveryRecord } from '../core/store.ts'
import { inspectorMessage, type OutgoingRequest, type WebhookTransports } from '../core/webhooks.ts'

export const INSPECTOR_CHANNEL = 'verisim:webhooks'

/** Inspector messages posted per task: a catch-up of 100,000 orders must not hold up its own answer. */
const INSPECT_CHUNK = 2000

/** Deliveries are shown on a BroadcastChannel and sent to real receivers with a CORS fetch. */
export function browserWebhookTransports(nativeFetch: typeof fetch = globalThis.fetch.bind(globalThis)): WebhookTransports & { close(): void } {
  const channel = new BroadcastChannel(INSPECTOR_CHANNEL)
  // Raw until posted: a parsed body per message would double what a long catch-up holds.
  const queued: Array<[DeliveryRecord, OutgoingRequest]> = []
  let timer: ReturnType<typeof setTimeout> | null = null

  const flush = (all = false) => {
    timer = null
    for (const [delivery, request] of queued.splice(0, all ? queued.length : INSPECT_CHUNK)) {
      channel.postMessage(inspectorMessage(delivery, request))
    }
    if (queued.length > 0) timer = setTimeout(flush, 0)
  }

  return {
    inspect: (delivery, request) => {
      queued.push([delivery, request])
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
