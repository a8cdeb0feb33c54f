/**
 * Every body the mock sends, made in one place: HTTP answers, socket frames and webhook
 * payloads. Each function returns the named type of its body (wire-types.ts); routes, the socket
 * session and the outbox send what these make. A serializer reads the model, never changes it.
 */
import type { VerisimError } from '../errors.ts'
import { paymentIds, orderTracking, type OrderFields } from '../kinds/orders.ts'
import { billingOf, failedPayments, supportOf } from '../kinds/subscriptions.ts'
import { enteredAt } from '../lifecycle/lifecycle.ts'
import type { Domain } from '../model/domain.ts'
import type { Fact } from '../model/fact.ts'
import type { DeliveryRecord, EntityRecord, WorkspaceEndpoint } from '../model/store.ts'
import { nodeId } from '../model/world.ts'
import { DAY_MS } from '../scenario/duration.ts'
import type { LifecyclePreset, Persona, Product, Scenario } from '../scenario/scenario.ts'
import { calendarNow, type ClockState } from '../time/clock.ts'
import type { ErrorFrame, FactFrame, InitAckFrame, PongFrame, WebhookPayload } from './event-types.ts'
import type {
  ClockChangeBody, ClockStatus, ConsistencyStateBody, DeliveryBody, DeliveryListBody, EndpointBody, EndpointListBody, EntityData,
  EntityState, ErrorBody, LoginBody, NextTransition, OrderBody, OrderListBody, PersonaLifecycleBody, PersonaSummary, PresetDetails,
  PresetSummary, ProductBody, ProductListBody, SubscriptionBody, SupportBody, UserBody,
} from './wire-types.ts'

export type {
  ClockChangeBody, ClockStatus, ConsistencyStateBody, DeliveryBody, DeliveryListBody, EndpointBody, EndpointListBody, EntityData,
  EntityState, ErrorBody, LoginBody, NextTransition, OrderBody, OrderListBody, PersonaLifecycleBody, PersonaSummary, PresetDetails,
  PresetSummary, ProductBody, ProductListBody, SubscriptionBody, SupportBody, UserBody,
} from './wire-types.ts'
export type {
  ErrorFrame, FactFrame, InitAckFrame, InspectorMessage, OrderCreatedFrame, OrderCreatedPayload, OrderShippedPayload, OrderStatusPayload,
  OrderStatusUpdateFrame, PaymentReceivedFrame, PaymentReceivedPayload, PongFrame, SocketFrame, SubscriptionStatusPayload,
  SubscriptionStatusUpdateFrame, WebhookPayload, WebhookPayloadOf,
} from './event-types.ts'

export function errorBody(error: VerisimError): ErrorBody {
  return { error: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }
}

// Personas and the shop

export function userBody(persona: Persona): UserBody {
  return { id: persona.id, email: persona.email, name: persona.name, subscription_tier: persona.subscription_tier }
}

export function loginBody(token: string, expiresIn: number, persona: Persona): LoginBody {
  return { token, token_type: 'Bearer', expires_in: expiresIn, user: userBody(persona) }
}

export function productBody(product: Product): ProductBody {
  return { ...product, in_stock: product.stock > 0 }
}

export function productListBody(products: readonly Product[], persona: Persona | null): ProductListBody {
  const shownTo = persona ? { id: persona.id, preferences: persona.preferences } : null
  return { products: products.map(productBody), count: products.length, persona: shownTo }
}

const MILESTONES = ['processing', 'shipped', 'delivered', 'completed']

/** An order: status from its lifecycle, milestones once reached. */
export function orderBody(domain: Domain, order: EntityRecord): OrderBody {
  const iso = (at: number) => domain.iso(order.workspace, at)
  const lifecycle = order.lifecycle
  const milestones: Record<`${string}_at`, string> = {}
  for (const milestone of MILESTONES) {
    const at = enteredAt(lifecycle, milestone)
    if (at !== undefined) milestones[`${milestone}_at`] = iso(at)
  }
  const tracking = orderTracking(order)
  return {
    id: order.id,
    ...(order.data as OrderFields),
    status: lifecycle?.state ?? (order.data.status as string | undefined) ?? 'pending',
    created_at: iso(order.created_at),
    updated_at: iso(lifecycle?.entered_at ?? order.created_at),
    ...milestones,
    ...(tracking ? { tracking_number: tracking } : {}),
    payment_ids: paymentIds(domain, order),
  }
}

