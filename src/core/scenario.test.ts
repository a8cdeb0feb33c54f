import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { readScenarioFolder } from '../node/scenario-files.ts'
import { DAY_MS } from './duration.ts'
import { loadScenario } from './scenario.ts'
import { DEMO_FOLDER } from './test-engine.ts'

const REFERENCE = fileURLToPath(new URL('../../../shared/reference/mockforge-e2e-persona-flow/config.yaml', import.meta.url))
const DEMO_CONFIG = `${DEMO_FOLDER}/config.yaml`

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
    expect(scenario.warnings).toEqual(['reality_continuum: not supported by Verisim yet; ignored'])
  })
})

describe('config errors name their path', () => {
  const config = () => parse(readFileSync(DEMO_CONFIG, 'utf8')) as any
  const load = (mutate: (c: any) => void) => {
    const c = config()
    mutate(c)
    return () => loadScenario({ name: 'broken', config: c })
  }

  it('a non-numeric after_days', () => {
    expect(load((c) => (c.lifecycle.presets[1].states[2].transitions[0].after_days = 'soon'))).toThrow(
      "Failed to load scenario 'broken': lifecycle.presets[1].states[2].transitions[0].after_days: expected a non-negative number, got \"soon\"",
    )
  })

  it('a malformed condition', () => {
    expect(load((c) => (c.lifecycle.presets[0].states[1].transitions[0].condition = 'failed payments'))).toThrow(
      /lifecycle\.presets\[0\]\.states\[1\]\.transitions\[0\]\.condition: expected a condition/,
    )
  })

  it('a webhook URL that is not http(s)', () => {
    expect(load((c) => (c.webhooks.endpoints[0].url = 'ftp://example.com'))).toThrow(/webhooks\.endpoints\[0\]\.url: expected an http\(s\) URL/)
  })

  it('a port of the wrong type', () => {
    expect(load((c) => (c.server.http.port = '3000'))).toThrow(/server\.http\.port: expected a number, got "3000"/)
  })
})
