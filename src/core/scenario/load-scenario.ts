import { parseCondition, type Condition } from './condition.ts'
import { DAY_MS, parseDuration } from './duration.ts'
import { VerisimError } from '../errors.ts'

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
  /** Exact WebSocket URLs the mock serves, e.g. `ws://localhost:3001/` and `ws://localhost:3001/ws`. */
  socketUrls: string[]
  jwtSecret: string
  personas: Persona[]
  products: Product[]
  presets: LifecyclePreset[]
  /** Which preset drives which entity type. */
  entityLifecycles: Record<string, string>
  webhookEndpoints: WebhookEndpoint[]
  webhookPolicy: WebhookPolicy
  /** Whether the time-travel API may change clocks (`time_travel.enabled`, `allow_time_manipulation`). */
  timeTravel: boolean
  /** Keys present in the config that this version does not act on. Never silently dropped. */
  warnings: string[]
}

export interface ScenarioSource {
  name: string
  config: unknown
  personas?: unknown
  products?: unknown
}

/** Defaults a preset's conditions fall back to, by preset type (SPEC §4). */
const PRESET_DEFAULTS: Record<string, Record<string, unknown>> = {
  order_fulfillment: { inventory_available: true },
  subscription: { payment_failed_count: 0 },
}

/** The entity a preset type drives: a subscription runs on the persona (its `user` entity). */
const ENTITY_OF_PRESET_TYPE: Record<string, string> = { order_fulfillment: 'order', subscription: 'user' }

/** Keys of MockForge's config that Verisim acts on; anything else is reported as a warning. `[]` is any list item. */
const HONOURED = new Set([
  'server', 'server.http', 'server.http.port', 'server.http.enabled', 'server.websocket', 'server.websocket.port',
  'server.websocket.enabled', 'lifecycle', 'lifecycle.presets', 'websocket', 'websocket.enabled', 'websocket.port',
  'websocket.path', 'websocket.use_shared_state', 'webhooks', 'webhooks.enabled', 'webhooks.use_shared_state',
  'webhooks.endpoints', 'webhooks.retry', 'webhooks.retry.max_attempts', 'webhooks.retry.initial_delay', 'webhooks.retry.max_delay',
  'webhooks.concurrency', 'time_travel', 'time_travel.enabled', 'time_travel.allow_time_manipulation', 'auth',
  'auth.jwt_secret', 'reality', 'reality.share_state_across', 'reality.state_model', 'consistency',
  'consistency.persona_graphs', 'consistency.persona_graphs.enabled', 'consistency.personas',
  'consistency.personas.default_persona', 'consistency.personas.default_persona.id',
  'consistency.personas.default_persona.name', 'consistency.personas.default_persona.traits',
  'consistency.personas.default_persona.domain', 'consistency.personas.default_persona.lifecycle',
  'consistency.personas.default_persona.lifecycle.preset', 'consistency.personas.default_persona.lifecycle.initial_state',
  ...['name', 'type', 'defaults', 'states', 'states[].name', 'states[].transitions']
    .concat(['to', 'after', 'after_days', 'condition'].map((key) => `states[].transitions[].${key}`))
    .map((key) => `lifecycle.presets[].${key}`),
  ...['name', 'url', 'events', 'secret'].map((key) => `webhooks.endpoints[].${key}`),
])

/** Keys of `personas.yaml` and `products.yaml`. */
const PERSONA_KEYS = new Set([
  'personas',
  ...['id', 'email', 'password', 'name', 'subscription_tier', 'preferences', 'preferences.categories', 'preferences.max_price',
    'preferences.in_stock_only', 'traits', 'domain', 'lifecycle', 'lifecycle.preset', 'lifecycle.initial_state'].map((key) => `personas[].${key}`),
])
const PRODUCT_KEYS = new Set(['products', ...['id', 'name', 'category', 'price', 'stock', 'description'].map((key) => `products[].${key}`)])

/** Honoured mappings whose keys are free-form data, not config. */
const FREE_FORM = new Set(['consistency.personas.default_persona.traits', 'lifecycle.presets[].defaults', 'personas[].traits'])


export function loadScenario(source: ScenarioSource): Scenario {
  const where = `Failed to load scenario '${source.name}'`
  try {
    return compile(source)
  } catch (error) {
    if (error instanceof VerisimError) throw new VerisimError('invalid_config', `${where}: ${error.message}`, 400)
    throw error
  }
}

