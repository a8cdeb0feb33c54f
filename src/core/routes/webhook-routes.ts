import { json } from '../http.ts'
import { serializeDelivery } from '../webhooks.ts'
import type { RouteTable } from './route.ts'

export function webhookRoutes(router: RouteTable): void {
  router.add('GET', '/__mockforge/webhooks', (domain) =>
    json({ endpoints: domain.scenario.webhookEndpoints.map(({ secret, ...endpoint }) => ({ ...endpoint, signed: secret !== null })) }),
  )

  router.add('GET', '/__mockforge/webhooks/deliveries', (domain, req) => {
    const deliveries = domain.world.deliveries(req.workspace)
    return json({ deliveries: deliveries.map((d) => serializeDelivery(d, (at) => domain.iso(req.workspace, at))), count: deliveries.length })
  })

  /** The receiving end for endpoints the mock itself serves, e.g. the seed's `/api/webhooks/order-status`. */
  router.add('POST', '/api/webhooks/*', async (domain, req) => {
    const text = await req.request.text()
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // Kept as text: a receiver records what it was sent.
    }
    const ws = domain.workspace(req.workspace)
    const id = `rcv-${domain.world.nextSeq(ws, 'receipt', 1)}`
    domain.world.createEntity({
      workspace: req.workspace,
      type: 'webhook_receipt',
      id,
      data: {
        path: req.url.pathname,
        event: req.request.headers.get('X-Webhook-Event'),
        webhook_id: req.request.headers.get('X-Webhook-Id'),
        body,
      },
      created_at: domain.now(req.workspace),
    })
    return json({ received: true, id })
  })

  router.add('GET', '/api/webhooks/*', (domain, req) => {
    const receipts = domain.world.entities(req.workspace, 'webhook_receipt').filter((r) => r.data.path === req.url.pathname)
    return json({ received: receipts.map((r) => ({ id: r.id, ...r.data, received_at: domain.iso(req.workspace, r.created_at) })), count: receipts.length })
  })
}
