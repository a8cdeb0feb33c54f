import { expect, it } from 'vitest'
import { MemoryStore } from '../model/memory-store.ts'
import { testEngine } from '../../testing/test-engine.ts'
import { tabHub } from './memory-tabs.ts'

const RECEIVER = { name: 'erp', url: 'https://erp.example.test/hooks', events: ['order.*'] }

async function twoTabs() {
  const store = new MemoryStore()
  const hub = tabHub()
  const a = await testEngine({ store, tabs: hub('a'), endpoints: [RECEIVER] })
  const b = await testEngine({ store, tabs: hub('b'), endpoints: [RECEIVER] })
  return { a, b }
}

it('tabs share one state: an order made in one is seen in the other, and numbers never clash', async () => {
  const { a, b } = await twoTabs()
  await a.login()
  await a.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
  const seen = await b.call('GET', '/api/orders/ORD-1001')
  expect(seen.body.status).toBe('processing')
  const second = await b.call('POST', '/api/orders', { product_id: 'prod-124', quantity: 1 })
  expect(second.body.id).toBe('ORD-1002')
  expect((await a.call('GET', '/api/v1/consistency/users/user-123')).body.order_ids).toEqual(['ORD-1001', 'ORD-1002'])
})

it("every tab's sockets get every tab's facts", async () => {
  const { a, b } = await twoTabs()
  const frames: string[] = []
  b.engine.connect('ws://localhost:3001/', { send: (data) => frames.push(JSON.parse(data).type) }).receive('{"type":"init","workspace":"default"}')
  await a.login()
  await a.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
  await Promise.resolve()
  expect(frames).toEqual(['init_ack', 'order_created', 'payment_received', 'order_status_update'])
})

it('only the leader sends webhooks to other hosts, each once, and a follower takes over when it goes', async () => {
  const { a, b } = await twoTabs()
  expect([a.engine.leading, b.engine.leading]).toEqual([true, false])
  await b.login()
  await b.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
  await a.engine.settled()
  expect(a.sent.map((s) => s.request.headers['X-Webhook-Event'])).toEqual(['order.created', 'order.processing'])
  expect(b.sent).toEqual([])

  a.engine.stop()
  expect(b.engine.leading).toBe(true)
  await b.call('POST', '/__mockforge/time-travel/advance', { duration: '2d' })
  await b.engine.settled()
  expect(b.sent.map((s) => s.request.headers['X-Webhook-Event'])).toEqual(['order.shipped'])
  const deliveries = await b.call('GET', '/__mockforge/webhooks/deliveries')
  expect(deliveries.body.deliveries.map((d: { endpoint: string; event: string; status: string; attempts: number }) => `${d.endpoint} ${d.event} ${d.status} ${d.attempts}`)).toEqual([
    'order_status_update order.created delivered 1',
    'erp order.created delivered 1',
    'erp order.processing delivered 1',
    'order_status_update order.shipped delivered 1',
    'erp order.shipped delivered 1',
  ])
})

it("a follower's requests are answered by the leader, which alone writes and delivers", async () => {
  const { a, b } = await twoTabs()
  await b.login()
  const created = await b.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
  expect(created.status).toBe(201)
  expect(created.headers.get('X-MockForge-Persona')).toBe('user-123')
  await Promise.all([a.engine.settled(), b.engine.settled()])
  expect(a.inspected.filter((m) => m.endpoint === 'order_status_update').map((m) => m.event)).toEqual(['order.created'])
  expect(b.inspected).toEqual([])
})

it('a leader that goes away mid-delivery leaves nothing recorded twice by the mock receiver', async () => {
  const { a, b } = await twoTabs()
  await b.login()
  await b.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
  // A has been told about the delivery and may be attempting it right now.
  await Promise.resolve()
  a.engine.stop()
  await Promise.all([a.engine.settled(), b.engine.settled()])
  const received = await b.call('GET', '/api/webhooks/order-status')
  expect(received.body.received.map((r: { webhook_id: string }) => r.webhook_id)).toEqual(['whd_default_1'])
  const deliveries = await b.call('GET', '/__mockforge/webhooks/deliveries')
  const own = deliveries.body.deliveries.filter((d: { endpoint: string }) => d.endpoint === 'order_status_update')
  expect(own.map((d: { status: string; attempts: number }) => `${d.status} ${d.attempts}`)).toEqual(['delivered 1'])
})

it("a follower's observers hear the leader's clock changes, and only those", async () => {
  const { a, b } = await twoTabs()
  const heard: string[] = []
  b.engine.events.on('clock', ({ workspace, status }) => heard.push(`${workspace} ${status.enabled} ${status.current_time}`))
  await b.login()
  await b.call('POST', '/api/orders', { product_id: 'prod-123', quantity: 1 })
  await a.call('POST', '/__mockforge/time-travel/advance?workspace=team-b', { duration: '1d' })
  await b.call('POST', '/__mockforge/time-travel/set', { time: '2025-01-27T00:00:00Z' })
  await Promise.resolve()
  expect(heard).toEqual(['team-b true 2026-03-02T12:00:00.000Z', 'default true 2025-01-27T00:00:00.000Z'])
})