function compile(source: ScenarioSource): Scenario {
  const config = record(source.config ?? {}, 'config')
  const warnings: string[] = []
  collectUnknown(config, '', '', HONOURED, warnings)
  collectUnknown(source.personas, '', '', PERSONA_KEYS, warnings)
  collectUnknown(source.products, '', '', PRODUCT_KEYS, warnings)

  const server = optionalRecord(config.server, 'server')
  const http = optionalRecord(server?.http, 'server.http')
  const httpPort = optionalPort(http?.port, 'server.http.port') ?? 3000
  const websocket = optionalRecord(config.websocket, 'websocket')
  const serverSocket = optionalRecord(server?.websocket, 'server.websocket')
  // Both are checked before one is picked: a bad value is an error even where the other wins.
  const wsPorts = [optionalPort(websocket?.port, 'websocket.port'), optionalPort(serverSocket?.port, 'server.websocket.port')]
  const wsPort = wsPorts[0] ?? wsPorts[1] ?? 3001
  const wsEnabled = optionalBoolean(websocket?.enabled, 'websocket.enabled') !== false && optionalBoolean(serverSocket?.enabled, 'server.websocket.enabled') !== false
  const extraPath = optionalString(websocket?.path, 'websocket.path')
  if (extraPath !== undefined && !extraPath.startsWith('/')) fail('websocket.path', 'a path starting with "/"', extraPath)
  const socketPaths = [...new Set(['/', '/ws', ...(extraPath ? [extraPath] : [])])]

  const presets = list(optionalRecord(config.lifecycle, 'lifecycle')?.presets ?? [], 'lifecycle.presets').map((raw, i) =>
    compilePreset(raw, `lifecycle.presets[${i}]`),
  )
  unique(presets, (p) => p.name, (i) => `lifecycle.presets[${i}].name`)
  const entityLifecycles: Record<string, string> = {}
  presets.forEach((preset, i) => {
    const entity = ENTITY_OF_PRESET_TYPE[preset.type]
    if (!entity) {
      warnings.push(`lifecycle.presets[${i}].type: '${preset.type}' drives no entity in Verisim yet (${Object.keys(ENTITY_OF_PRESET_TYPE).join(', ')} do); the preset is listed, nothing runs on it`)
    } else if (entityLifecycles[entity]) {
      warnings.push(`lifecycle.presets[${i}]: a second '${preset.type}' preset; '${entityLifecycles[entity]}' already drives ${entity} entities, so this one only runs where applied`)
    } else {
      entityLifecycles[entity] = preset.name
    }
  })

  const webhooks = optionalRecord(config.webhooks, 'webhooks')
  // Checked even when webhooks are off: turning them on must not reveal an error.
  const configured = list(webhooks?.endpoints ?? [], 'webhooks.endpoints').map(compileEndpoint)
  unique(configured, (e) => e.name, (i) => `webhooks.endpoints[${i}].name`)
  const endpoints = optionalBoolean(webhooks?.enabled, 'webhooks.enabled') === false ? [] : configured
  const auth = optionalRecord(config.auth, 'auth')
  const timeTravel = optionalRecord(config.time_travel, 'time_travel')
  const timeTravelOn =
    optionalBoolean(timeTravel?.enabled, 'time_travel.enabled') !== false &&
    optionalBoolean(timeTravel?.allow_time_manipulation, 'time_travel.allow_time_manipulation') !== false
  checkSharedState(config, warnings)

  return {
    name: source.name,
    httpOrigins: optionalBoolean(http?.enabled, 'server.http.enabled') === false ? [] : [`http://localhost:${httpPort}`, `http://127.0.0.1:${httpPort}`],
    socketUrls: wsEnabled
      ? ['localhost', '127.0.0.1'].flatMap((host) => socketPaths.map((path) => `ws://${host}:${wsPort}${path}`))
      : [],
    jwtSecret: optionalString(auth?.jwt_secret, 'auth.jwt_secret') ?? `verisim:${source.name}`,
    personas: compilePersonas(source, config, presets, entityLifecycles.user),
    products: compileProducts(source),
    presets,
    entityLifecycles,
    webhookEndpoints: endpoints,
    webhookPolicy: compileWebhookPolicy(webhooks),
    timeTravel: timeTravelOn,
    warnings,
  }
}

