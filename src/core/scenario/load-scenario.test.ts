import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { compiledScenarioSource } from '../../testing/compiled-scenario.ts'
import { DAY_MS } from './duration.ts'
import { loadScenario } from './load-scenario.ts'
import type { LifecyclePreset } from './scenario.ts'
import { DEMO_FOLDER } from '../../testing/test-engine.ts'

const REFERENCE = fileURLToPath(new URL('../../../../shared/reference/mockforge-e2e-persona-flow/config.yaml', import.meta.url))
const DEMO_CONFIG = `${DEMO_FOLDER}/config.yaml`
const BILLING_FOLDER = fileURLToPath(new URL('../../../scenarios/subscription-billing', import.meta.url))

// The folders as the page gets them (their OpenAPI documents compiled, with validators); each call a fresh copy to change.
const COMPILED = new Map([
  [DEMO_FOLDER, await compiledScenarioSource(DEMO_FOLDER)],
  [BILLING_FOLDER, await compiledScenarioSource(BILLING_FOLDER)],
])
function readScenarioFolder(folder: string) {
  const source = COMPILED.get(folder)!
  return { ...source, config: structuredClone(source.config), personas: structuredClone(source.personas), products: structuredClone(source.products) }
}

/** A preset, one line per state: `active → past_due 30d if payment_failed_count > 0`. */
const steps = (preset: LifecyclePreset | undefined) =>
  preset?.states.map((s) => [s.name, ...s.transitions.map((t) => `→ ${t.to} ${t.afterMs / DAY_MS}d${t.condition ? ` if ${t.condition.source}` : ''}`)].join(' '))

describe('the demo scenario', () => {
  it.skipIf(!existsSync(REFERENCE))("carries MockForge's reference config.yaml unchanged", () => {
    expect(readFileSync(DEMO_CONFIG, 'utf8')).toBe(readFileSync(REFERENCE, 'utf8'))
  })

  it('loads its ports, presets, webhook endpoint and personas from config', () => {
    const scenario = loadScenario(readScenarioFolder(DEMO_FOLDER))
    expect(scenario.httpOrigins).toContain('http://localhost:3000')
    expect(scenario.socketUrls).toEqual(expect.arrayContaining(['ws://localhost:3001/', 'ws://localhost:3001/ws']))
    expect(scenario.entityLifecycles).toEqual({ user: 'subscription', order: 'order_fulfillment' })
    expect(scenario.webhookEndpoints).toEqual([
      { name: 'order_status_update', url: 'http://localhost:3000/api/webhooks/order-status', events: ['order.created', 'order.shipped', 'order.delivered'], secret: null },
    ])
    expect(scenario.personas.map((p) => p.id)).toEqual(['user-123', 'user-456', 'demo-user-001'])
    const orders = scenario.presets.find((p) => p.name === 'order_fulfillment')
    expect(orders?.states.map((s) => [s.name, s.transitions.map((t) => t.afterMs / DAY_MS)])).toEqual([
      ['pending', [0]], ['processing', [1]], ['shipped', [3]], ['delivered', [7]], ['completed', []],
    ])
  })

  it('lists what it does not act on as warnings instead of dropping it silently', () => {
    const scenario = loadScenario(readScenarioFolder(DEMO_FOLDER))
    expect(scenario.warnings).toEqual(['reality_continuum: no upstream is set, so every answer stays mocked (set reality_continuum.upstream, or open the page with ?verisim-upstream=<origin>)'])
  })
})

