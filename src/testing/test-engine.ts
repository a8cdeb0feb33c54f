import { fileURLToPath } from 'node:url'
import type { Fact } from '../core/model/fact.ts'
import { Engine, type UpstreamPort } from '../core/engine/engine.ts'
import { MemoryStore } from '../core/model/memory-store.ts'
import { loadScenario } from '../core/scenario/load-scenario.ts'
import type { Store } from '../core/model/store.ts'
import type { Scenario } from '../core/scenario/scenario.ts'
import type { Tabs } from '../core/engine/tabs.ts'
import { compiledScenarioSource } from './compiled-scenario.ts'
import { inspectorMessage, type OutgoingRequest } from '../core/webhooks/webhooks.ts'
import type { InspectorMessage } from '../core/wire/wire.ts'

export const DEMO_FOLDER = fileURLToPath(new URL('../../scenarios/e2e-persona-flow', import.meta.url))
export const BACKEND = 'http://localhost:3000'

/** An engine on the demo scenario, a memory store and a hand-driven wall clock (test support only). */
export interface TestEngineOptions {
  store?: Store
  /** Wall-clock start (ms). */
  wallNow?: number
  tabs?: Tabs
  /** Extra webhook endpoints, e.g. a receiver the mock does not serve. */
  endpoints?: Array<{ name: string; url: string; events: string[]; secret?: string }>
  /** The scenario folder (the demo's by default). */
  folder?: string
  /** Changes to the demo scenario's parsed config.yaml before it loads. */
  configure?: (config: any) => void
  /** Changes to the compiled scenario, for what no config key sets (its link rules). */
  compiled?: (scenario: Scenario) => Scenario
  /** How the reality continuum reaches its upstream (none by default), and a page's `?verisim-upstream=`. */
  upstream?: { port: UpstreamPort; override?: string }
  /** How a receiver the mock does not serve answers (throw for a network failure); 204 by default. */
  respond?: (url: string, request: OutgoingRequest) => Promise<{ status: number }> | { status: number }
}

export async function testEngine(options: TestEngineOptions = {}) {
  const store = options.store ?? new MemoryStore()
  const clock = { wallNow: options.wallNow ?? Date.parse('2026-03-01T12:00:00Z') }
  const inspected: InspectorMessage[] = []
  const sent: Array<{ url: string; request: OutgoingRequest }> = []
  const source = await compiledScenarioSource(options.folder ?? DEMO_FOLDER)
  const config = structuredClone(source.config) as { webhooks?: { endpoints?: unknown[] } }
  source.config = config
  if (options.endpoints?.length) ((config.webhooks ??= {}).endpoints ??= []).push(...options.endpoints)
  options.configure?.(config)
  const scenario = loadScenario(source)
  const engine = await Engine.start({
    scenario: options.compiled ? options.compiled(scenario) : scenario,
    store,
    wallNow: () => clock.wallNow,
    webhooks: {
      inspect: (delivery, request) => inspected.push(inspectorMessage(delivery, request)),
      send: async (url, request) => {
        sent.push({ url, request })
        return options.respond ? options.respond(url, request) : { status: 204 }
      },
    },
    pageOrigin: 'http://localhost:5173',
    ...(options.tabs ? { tabs: options.tabs } : {}),
    ...(options.upstream ? { upstream: options.upstream } : {}),
  })
  const facts: Fact[] = []
  engine.events.on('fact', (fact) => facts.push(fact))

  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const init: RequestInit = { method, headers: { ...headers } }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      ;(init.headers as Record<string, string>)['Content-Type'] = 'application/json'
    }
    const response = await engine.handle(new Request(`${BACKEND}${path}`, init))
    const text = await response.text()
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as Record<string, any> }
  }

  const login = (email = 'user@example.com', password = 'password123', headers?: Record<string, string>) =>
    call('POST', '/api/auth/login', { email, password }, headers)

  return { engine, store, clock, call, login, facts, inspected, sent }
}
