/** A scenario's OpenAPI contract once loaded: its operations, the resources they make and how strictly it is held. Types only. */
import type { ContractSource, JsonSchema, OperationSource, Validators } from './contract-source.ts'

/** How a violation of the spec is met: refused (requests only), reported as a warning, or not checked. */
export type ContractMode = 'enforce' | 'warn' | 'off'

/** How a list of a resource is answered: a bare array, or an object holding the array in `property`. */
export type ListShape = { kind: 'array' } | { kind: 'object'; property: string }

/** How new ids of a resource are made: from its id schema. */
export type IdKind = 'uuid' | 'integer' | 'prefixed'

/** Entities of one type served as CRUD by a collection path and its item path. */
export interface Resource {
  type: string
  /** Path templates, e.g. `/api/loans` and `/api/loans/{loanId}`. */
  collectionPath: string | null
  itemPath: string | null
  /** The item path's parameter that names the id. */
  idParam: string | null
  /** The item's id property. */
  idField: string
  idKind: IdKind
  /** The item schema (references to components kept) and its component name, if it has one. */
  itemSchema: JsonSchema
  schemaName: string | null
  list: ListShape
  /** Fields `<type>_id` naming another entity type, by field. */
  links: Record<string, string>
  /** Items a workspace starts with: the scenario's data file, else the spec's examples, else generated. */
  initial: Array<Record<string, unknown>>
  initialFrom: 'data' | 'examples' | 'generated'
}

export type ResourceAction = 'list' | 'create' | 'read' | 'replace' | 'update' | 'delete'

export interface ContractOperation extends OperationSource {
  /** The path template's segments: a literal, or `{ param }`. */
  segments: Array<string | { param: string }>
  /** The resource it serves and how, when it is one of a resource's CRUD operations. */
  resource: { type: string; action: ResourceAction } | null
}

export interface Contract {
  source: ContractSource
  operations: ContractOperation[]
  resources: Resource[]
  /** Null when the scenario was given without its compiled validators: nothing is checked. */
  validators: Validators | null
  requests: ContractMode
  responses: Exclude<ContractMode, 'enforce'>
}
