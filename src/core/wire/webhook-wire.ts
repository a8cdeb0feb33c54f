/** Webhooks on the wire: endpoints and deliveries as the admin API shows them, and the payload a fact is posted as. */
import type { Fact } from '../model/fact.ts'
import type { DeliveryRecord, EntityRecord, WorkspaceEndpoint, WorkspaceRecord } from '../model/store.ts'
import type { WebhookPayload } from './event-types.ts'
import type {
  DeliveryBody, DeliveryListBody, DeliveryRetryBody, EndpointBody, EndpointListBody, EndpointRemovedBody, ReceivedWebhook,
  ReceivedWebhookListBody, WebhookReceiptBody,
} from './wire-types.ts'

/** An endpoint as the API shows it: whether it signs, never its secret. */
export function endpointBody({ secret, created_at: at, ...endpoint }: WorkspaceEndpoint, iso: (at: number) => string): EndpointBody {
  return { ...endpoint, signed: secret !== null, ...(at !== undefined ? { created_at: iso(at) } : {}) }
}

export function endpointListBody(endpoints: readonly WorkspaceEndpoint[], iso: (at: number) => string): EndpointListBody {
  return { endpoints: endpoints.map((e) => endpointBody(e, iso)) }
}

export function endpointRemovedBody(id: string, abandoned: number): EndpointRemovedBody {
  return { success: true, id, abandoned_deliveries: abandoned }
}

/** The headers every attempt of a delivery carries (the same each time: receivers de-duplicate by id). */
export function deliveryHeaders(delivery: DeliveryRecord): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-Webhook-Event': delivery.event,
    'X-Webhook-Id': delivery.id,
    'X-Webhook-Timestamp': String(delivery.timestamp),
  }
}

/** `restored`: the workspace's last restore; a delivery made before it says so. */
export function deliveryBody(delivery: DeliveryRecord, iso: (at: number) => string, restored?: WorkspaceRecord['restored']): DeliveryBody {
  // The record's own fields go out in the order it holds them; the store's bookkeeping is left out.
  const {
    body, ordinal: _ordinal, created_at: createdAt, timestamp: _timestamp, received_by_mock: _received, next_attempt_at: next,
    attempt_limit: limit, subject: _subject, ...rest
  } = delivery
  return {
    ...rest,
    last_error: delivery.last_error ?? null,
    // Real time: retries wait for a receiver to recover, whatever the virtual clock does.
    next_attempt_at: delivery.status === 'pending' && next !== undefined ? new Date(next).toISOString() : null,
    ...(limit !== undefined ? { attempt_limit: limit } : {}),
    headers: deliveryHeaders(delivery),
    created_at: iso(createdAt),
    payload: JSON.parse(body) as WebhookPayload,
    ...(restored && delivery.ordinal <= restored.ordinal ? { before_restore: restored.snapshot_id } : {}),
  }
}

export function deliveryListBody(deliveries: readonly DeliveryRecord[], total: number, iso: (at: number) => string, restored?: WorkspaceRecord['restored']): DeliveryListBody {
  return { deliveries: deliveries.map((d) => deliveryBody(d, iso, restored)), count: deliveries.length, total }
}

export function deliveryRetryBody(delivery: DeliveryRecord, iso: (at: number) => string): DeliveryRetryBody {
  return { success: true, delivery: deliveryBody(delivery, iso) }
}

export function webhookReceiptBody(id: string): WebhookReceiptBody {
  return { received: true, id }
}

/** What the receiver at `path` got, oldest first: posts from anywhere (its receipts) and the mock's own deliveries to it. */
export function receivedWebhookListBody(
  path: string, receipts: readonly EntityRecord[], deliveries: readonly DeliveryRecord[], iso: (at: number) => string,
): ReceivedWebhookListBody {
  const posted = receipts.map((r) => ({ ordinal: r.ordinal, receipt: { id: r.id, ...r.data, received_at: iso(r.created_at) } as ReceivedWebhook }))
  const delivered = deliveries.map((d) => ({
    ordinal: d.ordinal,
    receipt: { id: d.id, path, event: d.event, webhook_id: d.id, body: JSON.parse(d.body) as unknown, received_at: iso(d.created_at) },
  }))
  const received = [...posted, ...delivered].sort((a, b) => a.ordinal - b.ordinal).map((r) => r.receipt)
  return { received, count: received.length }
}

/** The JSON body of the webhook a fact becomes: `{event, …its fields, timestamp}`. */
export function webhookPayload(fact: Fact): WebhookPayload {
  return { event: fact.event, ...fact.data, timestamp: fact.timestamp } as WebhookPayload
}