function compileWebhookPolicy(webhooks: Record<string, unknown> | undefined): WebhookPolicy {
  const retry = optionalRecord(webhooks?.retry, 'webhooks.retry')
  const duration = (key: string, fallback: number) => {
    const value = retry?.[key]
    if (value === undefined) return fallback
    try {
      return parseDuration(value, `webhooks.retry.${key}`)
    } catch {
      fail(`webhooks.retry.${key}`, 'a duration such as "5s" or "1m"', value)
    }
  }
  const maxAttempts = optionalInt(retry?.max_attempts, 'webhooks.retry.max_attempts') ?? 3
  if (maxAttempts < 1) fail('webhooks.retry.max_attempts', 'at least 1', maxAttempts)
  const initialDelayMs = duration('initial_delay', 5_000)
  const maxDelayMs = duration('max_delay', 60_000)
  if (maxDelayMs < initialDelayMs) fail('webhooks.retry.max_delay', `at least initial_delay (${initialDelayMs} ms)`, retry?.max_delay)
  const concurrency = optionalInt(webhooks?.concurrency, 'webhooks.concurrency') ?? 4
  if (concurrency < 1) fail('webhooks.concurrency', 'at least 1', concurrency)
  return { maxAttempts, initialDelayMs, maxDelayMs, concurrency }
}

const CHANNELS = ['http', 'websocket', 'webhooks']

/**
 * MockForge's switches for sharing one state across channels: Verisim always does, so they are
 * checked, and a value asking for less is a warning rather than silently ignored.
 */
function checkSharedState(config: Record<string, unknown>, warnings: string[]): void {
  const always = 'Verisim always shares one state across HTTP, WebSocket and webhooks; ignored'
  for (const path of ['websocket.use_shared_state', 'webhooks.use_shared_state', 'consistency.persona_graphs.enabled']) {
    const [section, sub, key] = path.split('.') as [string, string, string?]
    const parent = optionalRecord(config[section], section)
    const holder = key ? optionalRecord(parent?.[sub], `${section}.${sub}`) : parent
    if (optionalBoolean(holder?.[key ?? sub], path) === false) warnings.push(`${path}: false is not supported: ${always}`)
  }
  const reality = optionalRecord(config.reality, 'reality')
  optionalString(reality?.state_model, 'reality.state_model')
  if (reality?.share_state_across !== undefined) {
    const shared = list(reality.share_state_across, 'reality.share_state_across').map((c, i) => {
      const channel = string(c, `reality.share_state_across[${i}]`)
      if (!CHANNELS.includes(channel)) fail(`reality.share_state_across[${i}]`, `one of ${CHANNELS.join(', ')}`, channel)
      return channel
    })
    const missing = CHANNELS.filter((c) => !shared.includes(c))
    if (missing.length > 0) warnings.push(`reality.share_state_across: leaving out ${missing.join(', ')} is not supported: ${always}`)
  }
}

function compilePreset(raw: unknown, path: string): LifecyclePreset {
  const preset = record(raw, path)
  const name = string(preset.name, `${path}.name`)
  const type = optionalString(preset.type, `${path}.type`) ?? name
  const states = list(preset.states, `${path}.states`).map((rawState, i) => {
    const statePath = `${path}.states[${i}]`
    const state = record(rawState, statePath)
    const transitions = list(state.transitions ?? [], `${statePath}.transitions`).map((rawT, j) => {
      const tPath = `${statePath}.transitions[${j}]`
      const t = record(rawT, tPath)
      return {
        to: string(t.to, `${tPath}.to`),
        afterMs: transitionDelay(t, tPath),
        condition: t.condition === undefined ? null : parseCondition(string(t.condition, `${tPath}.condition`), `${tPath}.condition`),
      }
    })
    return { name: string(state.name, `${statePath}.name`), transitions }
  })
  unique(states, (state) => state.name, (i) => `${path}.states[${i}].name`)
  // A state named only as a transition target is terminal (MockForge's presets list no
  // `completed` or `canceled` state of their own).
  const names = new Set(states.map((s) => s.name))
  for (const t of states.flatMap((s) => s.transitions)) {
    if (!names.has(t.to)) {
      names.add(t.to)
      states.push({ name: t.to, transitions: [] })
    }
  }
  const initial = states[0]?.name
  if (!initial) throw new VerisimError('invalid_config', `${path}.states: a preset needs at least one state`)
  return { name, type, initial, states, defaults: { ...PRESET_DEFAULTS[type], ...optionalRecord(preset.defaults, `${path}.defaults`) } }
}

function transitionDelay(t: Record<string, unknown>, path: string): number {
  if (t.after !== undefined && t.after_days !== undefined) {
    throw new VerisimError('invalid_config', `${path}: give either after (a duration such as "12h") or after_days, not both`)
  }
  if (t.after !== undefined) {
    try {
      return parseDuration(t.after, `${path}.after`)
    } catch {
      fail(`${path}.after`, 'a duration such as "12h", "1d" or "2 weeks" (a whole number and a unit)', t.after)
    }
  }
  const days = t.after_days
  if (typeof days !== 'number' || !Number.isFinite(days) || days < 0) {
    throw new VerisimError('invalid_config', `${path}.after_days: expected a non-negative number, got ${JSON.stringify(days) ?? 'nothing'}`)
  }
  return Math.round(days * DAY_MS)
}

