import { expect, it } from 'vitest'
import { MemoryStore } from '../model/memory-store.ts'
import { testEngine } from '../../testing/test-engine.ts'

const TEAM_B = { 'X-MockForge-Workspace': 'team-b' }
const ORDER = { product_id: 'prod-123', quantity: 1 }

it('DELETE …/consistency/state empties one workspace, in memory and in the store; others keep everything', async () => {
  const store = new MemoryStore()
  const { call, login, engine } = await testEngine({ store })
  for (const headers of [{}, TEAM_B]) {
    await login('user@example.com', 'password123', headers)
    await call('POST', '/api/orders', ORDER, headers)
  }
  await call('POST', '/__mockforge/time-travel/enable', { time: '2025-01-27T00:00:00Z', scale: 0 })
  await call('POST', '/__mockforge/webhooks', { url: 'https://receiver.example.test/hooks', events: ['*'] })

  const reset = await call('DELETE', '/api/v1/consistency/state?workspace=default')
  expect(reset.body).toEqual({ success: true, workspace: 'default', removed: { entities: 3, deliveries: 1 } })

  const check = async (c: typeof call) => {
    expect((await c('GET', '/api/v1/consistency/entities')).body.count).toBe(0)
    expect((await c('GET', '/api/v1/consistency/persona')).status).toBe(404)
    expect((await c('GET', '/__mockforge/time-travel/status')).body.enabled).toBe(false)
    expect((await c('GET', '/__mockforge/webhooks/deliveries')).body).toMatchObject({ count: 0, total: 0 })
    expect((await c('GET', '/__mockforge/webhooks')).body.endpoints.map((e: { id: string }) => e.id)).toEqual(['order_status_update'])
    expect((await c('GET', '/api/v1/consistency/entities?workspace=team-b')).body.count).toBe(3)
    expect((await c('GET', '/api/v1/consistency/persona?workspace=team-b')).body.persona.id).toBe('user-123')
  }
  await check(call)
  // Numbering starts again, and a new order lives on.
  await login()
  expect((await call('POST', '/api/orders', ORDER)).body.id).toBe('ORD-1001')

  // The store agrees: a restart reads the same.
  engine.stop()
  const restarted = await testEngine({ store })
  expect((await restarted.call('GET', '/api/v1/consistency/entities')).body.count).toBe(3)
  await restarted.call('DELETE', '/api/v1/consistency/state')
  await check(restarted.call)
})
