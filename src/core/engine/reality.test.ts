import { describe, expect, it } from 'vitest'
import { VerisimError } from '../errors.ts'
import { compileReality, type RealityConfig } from '../scenario/reality-config.ts'
import { testEngine } from '../../testing/test-engine.ts'
import { goesToReality, ratioAt, scheduleAt } from './reality-ratio.ts'

const UPSTREAM = 'http://127.0.0.1:4999'
const at = (time: string) => Date.parse(`2025-01-27T${time}:00Z`)

function compiled(section: Record<string, unknown>): { config: RealityConfig; warnings: string[] } {
  const warnings: string[] = []
  const config = compileReality({ enabled: true, upstream: UPSTREAM, ...section }, undefined, warnings)
  if (!config) throw new Error('off')
  return { config, warnings }
}

describe('reality continuum config', () => {
  it("reads the seed's section: a daily schedule on the virtual time of day, and no upstream said once", () => {
    const warnings: string[] = []
    const config = compileReality({ enabled: true, default_ratio: 0.5, time_based_progression: { enabled: true, schedule: [{ time: '00:00', ratio: 0.3 }, { time: '12:00', ratio: 0.7 }, { time: '18:00', ratio: 0.5 }] } }, undefined, warnings)
    expect(config).toMatchObject({ upstream: null, defaultRatio: 0.5, transitionMode: 'time_based', mergeStrategy: 'field_level', timeoutMs: 5000 })
    expect(warnings).toEqual([expect.stringMatching(/^reality_continuum: no upstream is set, so every answer stays mocked/)])
    expect([at('03:00'), at('12:00'), at('17:59'), at('19:00')].map((t) => scheduleAt(config as RealityConfig, t))).toEqual([0.3, 0.7, 0.7, 0.5])
    expect(compileReality({ enabled: false, upstream: 'nonsense' }, undefined, [])).toBeNull()
  })

  it('refuses a bad value naming its path', () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ upstream: 'http://x.test/api' }, /reality_continuum\.upstream: expected an http\(s\) origin/],
      [{ default_ratio: 1.5 }, /reality_continuum\.default_ratio/],
      [{ merge_strategy: 'average' }, /merge_strategy: expected one of field_level, weighted, body_blend/],
      [{ routes: [{ pattern: 'api/x', ratio: 1 }] }, /routes\[0\]\.pattern/],
      [{ routes: [{ pattern: '/api/x', group: 'beta' }] }, /routes\[0\]\.group: expected a group of reality_continuum\.groups/],
      [{ time_based_progression: { schedule: [{ time: '25:00', ratio: 0.1 }] } }, /schedule\[0\]\.time/],
      [{ timeout: '2m' }, /reality_continuum\.timeout: expected a duration from 1ms to 60s/],
    ]
    for (const [section, message] of bad) {
      let error: unknown
      try {
        compiled(section)
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(VerisimError)
      expect((error as Error).message).toMatch(message)
    }
  })
})

describe('reality ratios', () => {
  const { config } = compiled({
    default_ratio: 0.2,
    routes: [{ pattern: '/api/users/*', ratio: 0.4 }, { pattern: '/api/users/me', ratio: 0.9 }, { pattern: '/api/orders/*', group: 'checkout' }],
    groups: { checkout: 0.6 },
    time_schedule: { start_time: '2025-01-01T00:00:00Z', end_time: '2025-01-11T00:00:00Z', start_ratio: 0, end_ratio: 1 },
    transition_mode: 'manual',
  })

  it('takes the most specific route, then its group, then a ratio set by hand for every route, then the default', () => {
    const now = at('10:00')
    expect(ratioAt(config, '/api/users/me', now)).toEqual({ ratio: 0.9, source: 'route', route: '/api/users/me' })
    expect(ratioAt(config, '/api/users/42', now)).toEqual({ ratio: 0.4, source: 'route', route: '/api/users/*' })
    expect(ratioAt(config, '/api/users', now)).toMatchObject({ ratio: 0.4 })
    expect(ratioAt(config, '/api/usersX', now)).toMatchObject({ ratio: 0.2, source: 'default' })
    expect(ratioAt(config, '/api/orders/ORD-1', now)).toEqual({ ratio: 0.6, source: 'group', route: '/api/orders/*' })
    expect(ratioAt(config, '/api/products', now, { '*': 1 })).toMatchObject({ ratio: 1, source: 'manual' })
    expect(ratioAt(config, '/api/users/42', now, { '/api/users/*': 0, '*': 1 })).toEqual({ ratio: 0, source: 'manual', route: '/api/users/*' })
  })

  it('follows a time_schedule along the virtual timeline when scheduled', () => {
    const scheduled = { ...config, transitionMode: 'scheduled' as const }
    expect(scheduleAt(scheduled, Date.parse('2024-12-01T00:00:00Z'))).toBe(0)
    expect(scheduleAt(scheduled, Date.parse('2025-01-06T00:00:00Z'))).toBeCloseTo(0.5)
    expect(scheduleAt(scheduled, Date.parse('2025-02-01T00:00:00Z'))).toBe(1)
    expect(ratioAt(scheduled, '/api/products', Date.parse('2025-01-06T00:00:00Z'))).toMatchObject({ source: 'schedule' })
  })

  it('chooses the same requests for the same seed, and about the ratio of many', () => {
    const draws = (seed: string) => Array.from({ length: 1000 }, (_, i) => goesToReality(seed, 'default', i + 1, 0.3))
    expect(draws('a')).toEqual(draws('a'))
    expect(draws('a')).not.toEqual(draws('b'))
    const share = draws('a').filter(Boolean).length
    expect(share).toBeGreaterThan(250)
    expect(share).toBeLessThan(350)
    expect(goesToReality('a', 'default', 1, 1)).toBe(true)
    expect(goesToReality('a', 'default', 1, 0)).toBe(false)
  })
})

