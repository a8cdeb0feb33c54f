import { describe, expect, it } from 'vitest'
import { testEngine } from '../../testing/test-engine.ts'
import { MemoryStore } from './memory-store.ts'
import { AUTO_KEPT } from './snapshot.ts'
import { SNAPSHOT_SCHEMA_VERSION } from './snapshot-document.ts'

const JAN_27 = '2025-01-27T00:00:00Z'
const RECEIVER = 'http://127.0.0.1:4999/hooks'

async function shop() {
  const t = await testEngine({ endpoints: [{ name: 'receiver', url: RECEIVER, events: ['order.shipped', 'verisim.state_restored'] }] })
  await t.login()
  await t.call('POST', '/__mockforge/time-travel/enable', { time: JAN_27 })
  const { body: order } = await t.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 2 })
  await t.engine.settled()
  return { ...t, order }
}

describe('snapshots', () => {
  it('restore takes the workspace back, keeps what was sent, and ships the order again with a new delivery id', async () => {
    const { call, order, sent, engine, facts } = await shop()
    const kept = await call('POST', '/__verisim/snapshots', { name: 'before-ship' })
    expect(kept.status).toBe(201)
    expect(kept.body).toMatchObject({ name: 'before-ship', workspace: 'default', auto: false, trigger: null, entities: 3 })
    expect(kept.body.virtual_time).toBe('2025-01-27T00:00:00.000Z')

    await call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })
    await engine.settled()
    expect((await call('GET', `/api/orders/${order.id}`)).body.status).toBe('shipped')
    const shippedOnce = sent.filter((s) => JSON.parse(s.request.body).event === 'order.shipped')
    expect(shippedOnce).toHaveLength(1)

    const restored = await call('POST', '/__verisim/snapshots/before-ship/restore')
    expect(restored.status).toBe(200)
    expect(restored.body).toMatchObject({ snapshot: { id: kept.body.id }, workspace: 'default', virtual_time: '2025-01-27T00:00:00.000Z' })
    await engine.settled()
    expect((await call('GET', `/api/orders/${order.id}`)).body.status).toBe('processing')
    expect((await call('GET', '/__mockforge/time-travel/status')).body.current_time).toBe('2025-01-27T00:00:00.000Z')
    expect(sent.filter((s) => JSON.parse(s.request.body).event === 'order.shipped')).toHaveLength(1)
    expect(facts.filter((f) => f.event === 'verisim.state_restored')).toHaveLength(1)
    expect(sent.filter((s) => JSON.parse(s.request.body).event === 'verisim.state_restored')).toHaveLength(1)

    const history = (await call('GET', '/__mockforge/webhooks/deliveries')).body.deliveries as Array<{ event: string; before_restore?: string }>
    expect(history.find((d) => d.event === 'order.shipped')?.before_restore).toBe(kept.body.id)

    await call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })
    await engine.settled()
    const shipped = sent.filter((s) => JSON.parse(s.request.body).event === 'order.shipped')
    expect(shipped).toHaveLength(2)
    expect(shipped[0]?.request.headers['X-Webhook-Id']).not.toBe(shipped[1]?.request.headers['X-Webhook-Id'])
    expect((await call('GET', `/api/orders/${order.id}`)).body.status).toBe('shipped')
  })

  it('keeps one automatic snapshot before each advance, set and reset, newest first, the last 20', async () => {
    const { call, order } = await shop()
    await call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })
    await call('POST', '/__mockforge/time-travel/set', { time: '2025-03-01T00:00:00Z' })
    await call('POST', '/__mockforge/time-travel/reset')
    const list = (await call('GET', '/__verisim/snapshots')).body as unknown as Array<{ name: string; trigger: string; auto: boolean }>
    expect(list.map((s) => s.trigger)).toEqual(['reset', 'set', 'advance'])
    expect(list.every((s) => s.auto)).toBe(true)
    expect(list[2]?.name).toBe('before-advance-2025-01-27T00:00:00.000Z')

    const undo = await call('POST', `/__verisim/snapshots/${list[2]?.name}/restore`)
    expect(undo.status).toBe(200)
    expect((await call('GET', `/api/orders/${order.id}`)).body.status).toBe('processing')

    for (let i = 0; i < AUTO_KEPT + 3; i++) await call('POST', '/__mockforge/time-travel/advance', { duration: '1h' })
    const after = (await call('GET', '/__verisim/snapshots')).body as unknown as Array<{ auto: boolean }>
    expect(after.filter((s) => s.auto)).toHaveLength(AUTO_KEPT)
  })

  it('refuses, with 409 and nothing changed, to restore a snapshot the scenario no longer fits', async () => {
    const store = new MemoryStore()
    const before = await testEngine({ store })
    await before.login()
    await before.call('POST', '/__verisim/snapshots', { name: 'with-demo-user' })
    before.engine.stop()
    // The same database, its config changed since: the snapshot's active persona is gone.
    const after = await testEngine({ store, compiled: (scenario) => ({ ...scenario, personas: scenario.personas.filter((p) => p.id !== 'user-123') }) })
    const refused = await after.call('POST', '/__verisim/snapshots/with-demo-user/restore')
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ error: 'snapshot_outdated', message: expect.stringContaining('persona_id "user-123" is not a persona') })
  })

  it('answers 409 for a taken name, 404 for an unknown one, 204 on delete', async () => {
    const { call } = await shop()
    expect((await call('POST', '/__verisim/snapshots', { name: 'one' })).status).toBe(201)
    const taken = await call('POST', '/__verisim/snapshots', { name: 'one' })
    expect(taken.status).toBe(409)
    expect(taken.body.error).toBe('snapshot_name_taken')
    expect((await call('POST', '/__verisim/snapshots', { name: 'snap_x' })).body.error).toBe('invalid_name')
    expect((await call('GET', '/__verisim/snapshots/nope')).status).toBe(404)
    expect((await call('DELETE', '/__verisim/snapshots/one')).status).toBe(204)
    expect((await call('GET', '/__verisim/snapshots/one')).status).toBe(404)
  })

  it('exports a document that another engine imports and restores into the same answers', async () => {
    const { call, order } = await shop()
    await call('POST', '/__mockforge/time-travel/advance', { duration: '1d' })
    const kept = await call('POST', '/__verisim/snapshots', { name: 'shipped' })
    const exported = await call('GET', `/__verisim/snapshots/${kept.body.id}/export`)
    expect(exported.status).toBe(200)
    expect(exported.body).toMatchObject({ verisim: 'snapshot', schema_version: SNAPSHOT_SCHEMA_VERSION, scenario: 'e2e-persona-flow' })

    const other = await testEngine()
    const imported = await other.call('PUT', '/__verisim/state', exported.body)
    expect(imported.status).toBe(200)
    // Labelled by the document's own clock, not by the importing workspace's.
    expect(imported.body).toMatchObject({ virtual_time: '2025-01-28T00:00:00.000Z', snapshot: { name: 'shipped', virtual_time: '2025-01-28T00:00:00.000Z' } })
    for (const path of [`/api/orders/${order.id}`, '/api/orders', '/__mockforge/time-travel/status', '/api/v1/consistency/state']) {
      const [a, b] = [await call('GET', path), await other.call('GET', path)]
      expect({ path, body: b.body }).toEqual({ path, body: a.body })
    }
    // A second import of the same document is kept under a name of its own.
    expect((await other.call('PUT', '/__verisim/state', exported.body)).body.snapshot.name).toBe('shipped-2')
  })

  it('imports a document larger than the 8 MiB other bodies may have', async () => {
    const { call } = await shop()
    const doc = (await call('GET', '/__verisim/state')).body
    const large = structuredClone(doc)
    large.state.entities[0].data.note = 'x'.repeat(9 * 1024 * 1024)
    const imported = await call('POST', '/__verisim/snapshots/import?name=large', large)
    expect(imported.status).toBe(201)
    expect(imported.body.size_bytes).toBeGreaterThan(9 * 1024 * 1024)
  })

  it('refuses a document of another scenario, a newer version or a damaged one, and keeps nothing of it', async () => {
    const { call } = await shop()
    const kept = await call('POST', '/__verisim/snapshots', { name: 'base' })
    const doc = (await call('GET', `/__verisim/snapshots/${kept.body.id}/export`)).body
    const cases: Array<[unknown, string, RegExp]> = [
      [{ ...doc, scenario: 'another' }, 'snapshot_other_scenario', /scenario "another"/],
      [{ ...doc, schema_version: SNAPSHOT_SCHEMA_VERSION + 1 }, 'snapshot_newer_version', /schema version 2/],
      [{ ...doc, state: { ...doc.state, entities: [{ type: 'order' }] } }, 'invalid_snapshot', /state\.entities\[0\]\.id/],
      ['{"verisim": "snapshot", ', 'invalid_snapshot', /not JSON/],
      [{ hello: 1 }, 'invalid_snapshot', /not a Verisim snapshot/],
    ]
    for (const [body, code, message] of cases) {
      const answer = await call('POST', '/__verisim/snapshots/import', body)
      expect({ status: answer.status, error: answer.body.error }).toEqual({ status: 400, error: code })
      expect(answer.body.message).toMatch(message)
    }
    expect(((await call('GET', '/__verisim/snapshots')).body as unknown as unknown[]).length).toBe(1)
  })
})
