/**
 * Every body the mock sends, made in one place: HTTP answers, socket frames and webhook
 * payloads. Each function returns the named type of its body (wire-types.ts, event-types.ts);
 * routes, the socket session and the outbox send what these make. A serializer reads the model,
 * never changes it. The serializers live by area (*-wire.ts); this module is the one the rest of
 * the code imports.
 */
import type { VerisimError } from '../errors.ts'
import type { ErrorBody } from './wire-types.ts'

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
export { clockChangeBody, clockStatus } from './clock-wire.ts'
export { consistencyState, entityData, entityState, personaSummary } from './consistency-wire.ts'
export { nextTransition, personaLifecycleBody, presetDetails, presetSummary } from './lifecycle-wire.ts'
export {
  loginBody, orderBody, orderListBody, productBody, productListBody, subscriptionBody, supportBody, userBody,
} from './shop-wire.ts'
export { errorFrame, initAckFrame, pongFrame, socketFrame } from './socket-wire.ts'
export { deliveryBody, deliveryHeaders, deliveryListBody, endpointBody, endpointListBody, webhookPayload } from './webhook-wire.ts'

export function errorBody(error: VerisimError): ErrorBody {
  return { error: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) }
}