export function orderListBody(domain: Domain, orders: readonly EntityRecord[]): OrderListBody {
  return { orders: orders.map((order) => orderBody(domain, order)), count: orders.length }
}

/** The persona's plan and where its subscription (its `user` entity's lifecycle) stands. */
export function subscriptionBody(domain: Domain, persona: Persona, user: EntityRecord): SubscriptionBody {
  const lifecycle = user.lifecycle
  const state = lifecycle?.state ?? null
  const iso = (at: number | undefined) => (at === undefined ? null : domain.iso(user.workspace, at))
  return {
    user_id: user.id,
    plan: persona.subscription_tier,
    status: state,
    ...billingOf(state),
    payment_failed_count: failedPayments(user),
    ...(state === 'past_due' ? { last_payment_failed: true as const } : {}),
    status_since: iso(lifecycle?.entered_at),
    started_at: iso(lifecycle?.history[0]?.at),
    canceled_at: iso(enteredAt(lifecycle, 'canceled')),
    lifecycle_preset: lifecycle?.preset ?? null,
    history: (lifecycle?.history ?? []).map((entry) => ({ status: entry.state, at: domain.iso(user.workspace, entry.at) })),
    next_transition: nextTransition(domain, user),
  }
}

/** The support desk's view of the persona, from its subscription state. */
export function supportBody(user: EntityRecord): SupportBody {
  const state = user.lifecycle?.state ?? null
  return { user_id: user.id, subscription_status: state, ...supportOf(state), ...(state === 'past_due' ? { ticket_type: 'payment_issue' as const } : {}) }
}

// The consistency API

/** The lifecycle's own next step for the entity (Domain.nextStep), in calendar time. */
export function nextTransition(domain: Domain, entity: EntityRecord): NextTransition | null {
  const step = domain.nextStep(entity)
  return step ? { to: step.to, at: domain.iso(entity.workspace, step.at) } : null
}

/** An entity's own data in wire form (orders carry their lifecycle status and milestones). */
export function entityData(domain: Domain, entity: EntityRecord): EntityData {
  if (entity.type === 'order') return orderBody(domain, entity)
  return { id: entity.id, ...entity.data, ...(entity.lifecycle ? { status: entity.lifecycle.state } : {}) }
}

export function entityState(domain: Domain, entity: EntityRecord): EntityState {
  const iso = (at: number) => domain.iso(entity.workspace, at)
  return {
    entity_type: entity.type,
    entity_id: entity.id,
    data: entityData(domain, entity),
    seen_in_protocols: ['Http'],
    created_at: iso(entity.created_at),
    updated_at: iso(entity.lifecycle?.entered_at ?? entity.created_at),
    persona_id: nodeId(entity.type, entity.id),
    next_transition: nextTransition(domain, entity),
  }
}

export function personaSummary(persona: Persona): PersonaSummary {
  return { id: persona.id, domain: 'ecommerce', traits: userBody(persona) }
}

export function consistencyState(domain: Domain, workspace: string): ConsistencyStateBody {
  const persona = domain.activePersona(workspace)
  const entities = domain.world.entities(workspace)
  return {
    workspace_id: domain.workspace(workspace).id,
    active_persona: persona ? personaSummary(persona) : null,
    active_scenario: domain.scenario.name,
    entity_state: Object.fromEntries(entities.map((e) => [nodeId(e.type, e.id), entityState(domain, e)])),
    last_updated: domain.iso(workspace, domain.now(workspace)),
    version: entities.length,
  }
}

/** Where a persona's own lifecycle (its subscription) stands and what it does next. */
export function personaLifecycleBody(domain: Domain, workspace: string, persona: Persona, user: EntityRecord): PersonaLifecycleBody {
  const record = user.lifecycle
  return {
    workspace,
    persona_id: persona.id,
    preset: record?.preset ?? null,
    lifecycle_state: record?.state ?? null,
    entered_at: record ? domain.iso(workspace, record.entered_at) : null,
    next_transition: nextTransition(domain, user),
    history: (record?.history ?? []).map((entry) => ({ state: entry.state, at: domain.iso(workspace, entry.at) })),
  }
}

/** Which requests a preset's states show in (MockForge's `affected_endpoints`). */
const AFFECTED: Record<string, string[]> = {
  subscription: ['billing', 'support', 'subscription'],
  order_fulfillment: ['order', 'orders', 'fulfillment', 'shipment', 'delivery'],
}

