import { describe, expect, it } from 'vitest'
import { VerisimError } from '../errors.ts'
import { testEngine } from '../../testing/test-engine.ts'
import { readSnapshotDocument, SNAPSHOT_SCHEMA_VERSION, snapshotDocumentText } from './snapshot-document.ts'
import { utf8Length } from './snapshot.ts'
import type { SnapshotMeta, SnapshotState } from './store.ts'

async function documentOf() {
  const t = await testEngine()
  await t.login()
  await t.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
  const doc = (await t.call('GET', '/__verisim/state')).body
  return { scenario: t.engine.scenario, doc }
}

function refusal(read: () => unknown): { code: string; status: number; message: string } {
  try {
    read()
  } catch (error) {
    if (error instanceof VerisimError) return { code: error.code, status: error.status, message: error.message }
    throw error
  }
  throw new Error('the document was accepted')
}

describe('the snapshot document', () => {
  it('sizes a state in UTF-8 bytes, as the encoder does', () => {
    for (const text of ['', 'plain', 'café', '日本語', 'emoji 🚚 ok', '\u07ff\u0800']) expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length)
  })

  it('round-trips: the text made from a state reads back as the same state and name', async () => {
    const { scenario, doc } = await documentOf()
    const meta = { ...doc.snapshot, world_time: doc.state.world_time, seq: 1 } as SnapshotMeta
    const text = snapshotDocumentText(scenario, meta, JSON.stringify(doc.state), Date.parse('2026-03-01T12:00:00Z'))
    const parsed = JSON.parse(text)
    expect(parsed).toMatchObject({ verisim: 'snapshot', schema_version: SNAPSHOT_SCHEMA_VERSION, scenario: scenario.name, exported_at: '2026-03-01T12:00:00.000Z' })
    expect(parsed.snapshot).not.toHaveProperty('seq')
    const read = readSnapshotDocument(scenario, parsed)
    expect(read.name).toBe(doc.snapshot.name)
    expect(read.state as SnapshotState).toEqual(doc.state)
  })

  it('refuses a newer schema version, another scenario, and names the first damaged field', async () => {
    const { scenario, doc } = await documentOf()
    const damaged = (change: (state: any) => void) => {
      const copy = structuredClone(doc)
      change(copy.state)
      return copy
    }
    expect(refusal(() => readSnapshotDocument(scenario, { ...doc, schema_version: 7 }))).toMatchObject({ code: 'snapshot_newer_version', status: 400 })
    expect(refusal(() => readSnapshotDocument(scenario, { ...doc, schema_version: 0 })).code).toBe('invalid_snapshot')
    expect(refusal(() => readSnapshotDocument(scenario, { ...doc, scenario: 'shop-2' }))).toMatchObject({ code: 'snapshot_other_scenario', message: expect.stringContaining("scenario \"shop-2\"") })
    const cases: Array<[(state: any) => void, RegExp]> = [
      [(s) => (s.workspace.persona_id = 'user-999'), /persona_id "user-999" is not a persona/],
      [(s) => (s.workspace.clock.scale = -1), /clock\.scale must not be negative/],
      [(s) => (s.entities[0].lifecycle = { preset: 'nope', state: 'x', entered_at: 0, history: [] }), /lifecycle\.preset "nope" is not a lifecycle preset/],
      [(s) => s.entities.push(structuredClone(s.entities[0])), /a second time/],
      [(s) => (s.edges = [{ from: 'user', rel: 'has_orders', to: 'order:ORD-1001' }]), /state\.edges\[0\] must link graph nodes/],
      [(s) => (s.deliveries = [{ id: 'd', endpoint: 'e', url: 'u', event: 'x', body: '{}', status: 'lost' }]), /state\.deliveries\[0\]\.status/],
      [(s) => (s.world_time = 'soon'), /state\.world_time must be a number/],
      [(s) => (s.workspace.reality = { '/api/products': 2 }), /state\.workspace\.reality\["\/api\/products"\] must be a ratio/],
    ]
    for (const [change, message] of cases) {
      const refused = refusal(() => readSnapshotDocument(scenario, damaged(change)))
      expect(refused.code).toBe('invalid_snapshot')
      expect(refused.message).toMatch(message)
    }
  })
})