function compileEndpoint(raw: unknown, i: number): WebhookEndpoint {
  const path = `webhooks.endpoints[${i}]`
  const endpoint = record(raw, path)
  const url = string(endpoint.url, `${path}.url`)
  if (!/^https?:\/\//.test(url)) throw new VerisimError('invalid_config', `${path}.url: expected an http(s) URL, got ${JSON.stringify(url)}`)
  return {
    name: optionalString(endpoint.name, `${path}.name`) ?? `endpoint-${i + 1}`,
    url,
    events: list(endpoint.events ?? ['*'], `${path}.events`).map((e, j) => string(e, `${path}.events[${j}]`)),
    secret: optionalString(endpoint.secret, `${path}.secret`) ?? null,
  }
}

/**
 * A persona's lifecycle: as configured (`lifecycle: {preset, initial_state?}`), else the
 * scenario's subscription preset, else none. A persona's subscription is already running when
 * the mock meets it: without an `initial_state` it starts where the preset stands after its
 * unconditional zero-delay steps (`new` → `active`).
 */
function personaLifecycle(raw: unknown, path: string, presets: readonly LifecyclePreset[], fallback: string | undefined): Persona['lifecycle'] {
  const given = optionalRecord(raw, path)
  const name = given ? string(given.preset, `${path}.preset`) : fallback
  if (name === undefined) return null
  const preset = presets.find((p) => p.name === name)
  if (!preset) fail(`${path}.preset`, `one of the lifecycle presets (${presets.map((p) => p.name).join(', ') || 'none configured'})`, name)
  const initial = optionalString(given?.initial_state, `${path}.initial_state`) ?? settledState(preset)
  if (!preset.states.some((state) => state.name === initial)) {
    fail(`${path}.initial_state`, `a state of preset '${preset.name}' (${preset.states.map((state) => state.name).join(', ')})`, initial)
  }
  return { preset: preset.name, initial_state: initial }
}

function settledState(preset: LifecyclePreset): string {
  let state = preset.initial
  for (const seen = new Set<string>(); !seen.has(state); ) {
    seen.add(state)
    const next = preset.states.find((s) => s.name === state)?.transitions.find((t) => t.afterMs === 0 && t.condition === null)
    if (!next) break
    state = next.to
  }
  return state
}

function compilePersonas(source: ScenarioSource, config: Record<string, unknown>, presets: readonly LifecyclePreset[], subscription: string | undefined): Persona[] {
  const personas = list(record(source.personas ?? { personas: [] }, 'personas').personas ?? [], 'personas').map((raw, i) => {
    const path = `personas[${i}]`
    const p = record(raw, path)
    const prefs = optionalRecord(p.preferences, `${path}.preferences`)
    return {
      id: string(p.id, `${path}.id`),
      email: string(p.email, `${path}.email`),
      password: optionalString(p.password, `${path}.password`) ?? null,
      name: string(p.name, `${path}.name`),
      subscription_tier: optionalString(p.subscription_tier, `${path}.subscription_tier`) ?? 'free',
      preferences: {
        categories: list(prefs?.categories ?? [], `${path}.preferences.categories`).map((c, j) => string(c, `${path}.preferences.categories[${j}]`)),
        max_price: nonNegative(optionalNumber(prefs?.max_price, `${path}.preferences.max_price`), `${path}.preferences.max_price`) ?? null,
        in_stock_only: optionalBoolean(prefs?.in_stock_only, `${path}.preferences.in_stock_only`) ?? false,
      },
      traits: optionalRecord(p.traits, `${path}.traits`) ?? {},
      domain: optionalString(p.domain, `${path}.domain`) ?? 'ecommerce',
      lifecycle: personaLifecycle(p.lifecycle, `${path}.lifecycle`, presets, subscription),
    }
  })
  unique(personas, (p) => p.id, (i) => `personas[${i}].id`)
  unique(personas, (p) => p.email.toLowerCase(), (i) => `personas[${i}].email`)
  // MockForge's default persona joins the cast (it has no password, so it cannot log in).
  const consistency = optionalRecord(config.consistency, 'consistency')
  const fallback = optionalRecord(optionalRecord(consistency?.personas, 'consistency.personas')?.default_persona, 'consistency.personas.default_persona')
  if (fallback) {
    const path = 'consistency.personas.default_persona'
    const traits = optionalRecord(fallback.traits, `${path}.traits`) ?? {}
    const id = string(fallback.id, `${path}.id`).replace(/^user:/, '')
    if (!personas.some((p) => p.id === id)) {
      personas.push({
        id,
        email: optionalString(traits.email, `${path}.traits.email`) ?? `${id}@example.com`,
        password: null,
        name: optionalString(fallback.name, `${path}.name`) ?? id,
        subscription_tier: optionalString(traits.subscription_tier, `${path}.traits.subscription_tier`) ?? 'free',
        preferences: { categories: [], max_price: null, in_stock_only: false },
        traits,
        domain: optionalString(fallback.domain, `${path}.domain`) ?? 'ecommerce',
        lifecycle: personaLifecycle(fallback.lifecycle, `${path}.lifecycle`, presets, subscription),
      })
    }
  }
  return personas
}

function compileProducts(source: ScenarioSource): Product[] {
  const products = list(record(source.products ?? { products: [] }, 'products').products ?? [], 'products').map(compileProduct)
  unique(products, (p) => p.id, (i) => `products[${i}].id`)
  return products
}

function compileProduct(raw: unknown, i: number): Product {
  const path = `products[${i}]`
  const p = record(raw, path)
  const price = optionalNumber(p.price, `${path}.price`)
  if (price === undefined || price < 0) fail(`${path}.price`, 'a non-negative number', p.price)
  return {
    id: string(p.id, `${path}.id`),
    name: string(p.name, `${path}.name`),
    category: string(p.category, `${path}.category`),
    price,
    stock: optionalInt(p.stock, `${path}.stock`) ?? 100,
    description: optionalString(p.description, `${path}.description`) ?? '',
  }
}

/**
 * Warns about every key of `value` that is not in `known`, however deep, list items included.
 * `path` is where a key is (`lifecycle.presets[1].name`), `shape` how `known` spells it
 * (`lifecycle.presets[].name`). Values of the wrong type are left to the compile step.
 */
function collectUnknown(value: unknown, path: string, shape: string, known: ReadonlySet<string>, warnings: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectUnknown(item, `${path}[${i}]`, `${shape}[]`, known, warnings))
    return
  }
  if (!value || typeof value !== 'object') return
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key
    const childShape = shape ? `${shape}.${key}` : key
    if (!known.has(childShape)) {
      const knownBelow = [...known].some((k) => k.startsWith(`${childShape}.`) || k.startsWith(`${childShape}[]`))
      if (!knownBelow) {
        warnings.push(`${childPath}: not supported by Verisim yet; ignored`)
        continue
      }
    }
    if (!FREE_FORM.has(childShape)) collectUnknown(child, childPath, childShape, known, warnings)
  }
}

