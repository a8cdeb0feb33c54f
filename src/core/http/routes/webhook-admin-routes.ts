import type { Domain } from '../../model/domain.ts'
import { badRequest, conflict, notFound } from '../../errors.ts'
import { json, readJsonObject } from '../http.ts'
import type { RuntimeEndpoint } from '../../model/store.ts'
import { STATE_RESTORED } from '../../model/snapshot.ts'
import { endpointsOf } from '../../webhooks/webhooks.ts'
import { deliveryRetryBody, endpointBody, endpointListBody, endpointRemovedBody } from '../../wire/wire.ts'
import type { RouteTable } from './route.ts'

const BASE = '/__mockforge/webhooks'

/** Every event the scenario can emit, and the patterns that match several. */
export function knownEvents(domain: Domain): string[] {
  const states = (entity: string) => domain.scenario.presets.find((p) => p.name === domain.scenario.entityLifecycles[entity])?.states.map((s) => s.name) ?? []
  // Other entity types: a preset's steps (`loan.overdue`), and a spec resource's changes (`loan.created`).
  const others = Object.keys(domain.scenario.entityLifecycles).filter((type) => type !== 'order' && type !== 'user')
  const resources = domain.scenario.contract?.resources.map((r) => r.type).filter((type) => type !== 'order' && type !== 'user') ?? []
  return [...new Set([
    'order.created', ...states('order').map((s) => `order.${s}`), 'payment.received',
    ...states('user').map((s) => `subscription.${s}`),
    ...resources.flatMap((type) => ['created', 'updated', 'deleted'].map((change) => `${type}.${change}`)),
    ...[...new Set([...others, ...resources])].flatMap((type) => states(type).map((s) => `${type}.${s}`)),
    STATE_RESTORED,
  ])]
}

function parseEvents(domain: Domain, value: unknown): string[] {
  const known = knownEvents(domain)
  const families = [...new Set(known.map((e) => e.slice(0, e.indexOf('.'))))].map((family) => `${family}.*`)
  if (!Array.isArray(value) || value.length === 0) {
    throw badRequest('validation_error', `'events' must be a non-empty list of event names, e.g. ["order.shipped"] or ["*"].`, 'events')
  }
  for (const event of value) {
    if (typeof event !== 'string' || !(event === '*' || known.includes(event) || families.includes(event))) {
      throw badRequest('unknown_event', `${JSON.stringify(event)} is not an event of scenario '${domain.scenario.name}': use *, ${families.join(', ')} or one of ${known.join(', ')}.`, 'events')
    }
  }
  return [...new Set(value as string[])]
}

function parseUrl(value: unknown): string {
  let url: URL | null = null
  try {
    url = typeof value === 'string' ? new URL(value) : null
  } catch {
    url = null
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw badRequest('invalid_url', `'url' must be an absolute http(s) URL such as "http://127.0.0.1:4000/hooks"; got ${JSON.stringify(value) ?? 'nothing'}.`, 'url')
  }
  return url.href
}

export function webhookAdminRoutes(router: RouteTable): void {
  router.add('GET', BASE, (domain, req) =>
    json(endpointListBody(endpointsOf(domain, req.workspace), (at) => domain.iso(req.workspace, at))),
  )

  router.add('POST', BASE, async (domain, req) => {
    const body = await readJsonObject(req.request)
    const url = parseUrl(body.url)
    const events = parseEvents(domain, body.events)
    if (body.secret !== undefined && (typeof body.secret !== 'string' || body.secret === '')) {
      throw badRequest('validation_error', "'secret' must be a non-empty string (it signs X-Webhook-Signature).", 'secret')
    }
    if (body.name !== undefined && (typeof body.name !== 'string' || body.name.trim() === '')) {
      throw badRequest('validation_error', "'name' must be a non-empty string.", 'name')
    }
    const ws = domain.workspace(req.workspace)
    const id = `whe_${domain.world.nextSeq(ws, 'endpoint', 1)}`
    const name = (body.name as string | undefined) ?? id
    if (endpointsOf(domain, req.workspace).some((e) => e.name === name)) {
      throw conflict('endpoint_exists', `An endpoint named '${name}' already exists in workspace '${req.workspace}'.`)
    }
    const endpoint: RuntimeEndpoint = { id, name, url, events, secret: (body.secret as string | undefined) ?? null, created_at: domain.worldNow(req.workspace) }
    const current = domain.workspace(req.workspace)
    domain.world.putWorkspace({ ...current, endpoints: [...(current.endpoints ?? []), endpoint] })
    return json(endpointBody({ ...endpoint, source: 'runtime' }, (at) => domain.iso(req.workspace, at)), 201, { Location: `${BASE}/${id}` })
  })

  router.add('DELETE', `${BASE}/:id`, (domain, req) => {
    const id = req.params.id ?? ''
    const ws = domain.workspace(req.workspace)
    if (domain.scenario.webhookEndpoints.some((e) => e.name === id)) {
      throw conflict('endpoint_from_config', `Endpoint '${id}' comes from the scenario config; it can only be removed there.`)
    }
    if (!(ws.endpoints ?? []).some((e) => e.id === id)) throw notFound('endpoint_not_found', `No endpoint '${id}' in workspace '${req.workspace}'.`)
    domain.world.putWorkspace({ ...ws, endpoints: (ws.endpoints ?? []).filter((e) => e.id !== id) })
    // What it would still have been sent dies with it, visibly.
    let abandoned = 0
    for (const delivery of domain.world.deliveries(req.workspace)) {
      if (delivery.endpoint !== id || delivery.status !== 'pending') continue
      const { next_attempt_at: _next, ...rest } = delivery
      domain.world.putDelivery({ ...rest, status: 'dead', last_error: 'The endpoint was removed before this delivery was acknowledged.' })
      abandoned++
    }
    return json(endpointRemovedBody(id, abandoned))
  })

  router.add('POST', `${BASE}/deliveries/:id/retry`, (domain, req) => {
    const delivery = domain.world.delivery(req.params.id ?? '')
    if (!delivery || delivery.workspace !== req.workspace) throw notFound('delivery_not_found', `No delivery '${req.params.id}' in workspace '${req.workspace}'.`)
    if (delivery.status !== 'dead') throw conflict('not_dead', `Delivery '${delivery.id}' is ${delivery.status}: only a dead delivery can be retried.`)
    if (!endpointsOf(domain, req.workspace).some((e) => e.id === delivery.endpoint)) {
      throw conflict('endpoint_removed', `The endpoint of delivery '${delivery.id}' was removed; register it again to send new events.`)
    }
    // A fresh run of attempts; the count goes on, so the history stays readable.
    const retried = { ...delivery, status: 'pending' as const, attempt_limit: delivery.attempts + domain.scenario.webhookPolicy.maxAttempts }
    delete retried.next_attempt_at
    domain.world.putDelivery(retried)
    return json(deliveryRetryBody(retried, (at) => domain.iso(req.workspace, at)))
  })
}
