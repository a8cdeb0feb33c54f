import { expectTypeOf, it } from 'vitest'
import type {
  ClockStatus, EntityStatusPayload, EntityStatusUpdateFrame, OrderStatusUpdateFrame, ResourceChangePayload, SubscriptionStatusPayload,
} from '../index.ts'
import type { VerisimFixture } from './fixture.ts'

// Checked by the type-checker (npm run typecheck): the fixture's waits are typed by what they wait for.
it('types a webhook by its event, a frame by its type and the clock by the wire', () => {
  const usage = async (verisim: VerisimFixture) => {
    const shipped = await verisim.webhooks.waitFor('order.shipped', (w) => w.payload.order_id === 'ORD-1001')
    expectTypeOf(shipped.event).toEqualTypeOf<'order.shipped'>()
    expectTypeOf(shipped.payload.tracking_number).toEqualTypeOf<string>()
    expectTypeOf((await verisim.webhooks.waitFor('subscription.past_due')).payload).toEqualTypeOf<SubscriptionStatusPayload<'subscription.past_due'>>()
    expectTypeOf(await verisim.sockets.waitFor('order_status_update')).toEqualTypeOf<OrderStatusUpdateFrame>()
    expectTypeOf((await verisim.sockets.waitFor('no_such_frame')).type).toEqualTypeOf<'no_such_frame'>()
    // Entities of any type a preset drives (`entity: loan`).
    const loan = await verisim.sockets.waitFor('loan_status_update', (f) => f.loan_id === 'L1' && f.status === 'overdue')
    expectTypeOf(loan).toEqualTypeOf<EntityStatusUpdateFrame<'loan'>>()
    expectTypeOf(loan.previous_status).toEqualTypeOf<string>()
    const overdue = await verisim.webhooks.waitFor('loan.overdue', (w) => w.payload.loan_id === 'L1')
    expectTypeOf(overdue.payload).toEqualTypeOf<EntityStatusPayload<'loan.overdue'>>()
    expectTypeOf(overdue.payload.loan_id).toEqualTypeOf<string>()
    // A spec resource's changes carry no previous state.
    const created = await verisim.webhooks.waitFor('loan.created')
    expectTypeOf(created.payload).toEqualTypeOf<ResourceChangePayload<'loan.created'>>()
    expectTypeOf(created.payload.status).toEqualTypeOf<string | undefined>()
    expectTypeOf(await verisim.time.advance('1d')).toEqualTypeOf<ClockStatus>()
  }
  expectTypeOf(usage).toBeFunction()
})
