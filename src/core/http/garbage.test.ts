import { fileURLToPath } from 'node:url'
import { basename } from 'node:path'
import { expect, it } from 'vitest'
import { seededRandom, type SeededRandom } from '../contract/seeded-random.ts'
import { routeTable } from '../engine/route-table.ts'
import { DEMO_FOLDER, testEngine } from '../../testing/test-engine.ts'

// Generated garbage thrown at every route: whatever comes in, the answer is never a 500, an error
// is JSON with a fixed snake_case code (never made of the input), and a refused request changes
// nothing. Seeded by the scenario folder's name (not its path), so a failure names the case that
// repeats it on any checkout.

const LIBRARY = fileURLToPath(new URL('../../../scenarios/library', import.meta.url))
const MARK = 'zq'
const SEGMENTS = [
  '%', '%E0%A4%A', '%zz', '%25', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '..', '../user-123', '', ' ', 'null', '💥',
  `${MARK}${'x'.repeat(3000)}`, 'ORD-1001', 'user-123', 'prod-123', 'loan-1', 'book-1', '1', '-1', '0x10', 'a%2Fb', `${MARK}-id`,
]
const KEYS = [
  'persona_id', 'persona', 'email', 'password', 'product_id', 'quantity', 'orders', 'duration', 'time', 'scale', 'scale_factor', 'url',
  'events', 'secret', 'name', 'entity_type', 'entity_id', 'data', 'preset', 'initial_state', 'status', 'book_id', 'member_id', 'title',
  'author_id', 'id', 'due_at', '__proto__', 'constructor', 'toString', `${MARK}key`,
]
const STRINGS = [
  '', ' ', '1d', '-1d', '100000000 years', '1e400d', '9007199254740993 ms', '1 constructor', '2025-01-27T00:00:00Z', '+275760-09-13T00:00:00Z',
  '-271821-04-20T00:00:00Z', 'not a date', 'http://127.0.0.1:1/x', 'javascript:alert(1)', '*', 'order.*', 'user-123', 'prod-123', '__proto__',
  'user:demo-user-001', 'active', 'overdue', '\u0000', '💥', `${MARK}value`, '%', 'a'.repeat(2000),
]

function value(random: SeededRandom, depth: number): unknown {
  switch (random.int(0, depth > 3 ? 5 : 8)) {
    case 0: return null
    case 1: return random.pick([0, -1, 1, 2, 1.5, 1e308, -1e308, 8.64e15, 2 ** 53 + 1, 1_000_000_000])
    case 2: return random.next() < 0.5
    case 3: case 4: case 5: return random.pick(STRINGS)
    case 6: return Array.from({ length: random.int(0, 3) }, () => value(random, depth + 1))
    default: return object(random, depth + 1)
  }
}

function object(random: SeededRandom, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (let i = random.int(0, 5); i > 0; i--) Object.defineProperty(out, random.pick(KEYS), { value: value(random, depth), enumerable: true, configurable: true, writable: true })
  return out
}

/** A body: usually a JSON object, sometimes any JSON, text that is not JSON, too deep or too large. */
function body(random: SeededRandom): { text: string; type: string } | undefined {
  const roll = random.int(0, 19)
  if (roll === 0) return undefined
  if (roll === 1) return { text: `${'['.repeat(5000)}${']'.repeat(5000)}`, type: 'application/json' }
  if (roll === 2) return { text: '{"a":', type: 'application/json' }
  if (roll === 3) return { text: 'product_id=prod-123', type: random.pick(['text/plain', 'application/x-www-form-urlencoded', '']) }
  if (roll === 4) return { text: JSON.stringify(value(random, 0)), type: 'application/json' }
  return { text: JSON.stringify(object(random, 0)), type: random.pick(['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json']) }
}

function headers(random: SeededRandom): Record<string, string> {
  const out: Record<string, string> = {}
  if (random.next() < 0.2) out.Authorization = random.pick(['Bearer', 'Bearer x.y.z', 'Basic abc', `Bearer ${MARK}`, 'Bearer eyJhbGciOiJub25lIn0.e30.'])
  if (random.next() < 0.2) out['X-MockForge-Workspace'] = random.pick(['default', 'team-b', '', '../x', `${MARK}${'w'.repeat(70)}`, '__proto__'])
  return out
}

function query(random: SeededRandom): string {
  if (random.next() < 0.7) return ''
  const pairs = Array.from({ length: random.int(1, 3) }, () => `${random.pick(['workspace', 'category', 'status', 'member_id', 'limit', '__proto__', 'constructor'])}=${encodeURIComponent(random.pick(STRINGS))}`)
  return `?${pairs.join('&')}`
}

async function hammer(folder: string, rounds: number, login: { email: string; password: string }) {
  const t = await testEngine({ folder })
  await t.call('POST', '/api/auth/login', login)
  await t.call('POST', '/__mockforge/time-travel/enable', { time: '2025-01-27T00:00:00Z', scale: 0 })
  const routes = routeTable(t.engine.scenario).routes()
  const patterns = [...routes, ...(t.engine.contract?.operations ?? []).map((op) => ({ method: op.method, pattern: op.path.replace(/\{[^}]+\}/g, ':p') }))]
  const failures: string[] = []
  for (const [n, { method, pattern }] of patterns.entries()) {
    for (let round = 0; round < rounds; round++) {
      const random = seededRandom(`${basename(folder)}:${n}:${round}`)
      const path = pattern.replace(/:[^/]+/g, () => encodeURI(random.pick(SEGMENTS)).replace(/%25/g, '%')).replace('*', random.pick(SEGMENTS))
      const sent = method === 'GET' ? undefined : body(random)
      const init: RequestInit = { method, headers: { ...headers(random), ...(sent?.type ? { 'Content-Type': sent.type } : {}) } }
      if (sent) init.body = sent.text
      const before = JSON.stringify(await t.store.load())
      const response = await t.engine.handle(new Request(`http://localhost:3000${path}${query(random)}`, init))
      const text = await response.text()
      const where = `${method} ${pattern} (round ${round}): ${path.slice(0, 80)} ${sent?.text.slice(0, 80) ?? ''} → ${response.status} ${text.slice(0, 200)}`
      if (response.status >= 500) failures.push(where)
      if (response.status < 400) continue
      let error: { error?: unknown; message?: unknown } | null = null
      try {
        error = JSON.parse(text)
      } catch {
        failures.push(`not JSON: ${where}`)
        continue
      }
      const code = String(error?.error)
      if (!/^[a-z][a-z0-9_]*$/.test(code) || code.includes(MARK) || /proto|constructor|tostring/i.test(code) || typeof error?.message !== 'string') failures.push(`code: ${where}`)
      if (JSON.stringify(await t.store.load()) !== before) failures.push(`changed the world: ${where}`)
    }
  }
  return failures
}

it('the demo scenario: generated garbage at every route is never a 500, always a fixed code, and a refusal changes nothing', async () => {
  expect(await hammer(DEMO_FOLDER, 30, { email: 'user@example.com', password: 'password123' })).toEqual([])
}, 120_000)

it("a scenario served from its spec (the library): the same for the built-in routes and every operation of the spec", async () => {
  expect(await hammer(LIBRARY, 30, { email: 'librarian@library.test', password: 'shelves-and-stacks' })).toEqual([])
}, 120_000)
