import type { DeliveryRecord } from '../core/model/store.ts'
import { inspectorMessage, type OutgoingRequest, type WebhookTransports } from '../core/webhooks/webhooks.ts'
import { INSPECTOR_CHANNEL } from './inspector-channel.ts'

export { INSPECTOR_CHANNEL }

/**
 * Deliveries are shown on a BroadcastChannel and sent to real receivers with a CORS fetch.
 * Inspector messages are posted at once: queueing them to answer sooner would hold a parsed
 * copy of every delivery of a long catch-up in memory.
 */
export function browserWebhookTransports(nativeFetch: typeof fetch = globalThis.fetch.bind(globalThis)): WebhookTransports & { close(): void } {
  const channel = new BroadcastChannel(INSPECTOR_CHANNEL)
  return {
    inspect: (delivery: DeliveryRecord, request: OutgoingRequest) => channel.postMessage(inspectorMessage(delivery, request)),
    send: async (url, request) => {
      const response = await nativeFetch(url, { ...request, mode: 'cors', credentials: 'omit', cache: 'no-store' })
      return { status: response.status }
    },
    close: () => channel.close(),
  }
}
