import { expect, it } from 'vitest'
import { DeliveryBook } from './delivery-book.ts'
import { RECENT_DELIVERIES, type DeliveryRecord, type StoreOp } from './store.ts'

let ordinal = 0
const delivery = (status: DeliveryRecord['status'], workspace = 'default'): DeliveryRecord => ({
  id: `d${++ordinal}`, workspace, endpoint: 'e', url: 'http://localhost:3000/api/webhooks/x', event: 'order.created',
  timestamp: 0, body: '{}', status, attempts: status === 'pending' ? 0 : 1, created_at: 0, ordinal,
})

it("writes a commit's already-final deliveries as one log record, and pending ones individually", () => {
  const book = new DeliveryBook()
  const final = [delivery('delivered'), delivery('delivered')]
  const pending = delivery('pending')
  const ops: StoreOp[] = [...final, pending].map((d) => {
    book.created(d)
    return { table: 'deliveries', put: d }
  })
  const written = book.compact(ops)
  expect(written.map((op) => ('table' in op ? op.table : 'clear'))).toEqual(['deliveries', 'delivery_log'])
  expect(written[1]).toMatchObject({ put: { workspace: 'default', deliveries: final } })
})

it('keeps only the most recent finished deliveries in memory, and every pending one', () => {
  const book = new DeliveryBook()
  const pending = delivery('pending')
  book.created(pending)
  const ops: StoreOp[] = []
  for (let i = 0; i < RECENT_DELIVERIES + 10; i++) {
    const d = delivery('delivered')
    book.created(d)
    ops.push({ table: 'deliveries', put: d })
  }
  book.compact(ops)
  expect(book.list('default')).toHaveLength(RECENT_DELIVERIES + 1)
  expect(book.get(pending.id)).toBe(pending)
})

it('reads logs and individual records back in creation order', () => {
  const a = delivery('delivered')
  const b = delivery('pending')
  const c = { ...delivery('dead'), status: 'failed' } as unknown as DeliveryRecord
  const book = new DeliveryBook()
  book.load([b], [{ id: 'log', workspace: 'default', deliveries: [a, c] }])
  expect(book.list().map((d) => d.id)).toEqual([a.id, b.id, c.id])
  // What an older store called `failed` is a dead letter now.
  expect(book.get(c.id)?.status).toBe('dead')
})

it('keeps every dead letter in memory, however many deliveries finish after it', () => {
  const book = new DeliveryBook()
  const dead = delivery('dead')
  book.created(dead)
  const ops: StoreOp[] = [{ table: 'deliveries', put: dead }]
  for (let i = 0; i < RECENT_DELIVERIES + 5; i++) {
    const d = delivery('delivered')
    book.created(d)
    ops.push({ table: 'deliveries', put: d })
  }
  const written = book.compact(ops)
  // The dead letter stays its own record (a retry rewrites it); the delivered ones are one log.
  expect(written.flatMap((op) => ('put' in op && op.table === 'deliveries' ? [op.put.id] : []))).toEqual([dead.id])
  expect(book.get(dead.id)).toBe(dead)
})