/** Refuses a second item with the same key: `personas[2].id: "user-123" is already personas[0].id`. */
function unique<T>(items: readonly T[], key: (item: T) => string, path: (i: number) => string): void {
  const seen = new Map<string, number>()
  items.forEach((item, i) => {
    const value = key(item)
    const first = seen.get(value)
    if (first !== undefined) throw new VerisimError('invalid_config', `${path(i)}: ${JSON.stringify(value)} is already ${path(first)}; each must be unique`)
    seen.set(value, i)
  })
}

function fail(path: string, expected: string, got: unknown): never {
  throw new VerisimError('invalid_config', `${path}: expected ${expected}, got ${JSON.stringify(got) ?? 'nothing'}`)
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail(path, 'a mapping', value)
  return value as Record<string, unknown>
}

function optionalRecord(value: unknown, path: string): Record<string, unknown> | undefined {
  return value === undefined || value === null ? undefined : record(value, path)
}

function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'a list', value)
  return value
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') fail(path, 'a non-empty string', value)
  return value
}

function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : string(value, path)
}

function optionalNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a number', value)
  return value
}

function nonNegative(value: number | undefined, path: string): number | undefined {
  if (value !== undefined && value < 0) fail(path, 'a non-negative number', value)
  return value
}

function optionalInt(value: unknown, path: string): number | undefined {
  const n = optionalNumber(value, path)
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) fail(path, 'a non-negative integer', value)
  return n
}

function optionalPort(value: unknown, path: string): number | undefined {
  const n = optionalInt(value, path)
  if (n !== undefined && (n < 1 || n > 65_535)) fail(path, 'a port from 1 to 65535', value)
  return n
}

function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') fail(path, 'true or false', value)
  return value
}
