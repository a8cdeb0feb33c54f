/** The frames a client socket is pushed: facts of its workspace, and the socket protocol's own. */
import type { Fact } from '../model/fact.ts'
import type { Persona } from '../scenario/scenario.ts'
import type { EntityStatusUpdateFrame, ErrorFrame, FactFrame, InitAckFrame, PongFrame } from './event-types.ts'

// A fact's fields as its kind reports them (kinds/orders.ts, kinds/subscriptions.ts): facts carry
// plain records, so their shape is asserted here, once.
type Reported = { order_id: string; user_id: string; payment_id: string; amount: number; status: string; previous_status: string; tracking_number?: string }

/** The frame a fact is pushed as, or null when sockets do not carry it. */
export function socketFrame(fact: Fact): FactFrame | null {
  const { timestamp } = fact
  const data = fact.data as Reported
  if (fact.event === 'verisim.state_restored') {
    return { type: 'state_restored', snapshot_id: String(fact.data.snapshot_id), virtual_time: String(fact.data.virtual_time) }
  }
  if (fact.event === 'order.created') {
    return { type: 'order_created', order_id: data.order_id, status: data.status, timestamp }
  }
  if (fact.event === 'payment.received') {
    return { type: 'payment_received', order_id: data.order_id, payment_id: data.payment_id, amount: data.amount, timestamp }
  }
  if (fact.event.startsWith('subscription.')) {
    return { type: 'subscription_status_update', user_id: data.user_id, status: data.status, previous_status: data.previous_status, timestamp }
  }
  if (fact.event.startsWith('order.')) {
    return {
      type: 'order_status_update', order_id: data.order_id, status: data.status, timestamp,
      ...(data.tracking_number !== undefined ? { tracking_number: data.tracking_number } : {}),
    }
  }
  return entityStatusFrame(fact)
}

/**
 * A lifecycle step of an entity of any other type (Domain's `<type>.<state>` fact, with its
 * `<type>_id`) as `<type>_status_update`; null for any other fact.
 */
function entityStatusFrame(fact: Fact): EntityStatusUpdateFrame | null {
  const dot = fact.event.indexOf('.')
  const type = fact.event.slice(0, dot)
  const { status, previous_status: previous } = fact.data
  const id = fact.data[`${type}_id`]
  if (dot <= 0 || typeof id !== 'string' || typeof status !== 'string') return null
  return { type: `${type}_status_update`, [`${type}_id`]: id, status, previous_status: typeof previous === 'string' ? previous : '', timestamp: fact.timestamp }
}

export function initAckFrame(workspace: string, persona: Persona | null): InitAckFrame {
  return { type: 'init_ack', workspace, persona: persona ? { id: persona.id, name: persona.name, email: persona.email } : null }
}

export function errorFrame(error: string, message: string): ErrorFrame {
  return { type: 'error', error, message }
}

export function pongFrame(): PongFrame {
  return { type: 'pong' }
}
