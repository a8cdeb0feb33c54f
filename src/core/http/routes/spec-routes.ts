/**
 * The operations of the scenario's spec that no built-in route answers: a resource's CRUD over
 * its entities, and any other operation with its example or a body generated from its schema.
 */
import { generate } from '../../contract/generator.ts'
import { firstResponse, responseFor } from '../../contract/check.ts'
import { VerisimError } from '../../errors.ts'
import { changeItem, createItem, deleteItem, findItem, listItems, seedResource, statusOf } from '../../kinds/resources.ts'
import type { Domain } from '../../model/domain.ts'
import type { Contract, ContractOperation, Resource } from '../../scenario/contract.ts'
import { propertiesOf } from '../../scenario/schema-ref.ts'
import { resourceItemBody, resourceListBody, specBody } from '../../wire/wire.ts'
import { json, readBodyText, readJsonObject } from '../http.ts'
import { Router } from '../router.ts'
import type { RouteHandler, RouteRequest, RouteTable } from './route.ts'

const COUNTS = ['total', 'count', 'total_count', 'totalCount', 'size']

/** A route for every operation of the spec, by its path template (`{id}` becomes `:id`). */
export function specRoutes(contract: Contract): RouteTable {
  const router = new Router<RouteHandler>()
  for (const op of byLiteralsFirst(contract.operations)) {
    const resource = op.resource && contract.resources.find((r) => r.type === op.resource!.type)
    router.add(op.method, routePattern(op.path), resource ? resourceHandler(op, resource, contract) : exampleHandler(op, contract))
  }
  return router
}

/** The spec's operations by path, literal segments before parameters (`/loans/overdue` before `/loans/{id}`). */
export function operationTable(contract: Contract): Router<ContractOperation> {
  const router = new Router<ContractOperation>()
  for (const op of byLiteralsFirst(contract.operations)) router.add(op.method, routePattern(op.path), op)
  return router
}

export function routePattern(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1')
}

function byLiteralsFirst(ops: readonly ContractOperation[]): ContractOperation[] {
  const rank = (op: ContractOperation) => op.segments.map((s) => (typeof s === 'string' ? '0' : '1')).join('')
  return [...ops].sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0))
}

/** The status an operation answers with when it succeeds: the spec's first 2xx for it, else `fallback`. */
function successStatus(op: ContractOperation, fallback: number): number {
  const exact = op.responses.find((r) => /^2\d\d$/.test(r.status))
  return exact ? Number(exact.status) : fallback
}

function resourceHandler(op: ContractOperation, resource: Resource, contract: Contract): RouteHandler {
  const action = op.resource!.action
  return async (domain, req) => {
    seedResource(domain, req.workspace, resource, contract.resources)
    const item = (entity: Parameters<typeof statusOf>[1]) => resourceItemBody(resource, entity, statusOf(domain, entity))
    const id = () => req.params[resource.idParam ?? ''] ?? ''
    switch (action) {
      case 'list': {
        const items = listItems(domain, req.workspace, resource, req.url.searchParams).map(item)
        return json(resourceListBody(resource, items, listExtras(op, resource, contract, items.length)), successStatus(op, 200))
      }
      case 'create': {
        const created = createItem(domain, req.workspace, resource, await readJsonObject(req.request))
        const location = resource.itemPath ? resource.itemPath.replace(`{${resource.idParam}}`, encodeURIComponent(created.id)) : undefined
        return json(item(created), successStatus(op, 201), location ? { Location: location } : undefined)
      }
      case 'read':
        return json(item(findItem(domain, req.workspace, resource, id())), successStatus(op, 200))
      case 'replace':
      case 'update': {
        const found = findItem(domain, req.workspace, resource, id())
        return json(item(changeItem(domain, found, resource, await readJsonObject(req.request), action === 'update')), successStatus(op, 200))
      }
      case 'delete': {
        const found = findItem(domain, req.workspace, resource, id())
        deleteItem(domain, found)
        const status = successStatus(op, 204)
        return status === 204 || !responseFor(op, status)?.schema ? new Response(null, { status }) : json(item(found), status)
      }
    }
  }
}

/** Beside a list's array, its counts are the number of items; anything else the schema requires is generated. */
function listExtras(op: ContractOperation, resource: Resource, contract: Contract, count: number): Record<string, unknown> {
  if (resource.list.kind !== 'object') return {}
  const schema = responseFor(op, 200)?.schema
  if (!schema) return {}
  const { schemas } = contract.source
  const { properties, required } = propertiesOf(schema, schemas)
  const extra: Record<string, unknown> = {}
  for (const name of Object.keys(properties)) {
    if (name === resource.list.property) continue
    if (COUNTS.includes(name)) extra[name] = count
    else if (required.includes(name)) extra[name] = generate(properties[name]!, { schemas, seed: `${op.id}:${name}` }).value
  }
  return extra
}

/** The operation's example, else a body generated from its schema: the same request always gets the same answer. */
function exampleHandler(op: ContractOperation, contract: Contract): RouteHandler {
  const response = firstResponse(op)
  return async (_domain: Domain, req: RouteRequest) => {
    if (!response) throw new VerisimError('not_implemented', `The spec gives no response for ${op.method} ${op.path} (${op.id}), so Verisim cannot answer it.`, 501)
    const status = /^\d{3}$/.test(response.status) ? Number(response.status) : 200
    if (response.examples.length > 0) return json(specBody(response.examples[0]), status)
    if (!response.schema) return new Response(null, { status })
    const body = req.request.body ? await readBodyText(req.request) : ''
    const seed = `${op.id} ${req.url.pathname}${req.url.search} ${body}`
    return json(specBody(generate(response.schema, { schemas: contract.source.schemas, seed }).value), status)
  }
}