describe("MockForge's reference config.yaml on its own", () => {
  const load = () => loadScenario({ name: 'mockforge-e2e-persona-flow', config: parse(readFileSync(REFERENCE, 'utf8')) })

  it.skipIf(!existsSync(REFERENCE))('serves its ports on localhost and 127.0.0.1, sockets on / and /ws', () => {
    const scenario = load()
    expect(scenario.httpOrigins).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000'])
    expect(scenario.socketUrls).toEqual(['ws://localhost:3001/', 'ws://localhost:3001/ws', 'ws://127.0.0.1:3001/', 'ws://127.0.0.1:3001/ws'])
    expect(scenario.jwtSecret).toBe('verisim:mockforge-e2e-persona-flow')
  })

  it.skipIf(!existsSync(REFERENCE))('compiles both presets with their states, delays, conditions and defaults', () => {
    const scenario = load()
    const [subscription, orders] = scenario.presets
    expect(scenario.presets.map((p) => [p.name, p.type, p.initial])).toEqual([
      ['subscription', 'subscription', 'new'],
      ['order_fulfillment', 'order_fulfillment', 'pending'],
    ])
    expect(steps(subscription)).toEqual([
      'new → active 0d',
      'active → past_due 30d if payment_failed_count > 0 → canceled 60d if payment_failed_count > 2',
      'past_due',
      'canceled',
    ])
    expect(subscription?.states[1]?.transitions[0]?.condition).toEqual({ field: 'payment_failed_count', op: '>', value: 0, source: 'payment_failed_count > 0' })
    expect(subscription?.defaults).toEqual({ payment_failed_count: 0 })
    expect(steps(orders)).toEqual([
      'pending → processing 0d',
      'processing → shipped 1d if inventory_available == true',
      'shipped → delivered 3d',
      'delivered → completed 7d',
      'completed',
    ])
    expect(orders?.states[1]?.transitions[0]?.condition?.value).toBe(true)
    expect(orders?.defaults).toEqual({ inventory_available: true })
    expect(scenario.entityLifecycles).toEqual({ user: 'subscription', order: 'order_fulfillment' })
  })

  it.skipIf(!existsSync(REFERENCE))('has its webhook endpoint, its default persona as the only one, and one warning', () => {
    const scenario = load()
    expect(scenario.webhookEndpoints).toEqual([
      { name: 'order_status_update', url: 'http://localhost:3000/api/webhooks/order-status', events: ['order.created', 'order.shipped', 'order.delivered'], secret: null },
    ])
    expect(scenario.personas).toEqual([
      {
        id: 'demo-user-001',
        email: 'demo@example.com',
        password: null,
        name: 'Demo User',
        subscription_tier: 'premium',
        preferences: { categories: [], max_price: null, in_stock_only: false },
        traits: { email: 'demo@example.com', name: 'Demo User', subscription_tier: 'premium' },
        domain: 'ecommerce',
        lifecycle: { preset: 'subscription', initial_state: 'active' },
      },
    ])
    expect(scenario.products).toEqual([])
    expect(scenario.warnings).toEqual(['reality_continuum: no upstream is set, so every answer stays mocked (set reality_continuum.upstream, or open the page with ?verisim-upstream=<origin>)'])
  })
})

describe('the subscription-billing scenario', () => {
  const scenario = () => loadScenario(readScenarioFolder(BILLING_FOLDER))

  it('loads without warnings, on the demo ports', () => {
    expect(scenario().warnings).toEqual([])
    expect(scenario().httpOrigins).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000'])
    expect(scenario().socketUrls).toContain('ws://localhost:3001/ws')
  })

  it('has one subscription preset, from trial to an explicit terminal canceled', () => {
    const { presets, entityLifecycles } = scenario()
    expect(presets.map((p) => [p.name, p.type, p.initial])).toEqual([['subscription', 'subscription', 'trial']])
    expect(steps(presets[0])).toEqual([
      'trial → active 14d',
      'active → past_due 30d if payment_failed_count > 0',
      'past_due → canceled 7d if payment_failed_count > 2',
      'canceled',
    ])
    expect(entityLifecycles).toEqual({ user: 'subscription' })
  })

  it('has two personas who can log in, each with its own subscription state, and plans as products', () => {
    const { personas, products } = scenario()
    expect(personas.map((p) => [p.id, p.email, p.password !== null, p.lifecycle])).toEqual([
      ['acct-001', 'owner@acme.test', true, { preset: 'subscription', initial_state: 'active' }],
      ['acct-002', 'trial@startup.test', true, { preset: 'subscription', initial_state: 'trial' }],
    ])
    expect(products.map((p) => [p.id, p.category, p.price])).toEqual([
      ['plan-starter', 'plan', 19],
      ['plan-team', 'plan', 49],
      ['plan-enterprise', 'plan', 249],
    ])
  })

  it('sends subscription.* events to its billing webhook', () => {
    expect(scenario().webhookEndpoints).toEqual([
      { name: 'billing_events', url: 'http://localhost:3000/api/webhooks/billing', events: ['subscription.*'], secret: null },
    ])
  })
})

/** The demo scenario's files, parsed afresh, for a test to break. */
interface Files {
  name: string
  config: any
  personas: any
  products: any
}

const demoFiles = (): Files => ({ ...(readScenarioFolder(DEMO_FOLDER) as Files), name: 'broken' })

/** Loads the demo scenario after `mutate` has changed its config (and, if it likes, its other files). */
const load = (mutate: (config: any, files: Files) => void) => {
  const files = demoFiles()
  mutate(files.config, files)
  return () => loadScenario(files)
}

