import { describe, expect, it } from 'vitest'
import { testEngine } from '../../testing/test-engine.ts'

describe('what the scenario config switches', () => {
  it('time_travel.allow_time_manipulation: false refuses every clock change with 403 and leaves the clock alone', async () => {
    const { call } = await testEngine({ configure: (c) => (c.time_travel.allow_time_manipulation = false) })
    for (const action of ['enable', 'advance', 'set', 'scale', 'disable', 'reset']) {
      const res = await call('POST', `/__mockforge/time-travel/${action}`, { time: '2025-01-27T00:00:00Z', duration: '1d', scale: 2 })
      expect({ action, status: res.status, error: res.body.error }).toEqual({ action, status: 403, error: 'time_travel_disabled' })
    }
    expect((await call('GET', '/__mockforge/time-travel/status')).body.enabled).toBe(false)
  })

  it('time travel is on by default', async () => {
    const { call } = await testEngine({ configure: (c) => delete c.time_travel })
    expect((await call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })).status).toBe(200)
  })

  it('switches that would share less state are warnings: Verisim always shares it', async () => {
    const { engine } = await testEngine({
      configure: (c) => {
        c.websocket.use_shared_state = false
        c.reality.share_state_across = ['http']
      },
    })
    expect(engine.warnings.map((w) => `${w.source}: ${w.message}`)).toEqual([
      'scenario: reality_continuum: no upstream is set, so every answer stays mocked (set reality_continuum.upstream, or open the page with ?verisim-upstream=<origin>)',
      'scenario: websocket.use_shared_state: false is not supported: Verisim always shares one state across HTTP, WebSocket and webhooks; ignored',
      'scenario: reality.share_state_across: leaving out websocket, webhooks is not supported: Verisim always shares one state across HTTP, WebSocket and webhooks; ignored',
    ])
  })

  it('webhooks.enabled: false sends nothing, to the mock or anywhere', async () => {
    const { call, login, inspected, sent } = await testEngine({ configure: (c) => (c.webhooks.enabled = false), endpoints: [] })
    await login()
    await call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
    expect((await call('GET', '/__mockforge/webhooks/deliveries')).body.deliveries).toEqual([])
    expect([inspected.length, sent.length]).toEqual([0, 0])
  })
})
