/** What a scenario is once compiled from its config: the types every wing reads (no logic). */
import type { Condition } from './condition.ts'
import type { Contract } from './contract.ts'
import type { ContractSource, Validators } from './contract-source.ts'
import type { RealityConfig } from './reality-config.ts'

export interface Persona {
  id: string
  email: string
  password: string | null
  name: string
  subscription_tier: string
  preferences: { categories: string[]; max_price: number | null; in_stock_only: boolean }
  traits: Record<string, unknown>
  /** MockForge's persona domain, e.g. `ecommerce`. */
  domain: string
  /** The persona's own lifecycle (its subscription): a preset and the state it starts in. */
  lifecycle: { preset: string; initial_state: string } | null
}

export interface Product {
  id: string
  name: string
  category: string
  price: number
  stock: number
  description: string
}

export interface TransitionSpec {
  to: string
  afterMs: number
  condition: Condition | null
}

export interface LifecyclePreset {
  name: string
  type: string
  initial: string
  states: Array<{ name: string; transitions: TransitionSpec[] }>
  /** Values a condition reads when the entity lacks the field. */
  defaults: Record<string, unknown>
  /** The entity type the preset drives (`entity:`), when the config names one. */
  entity: string | null
  /** The field of the entity that shows its state (`status_field:`, default `status`). */
  statusField: string
}

/**
 * A relationship of the persona graph that follows from an entity's own field: an entity of
 * `type` whose `field` names an entity of type `from` makes `from:<field value> —rel→ type:<id>`
 * (an order's `user_id` makes `user —has_orders→ order`).
 */
export interface LinkRule {
  type: string
  field: string
  from: string
  rel: string
}

export interface WebhookEndpoint {
  name: string
  url: string
  events: string[]
  secret: string | null
}

/** How deliveries to receivers the mock does not serve are retried (SPEC §6). */
export interface WebhookPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number
  /** Wait before the second attempt; it doubles each time, up to maxDelayMs. */
  initialDelayMs: number
  maxDelayMs: number
  /** Deliveries in flight at once (one subject's always go one after another). */
  concurrency: number
}

export interface Scenario {
  name: string
  /** Origins whose requests the mock answers besides the page's own, e.g. `http://localhost:3000`. */
  httpOrigins: string[]
  /** Path prefixes the mock answers on the page's own origin: `/api/`, `/__mockforge/` and the spec's paths. */
  pagePaths: string[]
  /** Exact WebSocket URLs the mock serves, e.g. `ws://localhost:3001/` and `ws://localhost:3001/ws`. */
  socketUrls: string[]
  jwtSecret: string
  personas: Persona[]
  products: Product[]
  presets: LifecyclePreset[]
  /** Which preset drives which entity type. */
  entityLifecycles: Record<string, string>
  /** Relationships that entities' fields imply: the built-in ones and the spec's `<type>_id` fields. */
  links: LinkRule[]
  /** The scenario's OpenAPI spec, compiled; null without one. */
  contract: Contract | null
  webhookEndpoints: WebhookEndpoint[]
  webhookPolicy: WebhookPolicy
  /** Whether the time-travel API may change clocks (`time_travel.enabled`, `allow_time_manipulation`). */
  timeTravel: boolean
  /** The reality continuum (`reality_continuum`): null when it is absent or off. */
  reality: RealityConfig | null
  /** Keys present in the config that this version does not act on. Never silently dropped. */
  warnings: string[]
}

export interface ScenarioSource {
  name: string
  config: unknown
  personas?: unknown
  products?: unknown
  /** The scenario's `openapi.yaml`, compiled in Node (see contract-source.ts). */
  openapi?: ContractSource
  /** The spec's compiled validators (functions: not part of the JSON). */
  validators?: Validators
}
