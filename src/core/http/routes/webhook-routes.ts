import { VerisimError } from '../../errors.ts'
import { json, parseJsonText, readBodyText } from '../http.ts'
import { deliveryListBody, receivedWebhookListBody, webhookReceiptBody } from '../../wire/wire.ts'
import type { RouteTable } from './route.ts'

export function webhookRoutes(router: RouteTable): void {
  router.add('GET', '/__mockforge/webhooks/deliveries', (domain, req) => {
    // Older finished deliveries stay in the store but not in this list; `total` counts them.
    return json(deliveryListBody(domain.world.deliveries(req.workspace), domain.world.deliveryTotal(req.workspace), (at) => domain.iso(req.workspace, at), domain.workspace(req.workspace).restored))
  })

  /** The receiving end for anyone posting to a receiver the mock serves. */
  router.add('POST', '/api/webhooks/*', async (domain, req) => {
    const text = await readBodyText(req.request)
    let body: unknown = text
    try {
      body = parseJsonText(text)
    } catch (error) {
      // Kept as text: a receiver records what it was sent (unless it is too deep to keep as JSON).
      if (error instanceof VerisimError && error.code === 'body_too_deep') throw error
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
      created_at: domain.worldNow(req.workspace),
    })
    return json(webhookReceiptBody(id))
  })

  /** What the receiver at this path got: posts from anywhere, and the mock's own deliveries to it. */
  router.add('GET', '/api/webhooks/*', (domain, req) => {
    const path = req.url.pathname
    const posted = domain.world.entities(req.workspace, 'webhook_receipt').filter((r) => r.data.path === path)
    const delivered = domain.world.deliveries(req.workspace).filter((d) => d.received_by_mock && new URL(d.url).pathname === path)
    return json(receivedWebhookListBody(path, posted, delivered, (at) => domain.iso(req.workspace, at)))
  })
}
