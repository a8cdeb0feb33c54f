import type { Domain } from '../model/domain.ts'
import type { Fact } from '../model/fact.ts'
import { hmac, toHex } from '../hmac.ts'
import type { WebhookEndpoint } from '../scenario/scenario.ts'
import type { DeliveryRecord, WorkspaceEndpoint } from '../model/store.ts'
import { deliveryHeaders, webhookPayload, type InspectorMessage, type WebhookPayload } from '../wire/wire.ts'

export interface OutgoingRequest {
  method: 'POST'
  headers: Record<string, string>
  body: string
}

/** Ports through which deliveries leave the engine. */
export interface WebhookTransports {
  /**
   * Shows every delivery to observers (the BroadcastChannel inspector in a browser), which see
   * `inspectorMessage(delivery, request)`; built by the transport when it posts, not before.
   */
  inspect?(delivery: DeliveryRecord, request: OutgoingRequest): void
  /** Sends to a URL the mock does not serve; resolves with the HTTP status, rejects on network or CORS failure. */
  send?(url: string, request: OutgoingRequest): Promise<{ status: number }>
}

export function endpointsOf(domain: Domain, workspace: string): WorkspaceEndpoint[] {
  const configured = domain.scenario.webhookEndpoints.map((e) => ({ ...e, id: e.name, source: 'config' as const }))
  const registered = (domain.workspace(workspace).endpoints ?? []).map((e) => ({ ...e, source: 'runtime' as const }))
  return [...configured, ...registered]
}

/** The signing secret of the endpoint a delivery was made for (null once it is removed, or unsigned). */
export function secretOf(domain: Domain, delivery: DeliveryRecord): string | null {
  return endpointsOf(domain, delivery.workspace).find((e) => e.id === delivery.endpoint)?.secret ?? null
}

export function endpointWants(endpoint: WebhookEndpoint, event: string): boolean {
  return endpoint.events.some((e) => e === '*' || e === event || (e.endsWith('.*') && event.startsWith(e.slice(0, -1))))
}

/** Writes a pending delivery for every endpoint that wants the fact (the outbox is written before any attempt). */
export function enqueueDeliveries(domain: Domain, facts: readonly Fact[]): DeliveryRecord[] {
  const created: DeliveryRecord[] = []
  const byWorkspace = new Map<string, WorkspaceEndpoint[]>()
  for (const fact of facts) {
    let endpoints = byWorkspace.get(fact.workspace)
    if (!endpoints) {
      endpoints = endpointsOf(domain, fact.workspace)
      byWorkspace.set(fact.workspace, endpoints)
    }
    for (const endpoint of endpoints) {
      if (!endpointWants(endpoint, fact.event)) continue
      const ws = domain.workspace(fact.workspace)
      const id = `whd_${fact.workspace}_${domain.world.nextSeq(ws, 'delivery', 1)}`
      created.push(
        domain.world.createDelivery({
          id,
          workspace: fact.workspace,
          endpoint: endpoint.id,
          url: endpoint.url,
          event: fact.event,
          timestamp: Math.floor(domain.wallNow() / 1000),
          body: JSON.stringify(webhookPayload(fact)),
          status: 'pending',
          attempts: 0,
          subject: fact.subject,
          created_at: fact.at,
        }),
      )
    }
  }
  return created
}

/** The request of one attempt: its headers plus the signature when the endpoint has a secret. */
export async function outgoingRequest(delivery: DeliveryRecord, secret: string | null): Promise<OutgoingRequest> {
  const headers = deliveryHeaders(delivery)
  if (secret) {
    const signed = `${headers['X-Webhook-Timestamp']}.${delivery.body}`
    headers['X-Webhook-Signature'] = `sha256=${toHex(await hmac(secret, signed))}`
  }
  return { method: 'POST', headers, body: delivery.body }
}

export function inspectorMessage(delivery: DeliveryRecord, request: OutgoingRequest): InspectorMessage {
  return {
    delivery_id: delivery.id,
    workspace: delivery.workspace,
    endpoint: delivery.endpoint,
    url: delivery.url,
    event: delivery.event,
    headers: request.headers,
    body: JSON.parse(request.body) as WebhookPayload,
  }
}

/** Where the mock receives webhooks itself (the seed's endpoint is `/api/webhooks/order-status`). */
export const RECEIVER_PATH = '/api/webhooks/'