describe('presets Verisim cannot run are listed as warnings', () => {
  it('a preset type that drives no entity, and a second preset of a type already driven', () => {
    const c = parse(readFileSync(DEMO_CONFIG, 'utf8')) as any
    c.lifecycle.presets.push({ name: 'loan', type: 'loan', states: [{ name: 'applied' }] }, { ...c.lifecycle.presets[1], name: 'express' })
    expect(loadScenario({ name: 'extra', config: c }).warnings.slice(1)).toEqual([
      "lifecycle.presets[2].type: 'loan' drives no entity in Verisim yet (order_fulfillment, subscription do); the preset is listed, nothing runs on it: add `entity: <type>` to name the entity type it drives",
      "lifecycle.presets[3]: a second 'order_fulfillment' preset; 'order_fulfillment' already drives order entities, so this one only runs where applied",
    ])
  })

  it('a second preset naming an entity type another preset already drives', () => {
    const c = parse(readFileSync(DEMO_CONFIG, 'utf8')) as any
    c.lifecycle.presets.push({ name: 'rush', entity: 'order', states: [{ name: 'rushed' }] })
    expect(loadScenario({ name: 'extra', config: c }).warnings.slice(1)).toEqual([
      "lifecycle.presets[2]: a second preset for order; 'order_fulfillment' already drives order entities, so this one only runs where applied",
    ])
  })
})

describe('a preset may name the entity type it drives and the field that shows its state', () => {
  const loan = { name: 'library_loan', type: 'loan', entity: 'loan', status_field: 'loan_state', states: [{ name: 'requested', transitions: [{ to: 'active', after_days: 0 }] }] }

  it('entity: and status_field: are compiled onto the preset, and the type is driven by it, with no warning', () => {
    const c = parse(readFileSync(DEMO_CONFIG, 'utf8')) as any
    c.lifecycle.presets.push(loan)
    const scenario = loadScenario({ name: 'library', config: c })
    expect(scenario.presets[2]).toMatchObject({ name: 'library_loan', type: 'loan', entity: 'loan', statusField: 'loan_state', initial: 'requested' })
    expect(scenario.entityLifecycles).toEqual({ user: 'subscription', order: 'order_fulfillment', loan: 'library_loan' })
    expect(scenario.warnings).toEqual(['reality_continuum: no upstream is set, so every answer stays mocked (set reality_continuum.upstream, or open the page with ?verisim-upstream=<origin>)'])
  })

  it('entity: wins over the preset type, and without status_field: the state shows in status', () => {
    const c = parse(readFileSync(DEMO_CONFIG, 'utf8')) as any
    c.lifecycle.presets.push({ ...loan, name: 'member_plan', type: 'subscription', entity: 'member', status_field: undefined })
    const scenario = loadScenario({ name: 'library', config: c })
    expect(scenario.presets[2]).toMatchObject({ entity: 'member', statusField: 'status' })
    expect(scenario.entityLifecycles).toEqual({ user: 'subscription', order: 'order_fulfillment', member: 'member_plan' })
  })

  it("the seed's presets name no entity: theirs follow from their type, and state shows in status", () => {
    const { presets } = loadScenario(readScenarioFolder(DEMO_FOLDER))
    expect(presets.map((p) => [p.name, p.entity, p.statusField])).toEqual([['subscription', null, 'status'], ['order_fulfillment', null, 'status']])
  })
})

describe('unknown keys become warnings naming their full path', () => {
  it('at the top level, inside server.http, a preset, a transition, a webhook endpoint, a persona and a product', () => {
    const files = demoFiles()
    files.config.server.http.host = '0.0.0.0'
    files.config.lifecycle.presets[0].states[1].transitions[0].probability = 0.5
    files.config.lifecycle.presets[1].states[3].timeout = '1d'
    files.config.lifecycle.presets[1].on_enter = 'notify'
    files.config.webhooks.endpoints[0].retries = 5
    files.config.tracing = { enabled: true }
    files.personas.personas[1].preferences.colour = 'blue'
    files.personas.personas[1].nickname = 'Case'
    files.products.products[0].sku = 'HP-123'
    // In document order: config, then personas, then products; a key added last comes last in its mapping.
    expect(loadScenario(files).warnings).toEqual([
      'server.http.host: not supported by Verisim yet; ignored',
      'lifecycle.presets[0].states[1].transitions[0].probability: not supported by Verisim yet; ignored',
      'lifecycle.presets[1].states[3].timeout: not supported by Verisim yet; ignored',
      'lifecycle.presets[1].on_enter: not supported by Verisim yet; ignored',
      'webhooks.endpoints[0].retries: not supported by Verisim yet; ignored',
      'tracing: not supported by Verisim yet; ignored',
      'personas[1].preferences.colour: not supported by Verisim yet; ignored',
      'personas[1].nickname: not supported by Verisim yet; ignored',
      'products[0].sku: not supported by Verisim yet; ignored',
      // Not an unknown key: what the compiled section does, said after the walk.
      'reality_continuum: no upstream is set, so every answer stays mocked (set reality_continuum.upstream, or open the page with ?verisim-upstream=<origin>)',
    ])
  })

  it('but not inside free-form data: traits and preset defaults', () => {
    const files = demoFiles()
    files.config.consistency.personas.default_persona.traits.favourite_colour = 'green'
    files.config.lifecycle.presets[0].defaults = { payment_failed_count: 1, region: 'eu' }
    files.personas.personas[0].traits = { team: 'platform', seats: 3 }
    const scenario = loadScenario(files)
    expect(scenario.warnings).toEqual(['reality_continuum: no upstream is set, so every answer stays mocked (set reality_continuum.upstream, or open the page with ?verisim-upstream=<origin>)'])
    expect(scenario.presets[0]?.defaults).toEqual({ payment_failed_count: 1, region: 'eu' })
    expect(scenario.personas[0]?.traits).toEqual({ team: 'platform', seats: 3 })
  })
})

