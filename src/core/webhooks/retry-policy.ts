import type { WebhookPolicy } from '../scenario/scenario.ts'
import type { DeliveryRecord } from '../model/store.ts'

/**
 * How one attempt ended: taken by the mock's own receiver (the delivered record is its receipt),
 * answered with a status (`final` for the mock's own routes, which answer the same every time:
 * never retried), or not reached at all.
 */
export type Outcome = { kind: 'received' } | { kind: 'answered'; status: number; final: boolean } | { kind: 'unreachable'; error: string }

/**
 * The delivery after one more attempt: 2xx is delivered; another 4xx (or any answer of the mock's
 * own routes) is dead at once; a 5xx or a network failure is pending again after an exponential
 * backoff in real time, until the attempts run out.
 */
export function afterAttempt(delivery: DeliveryRecord, outcome: Outcome, policy: WebhookPolicy, wallNow: number): DeliveryRecord {
  const attempts = delivery.attempts + 1
  const status = outcome.kind === 'received' ? 200 : outcome.kind === 'answered' ? outcome.status : undefined
  const base = { ...delivery, attempts, ...(status !== undefined ? { response_status: status } : {}) }
  delete base.next_attempt_at
  if (status !== undefined && status >= 200 && status < 300) {
    delete base.last_error
    return { ...base, status: 'delivered', ...(outcome.kind === 'received' ? { received_by_mock: true as const } : {}) }
  }
  const reason = outcome.kind === 'unreachable' ? outcome.error : `The receiver answered HTTP ${status}.`
  const refused = outcome.kind === 'answered' && !outcome.final && outcome.status < 500
  const retryable = outcome.kind === 'unreachable' || (outcome.kind === 'answered' && !outcome.final && !refused)
  const limit = delivery.attempt_limit ?? policy.maxAttempts
  if (!retryable || attempts >= limit) {
    const why = retryable ? ` Gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}.` : refused ? ' Not retried: the receiver refused it.' : ''
    return { ...base, status: 'dead', last_error: `${reason}${why}` }
  }
  const delay = Math.min(policy.initialDelayMs * 2 ** (attempts - 1), policy.maxDelayMs)
  return { ...base, status: 'pending', last_error: reason, next_attempt_at: wallNow + delay }
}
