/**
 * Every body the mock sends, made in one place: HTTP answers, socket frames and webhook
 * payloads. Each function returns the named type of its body (wire-types.ts, event-types.ts);
 * routes, the socket session and the outbox send what these make. A serializer reads the model,
 * never changes it. The serializers live by area (*-wire.ts); this module is the one the rest of
 * the code imports.
 */
import type { VerisimError } from '../errors.ts'
import type { ErrorBody } from './wire-types.ts'
export type { RealityRatioSource, RealityStatusBody, SnapshotBody, SnapshotRestoredBody } from './verisim-types.ts'

export type {
  ActivePersonaBody, ClockChangeBody, ClockStatus, ConsistencyOrderBody, ConsistencyStateBody, ConsistencyUserBody, DeliveryBody,
  DeliveryListBody, DeliveryRetryBody, EndpointBody, EndpointListBody, EndpointRemovedBody, EntityData, EntityListBody, EntityState,
  EntityUpsertBody, ErrorBody, LifecyclesUpdatedBody, LoginBody, LogoutBody, MeBody, NextTransition, OrderBody, OrderListBody,
  PersonaActivatedBody, PersonaLifecycleBody, PersonaLifecycleSetBody, PersonaSummary, PresetAppliedBody, PresetDetails, PresetListBody,
  PresetSummary, ProductBody, ProductListBody, ReceivedWebhook, ReceivedWebhookListBody, RelatedEntitiesBody, SeedOrdersBody,
  SpecBody, StateResetBody, SubscriptionBody, SupportBody, UserBody, UserOrderListBody, WebhookReceiptBody, WireBody,
} from './wire-types.ts'
export type {
  EntityStatusPayload, EntityStatusUpdateFrame, ErrorFrame, FactFrame, InitAckFrame, InspectorMessage, OrderCreatedFrame, ResourceChangePayload, OrderCreatedPayload, OrderShippedPayload, OrderStatusPayload,
  OrderStatusUpdateFrame, PaymentReceivedFrame, PaymentReceivedPayload, PongFrame, SocketFrame, StateRestoredFrame, SubscriptionStatusPayload,
  SubscriptionStatusUpdateFrame, WebhookPayload, WebhookPayloadOf,
} from './event-types.ts'
export { clockChangeBody, clockStatus } from './clock-wire.ts'
export {
  activePersonaBody, consistencyOrderBody, consistencyState, consistencyUserBody, entityData, entityListBody, entityState, entityUpsertBody,
  personaActivatedBody, personaSummary, relatedEntitiesBody, stateResetBody, userOrderListBody,
} from './consistency-wire.ts'
export {
  lifecyclesUpdatedBody, nextTransition, personaLifecycleBody, personaLifecycleSetBody, presetAppliedBody, presetDetails, presetListBody,
  presetSummary,
} from './lifecycle-wire.ts'
export {
  loginBody, logoutBody, meBody, orderBody, orderListBody, productBody, productListBody, seedOrdersBody, subscriptionBody, supportBody,
  userBody,
} from './shop-wire.ts'
export { snapshotBody, snapshotRestoredBody } from './snapshot-wire.ts'
export type { SnapshotDocument } from '../model/snapshot-document.ts'
export { errorFrame, initAckFrame, pongFrame, socketFrame } from './socket-wire.ts'
export { resourceItemBody, resourceListBody, specBody } from './spec-wire.ts'
export {
  deliveryBody, deliveryHeaders, deliveryListBody, deliveryRetryBody, endpointBody, endpointListBody, endpointRemovedBody,
  receivedWebhookListBody, webhookPayload, webhookReceiptBody,
} from './webhook-wire.ts'

export function errorBody(error: VerisimError): ErrorBody {
  return { error: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }
}
