import type { WebhookTransports } from '../core/webhooks.ts'

export const INSPECTOR_CHANNEL = 'verisim:webhooks'

/** Deliveries are shown on a BroadcastChannel and sent to real receivers with a CORS fetch. */
export function browserWebhookTransports(nativeFetch: typeof fetch = globalThis.fetch.bind(globalThis)): WebhookTransports & { close(): void } {
  const channel = new BroadcastChannel(INSPECTOR_CHANNEL)
  return {
    inspect: (message) => channel.postMessage(message),
    send: async (url, request) => {
      const response = await nativeFetch(url, { ...request, mode: 'cors', credentials: 'omit', cache: 'no-store' })
      return { status: response.status }
    },
    close: () => channel.close(),
  }
}
