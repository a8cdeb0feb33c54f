import { expect, it } from 'vitest'
import { testEngine } from '../../testing/test-engine.ts'
import type { ClockChange } from './events.ts'

const JAN_27 = '2025-01-27T00:00:00Z'
const ORDER = { product_id: 'prod-123', quantity: 1 }

/** A test engine that records every `clock` event. */
async function watched() {
  const t = await testEngine()
  const clocks: ClockChange[] = []
  t.engine.events.on('clock', (change) => clocks.push(change))
  return { ...t, clocks }
}

it('a login or an order writes the workspace but leaves its clock alone: no clock event', async () => {
  const { call, login, store, clocks } = await watched()
  await login()
  await call('POST', '/api/orders', ORDER)
  await login('user@example.com', 'password123', { 'X-MockForge-Workspace': 'team-b' })
  expect((await store.load()).workspaces.map((ws) => ws.id)).toEqual(['default', 'team-b'])
  expect(clocks).toEqual([])
})

it('an order placed on a moved clock does not report the clock again', async () => {
  const { call, login, clocks } = await watched()
  await login()
  await call('POST', '/__mockforge/time-travel/enable', { time: JAN_27, scale: 0 })
  clocks.length = 0
  await call('POST', '/api/orders', ORDER)
  await call('POST', '/api/auth/login', { email: 'user@example.com', password: 'password123' })
  expect(clocks).toEqual([])
})

it('enable, advance, set, scale and reset each report the clock they leave, with its status', async () => {
  const { call, clocks } = await watched()
  const answers: unknown[] = []
  for (const [action, body] of [
    ['enable', { time: JAN_27, scale: 0 }],
    ['advance', { duration: '1d' }],
    ['set', { time: '2024-06-01T00:00:00Z' }],
    ['scale', { scale: 60 }],
    ['reset', {}],
  ] as const) {
    answers.push((await call('POST', `/__mockforge/time-travel/${action}`, body)).body.status)
  }
  expect(clocks.map((c) => c.workspace)).toEqual(['default', 'default', 'default', 'default', 'default'])
  expect(clocks.map((c) => c.status)).toEqual(answers)
  expect(clocks.map((c) => `${c.status.enabled} ${c.status.current_time} ${c.status.scale_factor}`)).toEqual([
    'true 2025-01-27T00:00:00.000Z 0',
    'true 2025-01-28T00:00:00.000Z 0',
    'true 2024-06-01T00:00:00.000Z 0',
    'true 2024-06-01T00:00:00.000Z 60',
    'false 2026-03-01T12:00:00.000Z 1',
  ])
})

it('a change that leaves the clock where it was reports nothing', async () => {
  const { call, clocks } = await watched()
  // Resetting or disabling a clock that already follows real time changes nothing.
  await call('POST', '/__mockforge/time-travel/reset')
  await call('POST', '/__mockforge/time-travel/disable')
  expect(clocks).toEqual([])
  await call('POST', '/__mockforge/time-travel/enable', { time: JAN_27, scale: 2 })
  // Enabling it again re-anchors it: the same time at the same rate.
  await call('POST', '/__mockforge/time-travel/enable')
  expect(clocks).toHaveLength(1)
})

it('emptying a workspace whose clock was moved reports it back on real time', async () => {
  const { call, clocks } = await watched()
  await call('POST', '/__mockforge/time-travel/advance?workspace=team-b', { duration: '2d' })
  await call('DELETE', '/api/v1/consistency/state?workspace=team-b')
  await call('DELETE', '/api/v1/consistency/state?workspace=default')
  expect(clocks.map((c) => `${c.workspace} ${c.status.enabled} ${c.status.current_time}`)).toEqual([
    'team-b true 2026-03-03T12:00:00.000Z',
    'team-b false 2026-03-01T12:00:00.000Z',
  ])
})