describe('answers with reality', () => {
  async function engineWith(respond: (request: Request) => Promise<Response> | Response) {
    const seen: Request[] = []
    const t = await testEngine({
      configure: (config) => (config.reality_continuum = { enabled: true, upstream: UPSTREAM, default_ratio: 0 }),
      upstream: { port: { fetch: async (request) => (seen.push(request), respond(request)) } },
    })
    return { ...t, seen }
  }
  const products = [{ id: 'prod-123', name: 'Real Headphones', price: 149.5 }, { id: 'real-900', name: 'Only Real', price: 1 }]

  it('merges the upstream products field by field at ratio 1, and answers alone at ratio 0', async () => {
    const t = await engineWith(() => Response.json(products))
    const { call, seen } = t
    expect((await call('GET', '/api/products')).headers.get('X-Verisim-Reality')).toBe('mock; ratio=0')
    expect(seen).toHaveLength(0)
    expect((await call('POST', '/__verisim/reality', { route: '/api/products', ratio: 1 })).body).toMatchObject({ routes: [{ pattern: '/api/products', ratio: 1, source: 'manual' }] })
    const answer = await call('GET', '/api/products?category=electronics')
    expect(answer.headers.get('X-Verisim-Reality')).toBe('real; ratio=1')
    expect(seen.map((r) => r.url)).toEqual([`${UPSTREAM}/api/products?category=electronics`])
    // Verisim's own reads (the panel's, a handler context's) are the mock's.
    expect((await t.engine.handle(new Request('http://panel.verisim.internal/api/products'))).headers.has('X-Verisim-Reality')).toBe(false)
    expect(seen).toHaveLength(1)
    const list = answer.body as unknown as Array<Record<string, unknown>>
    expect(list[0]).toMatchObject({ id: 'prod-123', name: 'Real Headphones', price: 149.5, category: 'electronics' })
    expect(list[1]).toEqual({ id: 'real-900', name: 'Only Real', price: 1 })
    expect(list.length).toBeGreaterThan(2)
  })

  it('answers with the mock when the upstream fails, saying why, and passes a 4xx through', async () => {
    let mode: 'down' | 'slow' | '503' | '404' = 'down'
    const t = await engineWith(() => {
      if (mode === 'down') throw new TypeError('Failed to fetch')
      // What AbortSignal.timeout makes a fetch reject with.
      if (mode === 'slow') throw new DOMException('The operation timed out.', 'TimeoutError')
      return new Response(JSON.stringify({ error: mode }), { status: Number(mode), headers: { 'Content-Type': 'application/json' } })
    })
    const warnings: string[] = []
    const logged: Array<{ reality?: string; upstream_error?: string }> = []
    t.engine.events.on('warning', (w) => warnings.push(w.message))
    t.engine.events.on('request', (entry) => logged.push(entry))
    await t.call('POST', '/__verisim/reality', { ratio: 1 })
    for (let i = 0; i < 3; i++) expect((await t.call('GET', '/api/products')).headers.get('X-Verisim-Reality')).toBe('mock; ratio=1; upstream-error=unreachable')
    expect(warnings).toEqual([expect.stringMatching(/could not be reached for GET \/api\/products/)])
    expect(logged.at(-1)).toMatchObject({ reality: 'mock', upstream_error: 'unreachable', status: 200 })
    mode = 'slow'
    expect((await t.call('GET', '/api/products')).headers.get('X-Verisim-Reality')).toBe('mock; ratio=1; upstream-error=timeout')
    expect(warnings[1]).toMatch(/did not answer GET \/api\/products within 5000 ms/)
    mode = '503'
    expect((await t.call('GET', '/api/products')).headers.get('X-Verisim-Reality')).toBe('mock; ratio=1; upstream-error=http-503')
    mode = '404'
    const passed = await t.call('GET', '/api/products')
    expect({ status: passed.status, mark: passed.headers.get('X-Verisim-Reality') }).toEqual({ status: 404, mark: 'real; ratio=1' })
  })

  it("sends another method to the upstream only at ratio 1, and leaves the mock's state alone then", async () => {
    const t = await engineWith((request) => Response.json({ id: 'UPSTREAM-1', method: request.method }, { status: 201 }))
    await t.login()
    await t.call('POST', '/__verisim/reality', { route: '/api/orders', ratio: 1 })
    const created = await t.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
    expect(created.body).toEqual({ id: 'UPSTREAM-1', method: 'POST' })
    expect(await t.seen[0]?.json()).toEqual({ product_id: 'prod-123', quantity: 1 })
    const entities = (await t.call('GET', '/api/v1/consistency/entities')).body.entities as Array<{ entity_type: string }>
    expect(entities.filter((e) => e.entity_type === 'order')).toEqual([])
    expect(entities.length).toBeGreaterThan(0)
  })
})