const T = 'lifecycle.presets[0].states[0].transitions[0]'
const ACTIVE = 'lifecycle.presets[0].states[1].transitions[0]'
const DEFAULT = 'consistency.personas.default_persona'

/** [what is wrong, how to break the demo scenario, the message after "Failed to load scenario 'broken': "] */
type Case = [string, (config: any, files: Files) => void, string]

const cases: Record<string, Case[]> = {
  'the config and its server section': [
    ['a config that is not a mapping', (_, f) => (f.config = ['server']), 'config: expected a mapping, got ["server"]'],
    ['a server that is not a mapping', (c) => (c.server = 'localhost'), 'server: expected a mapping, got "localhost"'],
    ['a server.http that is not a mapping', (c) => (c.server.http = 3000), 'server.http: expected a mapping, got 3000'],
    ['an HTTP port given as a string', (c) => (c.server.http.port = '3000'), 'server.http.port: expected a number, got "3000"'],
    ['a fractional HTTP port', (c) => (c.server.http.port = 3000.5), 'server.http.port: expected a non-negative integer, got 3000.5'],
    ['a negative HTTP port', (c) => (c.server.http.port = -1), 'server.http.port: expected a non-negative integer, got -1'],
    ['an HTTP port of 0', (c) => (c.server.http.port = 0), 'server.http.port: expected a port from 1 to 65535, got 0'],
    ['an HTTP port above 65535', (c) => (c.server.http.port = 70_000), 'server.http.port: expected a port from 1 to 65535, got 70000'],
    ['server.http.enabled given as a string', (c) => (c.server.http.enabled = 'no'), 'server.http.enabled: expected true or false, got "no"'],
    ['a server.websocket that is not a mapping', (c) => (c.server.websocket = []), 'server.websocket: expected a mapping, got []'],
    // websocket.port (3001) wins over it, but a wrong value is still an error.
    ['a bad server.websocket.port next to a good websocket.port', (c) => (c.server.websocket.port = 'ws'), 'server.websocket.port: expected a number, got "ws"'],
    ['server.websocket.enabled given as a string', (c) => (c.server.websocket.enabled = 'true'), 'server.websocket.enabled: expected true or false, got "true"'],
  ],
  'the websocket, auth and webhooks sections': [
    ['a websocket section that is not a mapping', (c) => (c.websocket = true), 'websocket: expected a mapping, got true'],
    ['a websocket port above 65535', (c) => (c.websocket.port = 65_536), 'websocket.port: expected a port from 1 to 65535, got 65536'],
    ['websocket.enabled given as a number', (c) => (c.websocket.enabled = 1), 'websocket.enabled: expected true or false, got 1'],
    ['a websocket path that is not a string', (c) => (c.websocket.path = 42), 'websocket.path: expected a non-empty string, got 42'],
    ['a websocket path without a leading slash', (c) => (c.websocket.path = 'socket'), 'websocket.path: expected a path starting with "/", got "socket"'],
    ['an auth section that is not a mapping', (c) => (c.auth = 'jwt'), 'auth: expected a mapping, got "jwt"'],
    ['a JWT secret that is a number', (c) => (c.auth = { jwt_secret: 1234 }), 'auth.jwt_secret: expected a non-empty string, got 1234'],
    ['an empty JWT secret', (c) => (c.auth = { jwt_secret: '' }), 'auth.jwt_secret: expected a non-empty string, got ""'],
    ['a webhooks section that is not a mapping', (c) => (c.webhooks = 'on'), 'webhooks: expected a mapping, got "on"'],
    ['webhooks.enabled given as a string', (c) => (c.webhooks.enabled = 'yes'), 'webhooks.enabled: expected true or false, got "yes"'],
    ['endpoints that are not a list', (c) => (c.webhooks.endpoints = { hook: {} }), 'webhooks.endpoints: expected a list, got {"hook":{}}'],
    ['an endpoint that is not a mapping', (c) => (c.webhooks.endpoints[0] = 'http://localhost:3000/hook'), 'webhooks.endpoints[0]: expected a mapping, got "http://localhost:3000/hook"'],
    ['an endpoint without a url', (c) => delete c.webhooks.endpoints[0].url, 'webhooks.endpoints[0].url: expected a non-empty string, got nothing'],
    ['an endpoint url that is not http(s)', (c) => (c.webhooks.endpoints[0].url = 'ftp://example.com'), 'webhooks.endpoints[0].url: expected an http(s) URL, got "ftp://example.com"'],
    ['an endpoint name that is a number', (c) => (c.webhooks.endpoints[0].name = 3), 'webhooks.endpoints[0].name: expected a non-empty string, got 3'],
    ['endpoint events that are a string', (c) => (c.webhooks.endpoints[0].events = 'order.created'), 'webhooks.endpoints[0].events: expected a list, got "order.created"'],
    ['an endpoint event that is a number', (c) => (c.webhooks.endpoints[0].events[1] = 42), 'webhooks.endpoints[0].events[1]: expected a non-empty string, got 42'],
    ['an endpoint secret that is a number', (c) => (c.webhooks.endpoints[0].secret = 123), 'webhooks.endpoints[0].secret: expected a non-empty string, got 123'],
  ],
  'lifecycle presets': [
    ['a lifecycle section that is not a mapping', (c) => (c.lifecycle = 'presets'), 'lifecycle: expected a mapping, got "presets"'],
    ['presets that are not a list', (c) => (c.lifecycle.presets = { subscription: {} }), 'lifecycle.presets: expected a list, got {"subscription":{}}'],
    ['a preset that is not a mapping', (c) => (c.lifecycle.presets[0] = 'subscription'), 'lifecycle.presets[0]: expected a mapping, got "subscription"'],
    ['a preset without a name', (c) => delete c.lifecycle.presets[0].name, 'lifecycle.presets[0].name: expected a non-empty string, got nothing'],
    ['a preset type that is a number', (c) => (c.lifecycle.presets[0].type = 7), 'lifecycle.presets[0].type: expected a non-empty string, got 7'],
    ['a preset without states', (c) => delete c.lifecycle.presets[0].states, 'lifecycle.presets[0].states: expected a list, got nothing'],
    ['a preset with no states', (c) => (c.lifecycle.presets[0].states = []), 'lifecycle.presets[0].states: a preset needs at least one state'],
    ['a preset entity that is a number', (c) => (c.lifecycle.presets[0].entity = 7), 'lifecycle.presets[0].entity: expected a non-empty string, got 7'],
    ['a preset entity that is not a type name', (c) => (c.lifecycle.presets[0].entity = 'library loan'), 'lifecycle.presets[0].entity: expected an entity type: a name of letters, digits or _ (such as "loan"), got "library loan"'],
    ['a preset entity with a dot', (c) => (c.lifecycle.presets[1].entity = 'order.item'), 'lifecycle.presets[1].entity: expected an entity type: a name of letters, digits or _ (such as "loan"), got "order.item"'],
    ['a status_field that is a list', (c) => (c.lifecycle.presets[0].status_field = ['status']), 'lifecycle.presets[0].status_field: expected a non-empty string, got ["status"]'],
    ['a status_field that is empty', (c) => (c.lifecycle.presets[1].status_field = ''), 'lifecycle.presets[1].status_field: expected a non-empty string, got ""'],
    ['a status_field of id', (c) => (c.lifecycle.presets[0].status_field = 'id'), 'lifecycle.presets[0].status_field: expected a field other than id, got "id"'],
    ['preset defaults that are not a mapping', (c) => (c.lifecycle.presets[0].defaults = 'none'), 'lifecycle.presets[0].defaults: expected a mapping, got "none"'],
    ['a state that is not a mapping', (c) => (c.lifecycle.presets[0].states[0] = 'new'), 'lifecycle.presets[0].states[0]: expected a mapping, got "new"'],
    ['a state without a name', (c) => delete c.lifecycle.presets[0].states[0].name, 'lifecycle.presets[0].states[0].name: expected a non-empty string, got nothing'],
    ['transitions that are not a list', (c) => (c.lifecycle.presets[0].states[0].transitions = 'active'), 'lifecycle.presets[0].states[0].transitions: expected a list, got "active"'],
    ['a transition that is not a mapping', (c) => (c.lifecycle.presets[0].states[0].transitions[0] = 'active'), `${T}: expected a mapping, got "active"`],
    ['a transition without a target', (c) => delete c.lifecycle.presets[0].states[0].transitions[0].to, `${T}.to: expected a non-empty string, got nothing`],
    ['a transition without a delay', (c) => delete c.lifecycle.presets[0].states[0].transitions[0].after_days, `${T}.after_days: expected a non-negative number, got nothing`],
    ['a non-numeric after_days', (c) => (c.lifecycle.presets[1].states[2].transitions[0].after_days = 'soon'), 'lifecycle.presets[1].states[2].transitions[0].after_days: expected a non-negative number, got "soon"'],
    ['a negative after_days', (c) => (c.lifecycle.presets[0].states[0].transitions[0].after_days = -1), `${T}.after_days: expected a non-negative number, got -1`],
    ['an after that is a number', (c) => (c.lifecycle.presets[0].states[0].transitions[0] = { to: 'active', after: 5 }), `${T}.after: expected a duration such as "12h", "1d" or "2 weeks" (a whole number and a unit), got 5`],
    ['a negative after', (c) => (c.lifecycle.presets[0].states[0].transitions[0] = { to: 'active', after: '-1d' }), `${T}.after: expected a duration such as "12h", "1d" or "2 weeks" (a whole number and a unit), got "-1d"`],
    ['an after that is not a duration', (c) => (c.lifecycle.presets[0].states[0].transitions[0] = { to: 'active', after: 'soon' }), `${T}.after: expected a duration such as "12h", "1d" or "2 weeks" (a whole number and a unit), got "soon"`],
    ['both after and after_days', (c) => (c.lifecycle.presets[0].states[0].transitions[0] = { to: 'active', after: '1d', after_days: 1 }), `${T}: give either after (a duration such as "12h") or after_days, not both`],
    ['a condition that is a number', (c) => (c.lifecycle.presets[0].states[1].transitions[0].condition = 5), `${ACTIVE}.condition: expected a non-empty string, got 5`],
    ['a malformed condition', (c) => (c.lifecycle.presets[0].states[1].transitions[0].condition = 'failed payments'), `${ACTIVE}.condition: expected a condition "field op value" with op one of == != > >= < <=, got "failed payments"`],
    ['a condition with an unknown operator', (c) => (c.lifecycle.presets[0].states[1].transitions[0].condition = 'payment_failed_count => 0'), `${ACTIVE}.condition: expected a condition "field op value" with op one of == != > >= < <=, got "payment_failed_count => 0"`],
  ],
  'personas': [
    ['a personas file that is a list', (_, f) => (f.personas = [{ id: 'x' }]), 'personas: expected a mapping, got [{"id":"x"}]'],
    ['personas that are not a list', (_, f) => (f.personas.personas = 'user-123'), 'personas: expected a list, got "user-123"'],
    ['a persona that is not a mapping', (_, f) => (f.personas.personas[1] = 'user-456'), 'personas[1]: expected a mapping, got "user-456"'],
    ['a persona without an id', (_, f) => delete f.personas.personas[0].id, 'personas[0].id: expected a non-empty string, got nothing'],
    ['a persona id that is a number', (_, f) => (f.personas.personas[0].id = 123), 'personas[0].id: expected a non-empty string, got 123'],
    ['a persona without an email', (_, f) => delete f.personas.personas[0].email, 'personas[0].email: expected a non-empty string, got nothing'],
    ['a password that is a number', (_, f) => (f.personas.personas[0].password = 123_456), 'personas[0].password: expected a non-empty string, got 123456'],
    ['an empty persona name', (_, f) => (f.personas.personas[0].name = ''), 'personas[0].name: expected a non-empty string, got ""'],
    ['a subscription tier that is a boolean', (_, f) => (f.personas.personas[0].subscription_tier = true), 'personas[0].subscription_tier: expected a non-empty string, got true'],
    ['preferences that are not a mapping', (_, f) => (f.personas.personas[0].preferences = 'electronics'), 'personas[0].preferences: expected a mapping, got "electronics"'],
    ['categories that are a string', (_, f) => (f.personas.personas[0].preferences.categories = 'electronics'), 'personas[0].preferences.categories: expected a list, got "electronics"'],
    ['a category that is a number', (_, f) => (f.personas.personas[1].preferences.categories[1] = 5), 'personas[1].preferences.categories[1]: expected a non-empty string, got 5'],
    ['a max_price given as a string', (_, f) => (f.personas.personas[0].preferences.max_price = '1500'), 'personas[0].preferences.max_price: expected a number, got "1500"'],
    ['in_stock_only given as a string', (_, f) => (f.personas.personas[0].preferences.in_stock_only = 'yes'), 'personas[0].preferences.in_stock_only: expected true or false, got "yes"'],
    ['traits that are a list', (_, f) => (f.personas.personas[0].traits = ['vip']), 'personas[0].traits: expected a mapping, got ["vip"]'],
    ['a domain that is a number', (_, f) => (f.personas.personas[0].domain = 5), 'personas[0].domain: expected a non-empty string, got 5'],
    ['a lifecycle that is a string', (_, f) => (f.personas.personas[0].lifecycle = 'subscription'), 'personas[0].lifecycle: expected a mapping, got "subscription"'],
    ['a lifecycle without a preset', (_, f) => (f.personas.personas[0].lifecycle = { initial_state: 'active' }), 'personas[0].lifecycle.preset: expected a non-empty string, got nothing'],
    ['a lifecycle preset that does not exist', (_, f) => (f.personas.personas[0].lifecycle = { preset: 'gold' }), 'personas[0].lifecycle.preset: expected one of the lifecycle presets (subscription, order_fulfillment), got "gold"'],
    ['a lifecycle preset when none is configured', (c, f) => {
      c.lifecycle.presets = []
      f.personas.personas[0].lifecycle = { preset: 'subscription' }
    }, 'personas[0].lifecycle.preset: expected one of the lifecycle presets (none configured), got "subscription"'],
    ['an initial_state that is a number', (_, f) => (f.personas.personas[0].lifecycle = { preset: 'subscription', initial_state: 1 }), 'personas[0].lifecycle.initial_state: expected a non-empty string, got 1'],
    ['an initial_state that is not a state of its preset', (_, f) => (f.personas.personas[0].lifecycle = { preset: 'subscription', initial_state: 'shipped' }), "personas[0].lifecycle.initial_state: expected a state of preset 'subscription' (new, active, past_due, canceled), got \"shipped\""],
  ],
  "MockForge's default persona": [
    ['a consistency section that is not a mapping', (c) => (c.consistency = 'strict'), 'consistency: expected a mapping, got "strict"'],
    ['consistency.personas that is a list', (c) => (c.consistency.personas = ['demo']), 'consistency.personas: expected a mapping, got ["demo"]'],
    ['a default persona that is a string', (c) => (c.consistency.personas.default_persona = 'user:demo'), `${DEFAULT}: expected a mapping, got "user:demo"`],
    ['a default persona without an id', (c) => delete c.consistency.personas.default_persona.id, `${DEFAULT}.id: expected a non-empty string, got nothing`],
    ['a default persona id that is a number', (c) => (c.consistency.personas.default_persona.id = 42), `${DEFAULT}.id: expected a non-empty string, got 42`],
    ['default persona traits that are a string', (c) => (c.consistency.personas.default_persona.traits = 'vip'), `${DEFAULT}.traits: expected a mapping, got "vip"`],
    ['a default persona email trait that is a number', (c) => (c.consistency.personas.default_persona.traits.email = 5), `${DEFAULT}.traits.email: expected a non-empty string, got 5`],
    ['a default persona name that is a number', (c) => (c.consistency.personas.default_persona.name = 5), `${DEFAULT}.name: expected a non-empty string, got 5`],
    ['a default persona tier trait that is a boolean', (c) => (c.consistency.personas.default_persona.traits.subscription_tier = true), `${DEFAULT}.traits.subscription_tier: expected a non-empty string, got true`],
    ['a default persona domain that is a list', (c) => (c.consistency.personas.default_persona.domain = ['shop']), `${DEFAULT}.domain: expected a non-empty string, got ["shop"]`],
    ['a default persona lifecycle that is a list', (c) => (c.consistency.personas.default_persona.lifecycle = []), `${DEFAULT}.lifecycle: expected a mapping, got []`],
    ['a default persona lifecycle preset that does not exist', (c) => (c.consistency.personas.default_persona.lifecycle.preset = 'gold'), `${DEFAULT}.lifecycle.preset: expected one of the lifecycle presets (subscription, order_fulfillment), got "gold"`],
    ['a default persona initial_state not of its preset', (c) => (c.consistency.personas.default_persona.lifecycle.initial_state = 'shipped'), `${DEFAULT}.lifecycle.initial_state: expected a state of preset 'subscription' (new, active, past_due, canceled), got "shipped"`],
  ],
  'products': [
    ['a products file that is a list', (_, f) => (f.products = []), 'products: expected a mapping, got []'],
    ['products that are not a list', (_, f) => (f.products.products = { 'prod-1': {} }), 'products: expected a list, got {"prod-1":{}}'],
    ['a product that is not a mapping', (_, f) => (f.products.products[2] = 'prod-125'), 'products[2]: expected a mapping, got "prod-125"'],
    ['a product without a price', (_, f) => delete f.products.products[0].price, 'products[0].price: expected a non-negative number, got nothing'],
    ['a negative price', (_, f) => (f.products.products[0].price = -1), 'products[0].price: expected a non-negative number, got -1'],
    ['a price that is not a number', (_, f) => (f.products.products[0].price = 'cheap'), 'products[0].price: expected a number, got "cheap"'],
    ['a fractional stock', (_, f) => (f.products.products[0].stock = 1.5), 'products[0].stock: expected a non-negative integer, got 1.5'],
    ['a negative stock', (_, f) => (f.products.products[0].stock = -3), 'products[0].stock: expected a non-negative integer, got -3'],
    ['a stock given as a string', (_, f) => (f.products.products[0].stock = '12'), 'products[0].stock: expected a number, got "12"'],
    ['a product without an id', (_, f) => delete f.products.products[0].id, 'products[0].id: expected a non-empty string, got nothing'],
    ['a product name that is a number', (_, f) => (f.products.products[0].name = 5), 'products[0].name: expected a non-empty string, got 5'],
    ['a product without a category', (_, f) => delete f.products.products[0].category, 'products[0].category: expected a non-empty string, got nothing'],
    ['a description that is a list', (_, f) => (f.products.products[0].description = ['fast']), 'products[0].description: expected a non-empty string, got ["fast"]'],
  ],
  'duplicates, switches and limits': [
    ['two products with one id', (_, f) => (f.products.products[3].id = 'prod-123'), 'products[3].id: "prod-123" is already products[0].id; each must be unique'],
    ['two personas with one id', (_, f) => (f.personas.personas[1].id = 'user-123'), 'personas[1].id: "user-123" is already personas[0].id; each must be unique'],
    ['two personas with one email, in another case', (_, f) => (f.personas.personas[1].email = 'USER@example.com'), 'personas[1].email: "user@example.com" is already personas[0].email; each must be unique'],
    ['two presets with one name', (c) => (c.lifecycle.presets[1].name = 'subscription'), 'lifecycle.presets[1].name: "subscription" is already lifecycle.presets[0].name; each must be unique'],
    ['two states with one name', (c) => (c.lifecycle.presets[1].states[2].name = 'pending'), 'lifecycle.presets[1].states[2].name: "pending" is already lifecycle.presets[1].states[0].name; each must be unique'],
    ['two endpoints with one name', (c) => c.webhooks.endpoints.push({ ...c.webhooks.endpoints[0] }), 'webhooks.endpoints[1].name: "order_status_update" is already webhooks.endpoints[0].name; each must be unique'],
    // Turning webhooks on later must not reveal an error.
    ['a bad endpoint while webhooks are off', (c) => Object.assign(c.webhooks, { enabled: false, endpoints: [{ url: 'ftp://x' }] }), 'webhooks.endpoints[0].url: expected an http(s) URL, got "ftp://x"'],
    ['time_travel.enabled given as a string', (c) => (c.time_travel.enabled = 'off'), 'time_travel.enabled: expected true or false, got "off"'],
    ['use_shared_state given as a string', (c) => (c.webhooks.use_shared_state = 'yes'), 'webhooks.use_shared_state: expected true or false, got "yes"'],
    ['a channel to share state across that does not exist', (c) => (c.reality.share_state_across = ['http', 'grpc']), 'reality.share_state_across[1]: expected one of http, websocket, webhooks, got "grpc"'],
    ['a state model that is a number', (c) => (c.reality.state_model = 1), 'reality.state_model: expected a non-empty string, got 1'],
    ['a negative price ceiling', (_, f) => (f.personas.personas[0].preferences.max_price = -5), 'personas[0].preferences.max_price: expected a non-negative number, got -5'],
  ],
}

describe.each(Object.entries(cases))('config errors name their path and stop the load: %s', (_, section) => {
  it.each(section)('%s', (_what, mutate, message) => {
    const full = `Failed to load scenario 'broken': ${message}`
    const run = load(mutate)
    expect(run).toThrow(full)
    // toThrow(string) only checks that the message contains the text: the message must be exactly it.
    expect(run).toThrow(expect.objectContaining({ name: 'VerisimError', code: 'invalid_config', status: 400, message: full }))
  })
})
