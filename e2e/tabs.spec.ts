import { expect, test } from './support/fixtures.ts'
import { api, createOrder, frameLine, framesOf, gotoReady, listenWebhooks, login, openSocket, sendSocket, timeTravel, webhooksOf } from './support/page.ts'

test('two tabs share one state: orders made in either are seen in both, numbered without clashes, pushed to both sockets', async ({ page, context }) => {
  const other = await context.newPage()
  await gotoReady(page)
  await gotoReady(other)
  await openSocket(other, 'feed')
  await sendSocket(other, 'feed', { type: 'init', workspace: 'default' })

  await login(page)
  expect((await createOrder(page, 'prod-123', 1)).body.id).toBe('ORD-1001')
  expect((await api(other, 'GET', '/api/orders/ORD-1001')).body.status).toBe('processing')
  expect((await createOrder(other, 'prod-124', 1)).body.id).toBe('ORD-1002')
  expect((await api(page, 'GET', '/api/v1/consistency/users/user-123')).body.order_ids).toEqual(['ORD-1001', 'ORD-1002'])

  await expect
    .poll(async () => (await framesOf(other, 'feed')).map(frameLine))
    .toEqual([
      'init_ack default',
      'order_created pending',
      'payment_received 49.99',
      'order_status_update processing',
      'order_created pending',
      'payment_received 199',
      'order_status_update processing',
    ])
})

test('with two tabs open each webhook is sent once; closing the leading tab hands the outbox to the other', async ({ page, context }) => {
  const other = await context.newPage()
  await gotoReady(page)
  await gotoReady(other)
  await listenWebhooks(page)

  await login(other)
  await createOrder(other, 'prod-123', 1)
  await expect.poll(async () => (await webhooksOf(page)).map((hook) => hook.event)).toEqual(['order.created'])

  await page.close()
  await timeTravel(other, 'advance', { duration: '2d' })
  await expect
    .poll(async () => {
      const { deliveries } = (await api(other, 'GET', '/__mockforge/webhooks/deliveries')).body
      return deliveries.map((d: { event: string; status: string; attempts: number }) => `${d.event} ${d.status} ${d.attempts}`)
    })
    .toEqual(['order.created delivered 1', 'order.shipped delivered 1'])
  const received = (await api(other, 'GET', 'http://localhost:3000/api/webhooks/order-status')).body.received
  expect(received.map((r: { webhook_id: string }) => r.webhook_id)).toEqual(['whd_default_1', 'whd_default_2'])
})

test("two tabs on a spec's resources: an item made in either is seen in both, ids without clashes, its steps pushed to both sockets", async ({ page, context }) => {
  const other = await context.newPage()
  await gotoReady(page, '/?scenario=library')
  await gotoReady(other, '/?scenario=library')
  await openSocket(other, 'desk', 'ws://localhost:4011')
  await sendSocket(other, 'desk', { type: 'init', workspace: 'default' })
  const book = (await api(page, 'GET', '/api/books')).body[0].id
  const members = (await api(other, 'GET', '/api/members')).body as Array<{ id: string }>
  const first = await api(page, 'POST', '/api/loans', { book_id: book, member_id: members[0]!.id })
  const second = await api(other, 'POST', '/api/loans', { book_id: book, member_id: members[1]!.id })
  expect([first.status, second.status]).toEqual([201, 201])
  expect(second.body.id).not.toBe(first.body.id)
  expect((await api(other, 'GET', `/api/loans/${first.body.id}`)).body.status).toBe('active')
  const ids = (await api(page, 'GET', '/api/loans')).body.items.map((l: { id: string }) => l.id)
  expect(ids).toEqual(expect.arrayContaining([first.body.id, second.body.id]))
  await expect
    .poll(async () => (await framesOf(other, 'desk')).filter((f) => f.type === 'loan_status_update').map((f) => `${f.loan_id} ${f.status}`))
    .toEqual([`${first.body.id} requested`, `${first.body.id} active`, `${second.body.id} requested`, `${second.body.id} active`])
})
