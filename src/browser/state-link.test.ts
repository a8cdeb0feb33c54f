import { describe, expect, it } from 'vitest'
import { decodeStateLink, encodeStateLink, stateLinkUrl } from './state-link.ts'

const DOCUMENT = {
  verisim: 'snapshot',
  schema_version: 1,
  scenario: 'e2e-persona-flow',
  exported_at: '2025-01-28T00:00:05.000Z',
  snapshot: { id: 'snap_0123abcd', name: 'before-advance-2025-01-27T00:00:00.000Z', auto: true, trigger: 'advance' },
  state: {
    workspace: { clock: { enabled: false }, persona_id: 'user-123', seq: 3 },
    world_time: 1737936000000,
    entities: Array.from({ length: 200 }, (_, i) => ({ type: 'order', id: `ORD-${1001 + i}`, data: { status: 'processing', note: 'café ☕ 注文' } })),
    edges: [],
    deliveries: [],
  },
}

describe('state links', () => {
  it('carry a document there and back, in URL-safe text much shorter than its JSON', async () => {
    const value = await encodeStateLink(DOCUMENT)
    expect(value).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(value.length).toBeLessThan(JSON.stringify(DOCUMENT).length / 4)
    expect(await decodeStateLink(value)).toEqual(DOCUMENT)
  })

  it('are zlib deflate of the UTF-8 JSON, in base64url without padding', async () => {
    const { inflateSync } = await import('node:zlib')
    const value = await encodeStateLink({ a: 'é' })
    expect(inflateSync(Buffer.from(value, 'base64url')).toString('utf8')).toBe('{"a":"é"}')
  })

  it('say clearly when a value is damaged', async () => {
    const value = await encodeStateLink(DOCUMENT)
    await expect(decodeStateLink(value.slice(0, 40))).rejects.toThrow(/^The state link is damaged: its data does not inflate/)
    await expect(decodeStateLink(`${value.slice(0, 10)}!${value.slice(11)}`)).rejects.toThrow(/^The state link is damaged: it is not base64url text/)
    await expect(decodeStateLink('')).rejects.toThrow(/^The state link is damaged/)
    const notJson = Buffer.from((await import('node:zlib')).deflateSync('{"cut": ')).toString('base64url')
    await expect(decodeStateLink(notJson)).rejects.toThrow(/^The state link is damaged: it does not hold JSON/)
  })

  it('go into the page URL, replacing a value it had and keeping the rest', () => {
    expect(stateLinkUrl('abc', 'http://localhost:5173/shop?x=1&verisim-state=old#/orders/ORD-1001')).toBe(
      'http://localhost:5173/shop?x=1&verisim-state=abc#/orders/ORD-1001',
    )
  })
})
