import { firstResponse } from '../contract/check.ts'
import { generate } from '../contract/generator.ts'
import type { RouteTable } from '../http/routes/route.ts'
import type { Contract, ContractOperation } from '../scenario/contract.ts'
import type { ContractViolation } from './events.ts'

/** Violations kept per operation for the panel (all of them also come as `violation` events). */
const RECENT = 20

/** What answers an operation of the spec: a built-in route, a spec resource, its example, a body generated from its schema, or nothing. */
export type ServedBy = 'engine' | 'resource' | 'example' | 'generated' | 'none'

export interface OperationReport {
  id: string
  method: string
  path: string
  summary: string | null
  servedBy: ServedBy
  /** The entity type of a resource operation. */
  resource: string | null
  /** The most recent violations, oldest first. */
  violations: readonly ContractViolation[]
}

/** The scenario's spec as the engine serves it: each operation with what answers it and how it was broken lately. */
export class ContractReport {
  readonly #operations: Array<Omit<OperationReport, 'violations'>>
  readonly #violations = new Map<string, ContractViolation[]>()
  readonly #seen = new Set<string>()

  /** What the spec asks for that Verisim can only partly make (a schema cycle too deep to generate…), naming the operation. */
  readonly warnings: readonly string[]

  constructor(readonly contract: Contract, builtIn: RouteTable) {
    this.#operations = contract.operations.map((op) => ({
      id: op.id, method: op.method, path: op.path, summary: op.summary, servedBy: servedBy(op, builtIn), resource: op.resource?.type ?? null,
    }))
    this.warnings = generationWarnings(contract, this.#operations)
  }

  get operations(): readonly OperationReport[] {
    return this.#operations.map((op) => ({ ...op, violations: this.#violations.get(op.id) ?? [] }))
  }

  /** Keeps a violation; true when it is the operation's first with that status and direction. */
  record(violation: ContractViolation): boolean {
    const key = `${violation.operation}\u0000${violation.direction}\u0000${violation.status}`
    const first = !this.#seen.has(key)
    this.#seen.add(key)
    const list = this.#violations.get(violation.operation) ?? []
    list.push(violation)
    if (list.length > RECENT) list.shift()
    this.#violations.set(violation.operation, list)
    return first
  }
}

/** Whether serving the spec needs the example generator: a resource, or an answer made from a schema. */
export function needsGenerator(contract: Contract, builtIn: RouteTable): boolean {
  return contract.operations.some((op) => ['resource', 'generated'].includes(servedBy(op, builtIn)))
}

/** Generates what will be generated once, at load, so that a schema it cannot make is said up front. */
function generationWarnings(contract: Contract, operations: ReadonlyArray<Omit<OperationReport, 'violations'>>): string[] {
  const { schemas } = contract.source
  const warnings: string[] = []
  for (const [i, op] of contract.operations.entries()) {
    if (operations[i]?.servedBy !== 'generated') continue
    const schema = firstResponse(op)?.schema
    if (!schema) continue
    for (const warning of generate(schema, { schemas, seed: op.id }).warnings) warnings.push(`contract: ${op.method} ${op.path} (${op.id}): ${warning}`)
  }
  const served = new Set(operations.filter((op) => op.servedBy === 'resource').map((op) => op.resource))
  for (const resource of contract.resources) {
    if (resource.initialFrom !== 'generated' || !served.has(resource.type)) continue
    for (const warning of generate(resource.itemSchema, { schemas, seed: resource.type }).warnings) {
      warnings.push(`contract: the ${resource.type} items generated for ${resource.collectionPath}: ${warning}`)
    }
  }
  return warnings
}

function servedBy(op: ContractOperation, builtIn: RouteTable): ServedBy {
  const sample = op.path.replace(/\{[^}]+\}/g, 'x')
  const match = builtIn.match(op.method, sample)
  if (match && match !== 'method') return 'engine'
  if (op.resource) return 'resource'
  const response = firstResponse(op)
  if (!response) return 'none'
  return response.examples.length > 0 ? 'example' : 'generated'
}
