/**
 * The JSON the mock sends, one named type per body: HTTP answers here, webhook payloads and socket
 * frames in event-types.ts. wire.ts makes each of them. Timestamps are ISO 8601 calendar (virtual) time unless a
 * field says otherwise; names and envelopes follow MockForge's where it has them.
 *
 * Type aliases, not interfaces: a body then also fits `Record<string, unknown>`, as code that
 * handles any JSON holds it (an interface does not).
 */
import type { OrderFields } from '../kinds/orders.ts'
import type { DeliveryStatus } from '../model/store.ts'
import type { RealityStatusBody, SnapshotBody, SnapshotRestoredBody } from './verisim-types.ts'
import type { Persona, Product } from '../scenario/scenario.ts'
import type { WebhookPayloadOf } from './event-types.ts'

/** Every error answer. `field` names the offending input of a validation error. */
export type ErrorBody = { error: string; message: string; field?: string }

// Personas and the shop

export type UserBody = { id: string; email: string; name: string; subscription_tier: string }

/** `POST /api/auth/login`. */
export type LoginBody = {
  token: string
  token_type: 'Bearer'
  /** Seconds. */
  expires_in: number
  user: UserBody
}

/** `POST /api/auth/logout`. */
export type LogoutBody = { success: true }

/** `GET /api/auth/me`: the persona the request acts as. */
export type MeBody = { user: UserBody }

/** A product of the scenario, and whether it is in stock. */
export type ProductBody = Pick<Product, keyof Product> & { in_stock: boolean }

/**
 * `GET /api/products`: the products the persona would be shown (its preferences choose them), a
 * bare array as MockForge's spec has it; `X-MockForge-Persona` names the persona.
 */
export type ProductListBody = ProductBody[]

/** An order: status from its lifecycle, a `<milestone>_at` for each milestone reached. */
export type OrderBody = { id: string } & OrderFields & {
  status: string
  created_at: string
  /** When it entered its current status. */
  updated_at: string
  /** `processing_at`, `shipped_at`, `delivered_at`, `completed_at`, once reached. */
  [milestone: `${string}_at`]: string | undefined
  /** From the moment it has shipped. */
  tracking_number?: string
  payment_ids: string[]
  /** The step its lifecycle takes next if time runs on, and when (null once it will not move on its own). */
  next_transition: NextTransition | null
}

export type OrderListBody = { orders: OrderBody[]; count: number }

/** The step an entity's lifecycle takes next if time runs on, and when. */
export type NextTransition = { to: string; at: string }

/** `GET /api/billing/subscription`: the persona's plan and where its subscription lifecycle stands. */
export type SubscriptionBody = {
  user_id: string
  plan: string
  status: string | null
  billing_status: string
  subscription_status: string
  payment_method: string | null
  payment_failed_count: number
  last_payment_failed?: true
  status_since: string | null
  started_at: string | null
  canceled_at: string | null
  lifecycle_preset: string | null
  history: Array<{ status: string; at: string }>
  next_transition: NextTransition | null
}

/** `GET /api/support`: the support desk's view of the persona. */
export type SupportBody = {
  user_id: string
  subscription_status: string | null
  support_tier: string
  open_tickets: number
  priority: string
  ticket_type?: 'payment_issue'
}

/** `POST /__verisim/seed/orders`: the ids of the orders created, in the order asked. */
export type SeedOrdersBody = { ids: string[]; count: number }

// The consistency API (MockForge's envelopes)

/** An entity's own fields; an order's are its OrderBody. A lifecycle's state shows as `status`. */
export type EntityData = { id: string; status?: string; [field: string]: unknown }

/** MockForge's `EntityState` envelope, plus the entity's next lifecycle step. */
export type EntityState = {
  entity_type: string
  entity_id: string
  data: EntityData
  seen_in_protocols: string[]
  created_at: string
  /** When it entered its current lifecycle state, else when it was created. */
  updated_at: string
  /** Its graph node, `type:id` (MockForge's name for the field). */
  persona_id: string
  next_transition: NextTransition | null
}

export type PersonaSummary = { id: string; domain: string; traits: UserBody }

/** `GET /api/v1/consistency/state`. */
export type ConsistencyStateBody = {
  workspace_id: string
  active_persona: PersonaSummary | null
  active_scenario: string
  /** By graph node, `type:id`. */
  entity_state: Record<string, EntityState>
  last_updated: string
  version: number
}

/** `DELETE /api/v1/consistency/state`: what the reset removed. */
export type StateResetBody = { success: true; workspace: string; removed: { entities: number; deliveries: number } }

/** `GET /api/v1/consistency/persona`: the active persona, with the preferences the shop reads. */
export type ActivePersonaBody = { workspace: string; persona: PersonaSummary & { preferences: Persona['preferences'] } }

/** `POST /api/v1/consistency/persona`. */
export type PersonaActivatedBody = { success: true; workspace: string; persona_id: string }

/** `GET /api/v1/consistency/entities`. */
export type EntityListBody = { workspace: string; entities: EntityState[]; count: number }

/** `GET …/entities/{type}/{id}/related/{rel}`: one hop of the persona graph from `node` (`type:id`). */
export type RelatedEntitiesBody = { node: string; relationship: string; entities: EntityState[]; count: number }

/** `POST /api/v1/consistency/entities` (an upsert, 200 either way): the entity as it now stands; `created` tells whether it was new. */
export type EntityUpsertBody = { success: true; workspace: string; created: boolean; entity: EntityState }

/** `GET …/users/{id}`: the user's data and its orders' ids. */
export type ConsistencyUserBody = EntityData & { order_ids: string[]; order_count: number }

/** `GET …/users/{id}/orders`. */
export type UserOrderListBody = { user_id: string; orders: OrderBody[]; count: number }

