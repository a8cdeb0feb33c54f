export { startVerisim, type StartOptions, type Verisim } from './browser/start.ts'
export { INSPECTOR_CHANNEL } from './browser/webhook-transports.ts'
export { Engine, type EngineOptions } from './core/engine/engine.ts'
export type { EngineEvents, EngineWarning, RequestLog } from './core/engine/events.ts'
export type { Scheduler } from './core/time/scheduler.ts'
export { loadScenario } from './core/scenario/load-scenario.ts'
export type { Scenario, ScenarioSource } from './core/scenario/scenario.ts'
export { VerisimError } from './core/errors.ts'
export type { Fact } from './core/model/fact.ts'
export type {
  ClockChangeBody, ClockStatus, ConsistencyStateBody, DeliveryBody, DeliveryListBody, EndpointBody, EndpointListBody, EntityData,
  EntityState, ErrorBody, ErrorFrame, FactFrame, InitAckFrame, InspectorMessage, LoginBody, NextTransition, OrderBody, OrderCreatedFrame,
  OrderCreatedPayload, OrderListBody, OrderShippedPayload, OrderStatusPayload, OrderStatusUpdateFrame, PaymentReceivedFrame,
  PaymentReceivedPayload, PersonaLifecycleBody, PersonaSummary, PongFrame, PresetDetails, PresetSummary, ProductBody,
  ProductListBody, SocketFrame, SubscriptionBody, SubscriptionStatusPayload, SubscriptionStatusUpdateFrame, SupportBody, UserBody,
  WebhookPayload, WebhookPayloadOf,
} from './core/wire/wire.ts'
export { installPanel, type InstallOptions } from './panel/launcher.ts'
