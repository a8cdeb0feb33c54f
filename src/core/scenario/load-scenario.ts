import { VerisimError } from '../errors.ts'
import { compilePresets, settledState } from './compile-presets.ts'
import { compileReality } from './reality-config.ts'
import { parseDuration } from './duration.ts'
import { loadContract, staticPrefix } from './load-contract.ts'
import { checkSharedState, collectUnknown, HONOURED, PERSONA_KEYS, PRODUCT_KEYS } from './known-keys.ts'
import {
  fail, list, nonNegative, optionalBoolean, optionalInt, optionalNumber, optionalPort, optionalRecord, optionalString, record, string, unique,
} from './read-config.ts'
import type { LifecyclePreset, LinkRule, Persona, Product, Scenario, ScenarioSource, WebhookEndpoint, WebhookPolicy } from './scenario.ts'

/** Path prefixes served on the page's own origin whatever the scenario (a backend origin is served whole). */
export const PAGE_PATHS: readonly string[] = ['/api/', '/__mockforge/', '/__verisim/']

/** The relationships of the seed's shop (graph-links.ts names them). */
const BUILT_IN_LINKS: LinkRule[] = [
  { type: 'order', field: 'user_id', from: 'user', rel: 'has_orders' },
  { type: 'payment', field: 'order_id', from: 'order', rel: 'has_payments' },
]

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
  // Where the unknown-key walk said it was not supported: warnings keep the config's order.
  const reality = compileReality(config.reality_continuum, config.seed, warnings)

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

  const { presets, entityLifecycles } = compilePresets(config.lifecycle, warnings)

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
  const httpOn = optionalBoolean(http?.enabled, 'server.http.enabled') !== false
  const spec = source.openapi ? loadContract(source.openapi, source.validators, config, warnings) : null
  const origins = httpOn ? [`http://localhost:${httpPort}`, `http://127.0.0.1:${httpPort}`, ...(spec?.contract.source.origins ?? [])] : []

  return {
    name: source.name,
    httpOrigins: [...new Set(origins)],
    pagePaths: [...new Set([...PAGE_PATHS, ...(spec?.contract.operations.map((op) => staticPrefix(op.path)) ?? [])])],
    socketUrls: wsEnabled
      ? ['localhost', '127.0.0.1'].flatMap((host) => socketPaths.map((path) => `ws://${host}:${wsPort}${path}`))
      : [],
    jwtSecret: optionalString(auth?.jwt_secret, 'auth.jwt_secret') ?? `verisim:${source.name}`,
    personas: compilePersonas(source, config, presets, entityLifecycles.user),
    products: compileProducts(source),
    presets,
    entityLifecycles,
    links: [...BUILT_IN_LINKS, ...(spec?.links ?? [])],
    contract: spec?.contract ?? null,
    webhookEndpoints: endpoints,
    webhookPolicy: compileWebhookPolicy(webhooks),
    timeTravel: timeTravelOn,
    reality,
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