/** `GET …/orders/{id}`: the order, and its user's name and email while that user exists. */
export type ConsistencyOrderBody = OrderBody & { user_name?: string; user_email?: string }

/** `GET /api/v1/consistency/persona/lifecycle`. */
export type PersonaLifecycleBody = {
  workspace: string
  persona_id: string
  preset: string | null
  lifecycle_state: string | null
  entered_at: string | null
  next_transition: NextTransition | null
  history: Array<{ state: string; at: string }>
}

/** `POST …/persona/lifecycle`: the state the persona's lifecycle now stands in. */
export type PersonaLifecycleSetBody = { success: true; workspace: string; persona_id: string; lifecycle_state: string }

/** `POST …/persona/update-lifecycles`: whether catching up moved anything, and the workspace's time. */
export type LifecyclesUpdatedBody = { success: true; workspace: string; updated: boolean; current_time: string }

/** A lifecycle preset in `GET …/lifecycle-presets`. */
export type PresetSummary = {
  name: string
  id: string
  type: string
  /** Its states along its transitions, e.g. `subscription lifecycle: new → active → past_due → canceled`. */
  description: string
}

/** `GET …/lifecycle-presets/{name}`; `states` is MockForge's: one entry per transition. */
export type PresetDetails = {
  preset: PresetSummary
  initial_state: string
  entity_type: string | null
  states: Array<{ from: string; to: string; after_days: number; after_ms: number; condition: string | null }>
  state_names: string[]
  defaults: Record<string, unknown>
  affected_endpoints: string[]
}

/** `GET …/lifecycle-presets`. */
export type PresetListBody = { presets: PresetSummary[] }

/** `POST …/lifecycle-presets/apply`: the persona restarted on the preset, and where it stands. */
export type PresetAppliedBody = { success: true; workspace: string; persona_id: string; preset: string; lifecycle_state: string | null }

// Time travel

/** `GET /__mockforge/time-travel/status`. `real_time` is wall-clock time. */
export type ClockStatus = { enabled: boolean; current_time: string; scale_factor: number; real_time: string }

/** What every time-travel action answers. */
export type ClockChangeBody = { success: true; status: ClockStatus }

// Webhooks

/** A webhook endpoint: whether it signs, never its secret. */
export type EndpointBody = {
  id: string
  name: string
  url: string
  events: string[]
  source: 'config' | 'runtime'
  signed: boolean
  /** When it was registered (run-time endpoints). */
  created_at?: string
}

export type EndpointListBody = { endpoints: EndpointBody[] }

/** `DELETE /__mockforge/webhooks/{id}`: its pending deliveries die with it. */
export type EndpointRemovedBody = { success: true; id: string; abandoned_deliveries: number }

/** A delivery of the outbox; `E` narrows it to one event. */
export type DeliveryBody<E extends string = string> = {
  id: string
  workspace: string
  endpoint: string
  url: string
  event: E
  status: DeliveryStatus
  attempts: number
  /** The receiver's answer to the latest attempt, if it answered. */
  response_status?: number
  last_error: string | null
  /** Wall-clock time of the next attempt of a pending delivery that failed before. */
  next_attempt_at: string | null
  /** Attempts allowed before it is dead, once a retry raised it. */
  attempt_limit?: number
  headers: Record<string, string>
  created_at: string
  payload: WebhookPayloadOf<E>
  /** The snapshot the workspace was restored to after this delivery was made (it belongs to the timeline left behind). */
  before_restore?: string
}

/** `GET /__mockforge/webhooks/deliveries`: the recent deliveries, and how many there are in all. */
export type DeliveryListBody = { deliveries: DeliveryBody[]; count: number; total: number }

/** `POST /__mockforge/webhooks/deliveries/{id}/retry`: the delivery, pending again. */
export type DeliveryRetryBody = { success: true; delivery: DeliveryBody }

/** `POST /api/webhooks/*`: the mock's own receiver took the post. */
export type WebhookReceiptBody = { received: true; id: string }

/** A post the receiver got: `body` is the JSON sent, or its text when it was not JSON. */
export type ReceivedWebhook = { id: string; path: string; event: string | null; webhook_id: string | null; body: unknown; received_at: string }

/** `GET /api/webhooks/*`: what the receiver at the path got, oldest first. */
export type ReceivedWebhookListBody = { received: ReceivedWebhook[]; count: number }

/** Every HTTP answer's body: `json()` takes only these, so a route sends nothing wire/ does not name. */
export type WireBody =
  | ErrorBody | LoginBody | LogoutBody | MeBody | ProductBody | ProductListBody | OrderBody | OrderListBody | SubscriptionBody | SupportBody
  | SeedOrdersBody | ConsistencyStateBody | StateResetBody | ActivePersonaBody | PersonaActivatedBody | EntityState | EntityListBody
  | RelatedEntitiesBody | EntityUpsertBody | ConsistencyUserBody | UserOrderListBody | ConsistencyOrderBody | PersonaLifecycleBody
  | PersonaLifecycleSetBody | LifecyclesUpdatedBody | PresetListBody | PresetDetails | PresetAppliedBody | ClockStatus | ClockChangeBody
  | EndpointListBody | EndpointBody | EndpointRemovedBody | DeliveryListBody | DeliveryRetryBody | WebhookReceiptBody | ReceivedWebhookListBody
  | SpecBody | SnapshotBody | SnapshotBody[] | SnapshotRestoredBody | RealityStatusBody


declare const SPEC_BODY: unique symbol

/**
 * A body whose shape the scenario's OpenAPI spec gives, not Verisim: a spec resource's item or
 * list, an operation's example, a value generated from its schema. Made only by wire/spec-wire.ts.
 */
export type SpecBody = { readonly [SPEC_BODY]: true }
