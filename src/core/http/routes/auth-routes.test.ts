import { describe, expect, it } from 'vitest'
import { testEngine } from '../../../testing/test-engine.ts'

const ORDER = { product_id: 'prod-123', quantity: 1 }

describe('who a request acts as', () => {
  it('a bearer token acts as its persona, whatever persona the workspace has active', async () => {
    const { call, login } = await testEngine()
    const casey = (await login('casey@example.com', 'password456')).body.token as string
    await login() // user-123 is now the workspace's active persona
    const asCasey = await call('POST', '/api/orders', { product_id: 'prod-201', quantity: 1 }, { Authorization: `Bearer ${casey}` })
    expect(asCasey.status).toBe(201)
    expect(asCasey.body.user_id).toBe('user-456')
    expect(asCasey.headers.get('X-MockForge-Persona')).toBe('user-456')
    const asActive = await call('POST', '/api/orders', ORDER)
    expect(asActive.body.user_id).toBe('user-123')
  })

  it('an expired token is refused with 401, even while a persona is active', async () => {
    const { call, login, clock } = await testEngine()
    const token = (await login()).body.token as string
    expect((await call('GET', '/api/auth/me', undefined, { Authorization: `Bearer ${token}` })).status).toBe(200)
    clock.wallNow += 24 * 60 * 60 * 1000 + 1000
    const expired = await call('GET', '/api/auth/me', undefined, { Authorization: `Bearer ${token}` })
    expect(expired.status).toBe(401)
    expect(expired.body).toMatchObject({ error: 'invalid_token', message: expect.stringMatching(/invalid or expired/) })
    // Without the header, the workspace's active persona still acts.
    expect((await call('GET', '/api/auth/me')).body.user.id).toBe('user-123')
  })

  it('a token signed with another secret, or not a JWT at all, is refused', async () => {
    const { call, login } = await testEngine()
    const token = (await login()).body.token as string
    const [header, payload] = token.split('.')
    for (const bad of [`${header}.${payload}.AAAA`, 'not-a-token', `${header}.${payload}`]) {
      const res = await call('GET', '/api/auth/me', undefined, { Authorization: `Bearer ${bad}` })
      expect({ bad, status: res.status }).toEqual({ bad, status: 401 })
    }
    expect((await call('GET', '/api/auth/me', undefined, { Authorization: 'Basic dXNlcjpwYXNz' })).status).toBe(401)
  })

  it('no persona and no token is 401 on every persona route', async () => {
    const { call } = await testEngine()
    for (const [method, path] of [['GET', '/api/auth/me'], ['GET', '/api/orders'], ['GET', '/api/orders/ORD-1001'], ['POST', '/api/orders']] as const) {
      const res = await call(method, path, method === 'POST' ? ORDER : undefined)
      expect({ route: `${method} ${path}`, status: res.status, error: res.body.error }).toEqual({ route: `${method} ${path}`, status: 401, error: 'unauthorized' })
    }
  })

  it("another user's order is 404 to a persona, exactly like a missing one", async () => {
    const { call, login } = await testEngine()
    await login()
    expect((await call('POST', '/api/orders', ORDER)).body.id).toBe('ORD-1001')
    const casey = (await login('casey@example.com', 'password456')).body.token as string
    const theirs = await call('GET', '/api/orders/ORD-1001', undefined, { Authorization: `Bearer ${casey}` })
    const missing = await call('GET', '/api/orders/ORD-9999', undefined, { Authorization: `Bearer ${casey}` })
    expect(theirs.status).toBe(404)
    expect(theirs.body.error).toBe(missing.body.error)
    expect((await call('GET', '/api/orders', undefined, { Authorization: `Bearer ${casey}` })).body.count).toBe(0)
  })

  it('logging out deactivates the persona; a token still works', async () => {
    const { call, login } = await testEngine()
    const token = (await login()).body.token as string
    await call('POST', '/api/auth/logout')
    expect((await call('GET', '/api/auth/me')).status).toBe(401)
    expect((await call('GET', '/api/auth/me', undefined, { Authorization: `Bearer ${token}` })).status).toBe(200)
  })
})
