/** Bodies whose shape the scenario's spec gives: a resource's items and lists, examples, generated values. */
import type { Resource } from '../scenario/contract.ts'
import type { EntityRecord } from '../model/store.ts'
import type { SpecBody } from './wire-types.ts'

/** A spec resource's item: its id under the spec's id field (a number for integer ids), its fields, its state in its status field. */
export function resourceItemBody(resource: Resource, entity: EntityRecord, status: { field: string; state: string } | null): SpecBody {
  const id = resource.idKind === 'integer' && /^-?\d+$/.test(entity.id) ? Number(entity.id) : entity.id
  return specBody({ [resource.idField]: id, ...entity.data, ...(status ? { [status.field]: status.state } : {}) })
}

/** A list of a resource's items, as the spec shapes it: a bare array, or an object holding it beside `extra` (counts…). */
export function resourceListBody(resource: Resource, items: readonly SpecBody[], extra: Record<string, unknown>): SpecBody {
  return specBody(resource.list.kind === 'array' ? items : { ...extra, [resource.list.property]: items })
}

/** A value the spec gives or its schema generates, sent as it is. */
export function specBody(value: unknown): SpecBody {
  return value as SpecBody
}