export function presetSummary(preset: LifecyclePreset): PresetSummary {
  const path = preset.states.filter((s) => s.transitions.length > 0 || preset.states.some((o) => o.transitions.some((t) => t.to === s.name)))
  return { name: preset.name, id: preset.name, type: preset.type, description: `${preset.type} lifecycle: ${path.map((s) => s.name).join(' → ')}` }
}

export function presetDetails(scenario: Scenario, preset: LifecyclePreset): PresetDetails {
  return {
    preset: presetSummary(preset),
    initial_state: preset.initial,
    entity_type: Object.entries(scenario.entityLifecycles).find(([, name]) => name === preset.name)?.[0] ?? null,
    states: preset.states.flatMap((state) => state.transitions.map((t) => ({
      from: state.name, to: t.to, after_days: t.afterMs / DAY_MS, after_ms: t.afterMs, condition: t.condition?.source ?? null,
    }))),
    state_names: preset.states.map((state) => state.name),
    defaults: preset.defaults,
    affected_endpoints: AFFECTED[preset.type] ?? [],
  }
}

// Time travel

export function clockStatus(clock: ClockState, wallNow: number): ClockStatus {
  return {
    enabled: clock.enabled,
    current_time: new Date(calendarNow(clock, wallNow)).toISOString(),
    scale_factor: clock.enabled ? clock.scale : 1,
    real_time: new Date(wallNow).toISOString(),
  }
}

export function clockChangeBody(status: ClockStatus): ClockChangeBody {
  return { success: true, status }
}

// Webhooks

/** An endpoint as the API shows it: whether it signs, never its secret. */
export function endpointBody({ secret, created_at: at, ...endpoint }: WorkspaceEndpoint, iso: (at: number) => string): EndpointBody {
  return { ...endpoint, signed: secret !== null, ...(at !== undefined ? { created_at: iso(at) } : {}) }
}

export function endpointListBody(endpoints: readonly WorkspaceEndpoint[], iso: (at: number) => string): EndpointListBody {
  return { endpoints: endpoints.map((e) => endpointBody(e, iso)) }
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

export function deliveryBody(delivery: DeliveryRecord, iso: (at: number) => string): DeliveryBody {
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
  }
}

export function deliveryListBody(deliveries: readonly DeliveryRecord[], total: number, iso: (at: number) => string): DeliveryListBody {
  return { deliveries: deliveries.map((d) => deliveryBody(d, iso)), count: deliveries.length, total }
}

// A fact's fields as its kind reports them (kinds/orders.ts, kinds/subscriptions.ts): facts carry
// plain records, so their shape is asserted here, once.
type Reported = { order_id: string; user_id: string; payment_id: string; amount: number; status: string; previous_status: string; tracking_number?: string }

/** The JSON body of the webhook a fact becomes: `{event, …its fields, timestamp}`. */
export function webhookPayload(fact: Fact): WebhookPayload {
  return { event: fact.event, ...fact.data, timestamp: fact.timestamp } as WebhookPayload
}

// Sockets

/** The frame a fact is pushed as, or null when sockets do not carry it. */
export function socketFrame(fact: Fact): FactFrame | null {
  const { timestamp } = fact
  const data = fact.data as Reported
  if (fact.event === 'order.created') {
    return { type: 'order_created', order_id: data.order_id, status: data.status, timestamp }
  }
  if (fact.event === 'payment.received') {
    return { type: 'payment_received', order_id: data.order_id, payment_id: data.payment_id, amount: data.amount, timestamp }
  }
  if (fact.event.startsWith('subscription.')) {
    return { type: 'subscription_status_update', user_id: data.user_id, status: data.status, previous_status: data.previous_status, timestamp }
  }
  if (fact.event.startsWith('order.')) {
    return {
      type: 'order_status_update', order_id: data.order_id, status: data.status, timestamp,
      ...(data.tracking_number !== undefined ? { tracking_number: data.tracking_number } : {}),
    }
  }
  return null
}

export function initAckFrame(workspace: string, persona: Persona | null): InitAckFrame {
  return { type: 'init_ack', workspace, persona: persona ? { id: persona.id, name: persona.name, email: persona.email } : null }
}

export function errorFrame(error: string, message: string): ErrorFrame {
  return { type: 'error', error, message }
}

export function pongFrame(): PongFrame {
  return { type: 'pong' }
}
