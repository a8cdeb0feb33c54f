import { expect, it } from 'vitest'
import type { DeliveryRecord } from '../model/store.ts'
import type { WebhookPolicy } from '../scenario/scenario.ts'
import { afterAttempt, type Outcome } from './retry-policy.ts'

const POLICY: WebhookPolicy = { maxAttempts: 5, initialDelayMs: 1_000, maxDelayMs: 3_000, concurrency: 4 }
const WALL = 1_700_000_000_000

const PENDING: DeliveryRecord = {
  id: 'whd_default_1', workspace: 'default', endpoint: 'erp', url: 'https://erp.example.test/hooks', event: 'order.created',
  timestamp: 1_700_000_000, body: '{}', status: 'pending', attempts: 0, created_at: 0, ordinal: 1,
}

const answered = (status: number, final = false): Outcome => ({ kind: 'answered', status, final })
const unreachable: Outcome = { kind: 'unreachable', error: 'Could not reach it.' }

/** The delivery after each outcome in turn, from a fresh pending one. */
function attempts(outcomes: Outcome[], from: DeliveryRecord = PENDING): DeliveryRecord[] {
  const seen: DeliveryRecord[] = []
  let delivery = from
  for (const outcome of outcomes) seen.push((delivery = afterAttempt(delivery, outcome, POLICY, WALL)))
  return seen
}

it('a 2xx is delivered, with its status and no error or next attempt left', () => {
  const [failed, delivered] = attempts([answered(503), answered(204)])
  expect(failed).toMatchObject({ status: 'pending', last_error: 'The receiver answered HTTP 503.' })
  expect(delivered).toMatchObject({ status: 'delivered', attempts: 2, response_status: 204 })
  expect(delivered).not.toHaveProperty('last_error')
  expect(delivered).not.toHaveProperty('next_attempt_at')
  expect(delivered).not.toHaveProperty('received_by_mock')
})

it("the mock's own receiver delivers it as a receipt", () => {
  expect(afterAttempt(PENDING, { kind: 'received' }, POLICY, WALL)).toMatchObject({ status: 'delivered', attempts: 1, response_status: 200, received_by_mock: true })
})

it('a 4xx is dead at once: the receiver refused it', () => {
  const [dead] = attempts([answered(410)])
  expect(dead).toMatchObject({ status: 'dead', attempts: 1, response_status: 410, last_error: 'The receiver answered HTTP 410. Not retried: the receiver refused it.' })
  expect(dead).not.toHaveProperty('next_attempt_at')
})

it('5xx answers and unreachable receivers are retried, the delay doubling up to maxDelayMs', () => {
  const retried = attempts([answered(500), unreachable, answered(502)])
  expect(retried.map((d) => d.status)).toEqual(['pending', 'pending', 'pending'])
  expect(retried.map((d) => (d.next_attempt_at ?? 0) - WALL)).toEqual([1_000, 2_000, 3_000])
  expect(retried[1]).toMatchObject({ attempts: 2, last_error: 'Could not reach it.', response_status: 500 })
})

it('gives up once the attempts run out, saying after how many', () => {
  const all = attempts([answered(500), answered(500), answered(500), answered(500), unreachable])
  expect(all.map((d) => d.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'dead'])
  expect(all[4]).toMatchObject({ attempts: 5, last_error: 'Could not reach it. Gave up after 5 attempts.' })
  expect(all[4]).not.toHaveProperty('next_attempt_at')
})

it('honours an attempt limit a manual retry raised', () => {
  const dead = { ...PENDING, status: 'dead' as const, attempts: 5, last_error: 'The receiver answered HTTP 500. Gave up after 5 attempts.' }
  const retried = { ...dead, status: 'pending' as const, attempt_limit: 7 }
  expect(attempts([answered(500), answered(500)], retried).map((d) => `${d.status} ${d.attempts}`)).toEqual(['pending 6', 'dead 7'])
})

it("never retries an answer of the mock's own routes (final), whatever its status", () => {
  for (const status of [404, 500, 503]) {
    expect(afterAttempt(PENDING, answered(status, true), POLICY, WALL)).toMatchObject({ status: 'dead', attempts: 1, last_error: `The receiver answered HTTP ${status}.` })
  }
  expect(afterAttempt(PENDING, answered(201, true), POLICY, WALL).status).toBe('delivered')
})
