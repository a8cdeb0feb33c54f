export { startVerisim, type CompiledScenarioSource, type PrecompiledScenario, type StartOptions, type Starting, type Verisim } from './browser/start.ts'
export type { MockHandler } from './browser/mock-handler.ts'
export { delay, http, HttpResponse, type Http, type HttpMethodHandler, type HttpPath, type HttpResolver, type HttpResponseClass, type ResolverInfo } from './browser/msw-api.ts'
export type { FulfillOptions, Route, RouteHandler, RouteRequest } from './browser/overrides.ts'
export type { RoutePattern } from './browser/route-pattern.ts'
export { verisimContext, type ContextSnapshot, type RequestContext } from './browser/request-context.ts'
export { INSPECTOR_CHANNEL } from './browser/inspector-channel.ts'
// The engine's class and the scenario compiler are `verisim/engine`: the page's entry stays small.
export type { Engine, EngineOptions } from './core/engine/engine.ts'
export type { EngineEvents, EngineWarning, RequestLog, StorageMode } from './core/engine/events.ts'
export type { Scheduler } from './core/time/scheduler.ts'
export type { Scenario, ScenarioSource } from './core/scenario/scenario.ts'
export { VerisimError } from './core/errors.ts'
export type { Fact } from './core/model/fact.ts'
export type {
  ActivePersonaBody, ClockChangeBody, ClockStatus, ConsistencyOrderBody, ConsistencyStateBody, ConsistencyUserBody, DeliveryBody,
  DeliveryListBody, DeliveryRetryBody, EndpointBody, EndpointListBody, EndpointRemovedBody, EntityData, EntityListBody, EntityState,
  EntityStatusPayload, EntityStatusUpdateFrame, EntityUpsertBody, ResourceChangePayload, ErrorBody, ErrorFrame, FactFrame, InitAckFrame, InspectorMessage, LifecyclesUpdatedBody, LoginBody, LogoutBody,
  MeBody, NextTransition, OrderBody, OrderCreatedFrame, OrderCreatedPayload, OrderListBody, OrderShippedPayload, OrderStatusPayload,
  OrderStatusUpdateFrame, PaymentReceivedFrame, PaymentReceivedPayload, PersonaActivatedBody, PersonaLifecycleBody,
  PersonaLifecycleSetBody, PersonaSummary, PongFrame, PresetAppliedBody, PresetDetails, PresetListBody, PresetSummary, ProductBody,
  ProductListBody, ReceivedWebhook, ReceivedWebhookListBody, RelatedEntitiesBody, SeedOrdersBody, SnapshotBody, SnapshotDocument, SnapshotRestoredBody,
  SocketFrame, SpecBody, StateResetBody, StateRestoredFrame,
  SubscriptionBody, SubscriptionStatusPayload, SubscriptionStatusUpdateFrame, SupportBody, UserBody, UserOrderListBody,
  WebhookPayload, WebhookPayloadOf, WebhookReceiptBody, WireBody,
} from './core/wire/wire.ts'
export { installPanel, type InstallOptions } from './panel/launcher.ts'
