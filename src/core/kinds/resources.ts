/**
 * Entities of a spec resource (`/api/loans` and `/api/loans/{id}`): stored in the world like
 * orders, per workspace, with the lifecycle a preset gives their type, linked in the persona
 * graph through their `<type>_id` fields.
 */
import { generate } from '../contract/generator.ts'
import { conflict, notFound, VerisimError } from '../errors.ts'
import type { Domain } from '../model/domain.ts'
import type { EntityRecord } from '../model/store.ts'
import { nodeId } from '../model/world.ts'
import type { Resource } from '../scenario/contract.ts'
import { settledState } from '../scenario/compile-presets.ts'
import type { LifecyclePreset } from '../scenario/scenario.ts'
import type { WorldTime } from '../time/clock.ts'
import { propertiesOf } from '../scenario/schema-ref.ts'

/** Items made from the schema when neither a data file nor the spec's examples give any. */
const GENERATED_ITEMS = 3
const TIMESTAMPS = ['created_at', 'updated_at', 'createdAt', 'updatedAt']

/** The field that shows a resource's lifecycle state, and the state, when a preset drives its type. */
export function statusOf(domain: Domain, entity: EntityRecord): { field: string; state: string } | null {
  const preset = presetOf(domain, entity.type)
  return preset && entity.lifecycle ? { field: preset.statusField, state: entity.lifecycle.state } : null
}

function presetOf(domain: Domain, type: string): LifecyclePreset | undefined {
  return Object.hasOwn(domain.scenario.entityLifecycles, type) ? domain.scenario.presets.find((p) => p.name === domain.scenario.entityLifecycles[type]) : undefined
}

function stateError(preset: LifecyclePreset, type: string, state: string): VerisimError {
  const states = preset.states.map((s) => s.name).join(', ')
  return new VerisimError('invalid_state', `'${preset.statusField}' must be a state of the ${type} lifecycle (${states}); got '${state}'.`, 400, preset.statusField)
}

/**
 * The first time a workspace meets a resource, it gets the resource's initial items (the
 * scenario's data file, else the spec's examples, else a few generated from the schema).
 * Only once: a workspace whose items were all deleted stays empty until it is reset.
 */
export function seedResource(domain: Domain, workspace: string, resource: Resource, resources: readonly Resource[]): void {
  const mark = `seeded:${resource.type}`
  if (domain.workspace(workspace).seq[mark] !== undefined) return
  domain.world.nextSeq(domain.workspace(workspace), mark, 1)
  const now = domain.worldNow(workspace)
  const items = resource.initialFrom === 'generated'
    ? Array.from({ length: GENERATED_ITEMS }, (_, i) => generated(domain, workspace, resource, resources, i, now))
    : resource.initial
  for (const item of items) {
    const id = givenId(resource, item[resource.idField]) ?? nextId(domain, workspace, resource)
    noteId(domain, workspace, resource, id)
    if (domain.world.entity(workspace, resource.type, id)) continue
    store(domain, workspace, resource, id, withoutId(resource, item), false, now)
  }
}

/** A generated item whose `<type>_id` fields name items that exist. */
function generated(domain: Domain, workspace: string, resource: Resource, resources: readonly Resource[], i: number, now: WorldTime): Record<string, unknown> {
  const { schemas } = domain.scenario.contract!.source
  const item = generate(resource.itemSchema, { schemas, seed: `${domain.scenario.name}:${resource.type}:${i}` }).value
  const fields = item && typeof item === 'object' && !Array.isArray(item) ? { ...(item as Record<string, unknown>) } : {}
  delete fields[resource.idField]
  // A generated item starts where its lifecycle starts, not in a state the generator picked, and now.
  const status = domain.statusFieldOf(resource.type)
  if (status !== null) delete fields[status]
  for (const name of TIMESTAMPS) if (name in fields) fields[name] = domain.iso(workspace, now)
  for (const [field, target] of Object.entries(resource.links)) {
    const linked = resources.find((r) => r.type === target)
    if (linked && linked !== resource) seedResource(domain, workspace, linked, resources)
    const ids = target === 'user' ? domain.scenario.personas.map((p) => p.id) : domain.world.entities(workspace, target).map((e) => e.id)
    if (ids.length > 0) fields[field] = typed(linked, ids[i % ids.length]!)
  }
  return fields
}

export function listItems(domain: Domain, workspace: string, resource: Resource, filters: URLSearchParams): EntityRecord[] {
  const { properties } = propertiesOf(resource.itemSchema, domain.scenario.contract!.source.schemas)
  const wanted = [...filters].filter(([name]) => Object.hasOwn(properties, name) && name !== 'workspace')
  const items = domain.world.entities(workspace, resource.type).sort((a, b) => a.ordinal - b.ordinal)
  if (wanted.length === 0) return items
  return items.filter((entity) => wanted.every(([name, value]) => {
    const actual = name === resource.idField ? entity.id : name === statusOf(domain, entity)?.field ? statusOf(domain, entity)?.state : entity.data[name]
    return actual !== undefined && String(actual) === value
  }))
}

export function findItem(domain: Domain, workspace: string, resource: Resource, id: string): EntityRecord {
  const entity = domain.world.entity(workspace, resource.type, id)
  if (!entity) throw notFound('not_found', `No ${resource.type} has id '${id}' in workspace '${workspace}'.`)
  return entity
}

/** The id an item names for itself (null: none, one is made); anything but a string or a finite number is refused. */
function givenId(resource: Resource, given: unknown): string | null {
  if (given === undefined || given === null) return null
  if ((typeof given === 'string' && given !== '') || (typeof given === 'number' && Number.isFinite(given))) return String(given)
  throw new VerisimError('invalid_id', `'${resource.idField}' must be a non-empty string or a number, or left out for the mock to make one.`, 400, resource.idField)
}

/** A new item from a POST body: its id from the body or made from the id schema; what the schema requires and the body lacks is generated. */
export function createItem(domain: Domain, workspace: string, resource: Resource, body: Record<string, unknown>): EntityRecord {
  const id = givenId(resource, body[resource.idField]) ?? nextId(domain, workspace, resource)
  if (domain.world.entity(workspace, resource.type, id)) throw conflict('already_exists', `A ${resource.type} with id '${id}' already exists.`)
  noteId(domain, workspace, resource, id)
  // One instant for the whole item: its timestamps are the instant its lifecycle starts.
  const now = domain.worldNow(workspace)
  const entity = store(domain, workspace, resource, id, completed(domain, workspace, resource, id, withoutId(resource, body), now), true, now)
  const status = statusOf(domain, entity)
  domain.report(workspace, `${resource.type}.created`, entity.created_at, nodeId(resource.type, id), {
    [`${resource.type}_id`]: id, ...(status ? { status: status.state } : {}),
  })
  return entity
}

/** PUT replaces an item's fields, PATCH merges into them; a new state in the status field moves its lifecycle there. */
export function changeItem(domain: Domain, entity: EntityRecord, resource: Resource, body: Record<string, unknown>, merge: boolean): EntityRecord {
  const now = domain.worldNow(entity.workspace)
  const fields = withoutId(resource, body)
  const field = domain.statusFieldOf(resource.type)
  const wanted = field !== null ? fields[field] : undefined
  if (field !== null) delete fields[field]
  const data = merge ? { ...entity.data, ...fields } : completed(domain, entity.workspace, resource, entity.id, { ...keptTimestamps(entity), ...fields }, now)
  for (const name of ['updated_at', 'updatedAt']) if (name in data) data[name] = domain.iso(entity.workspace, now)
  let changed: EntityRecord = { ...entity, data, updated_at: now }
  domain.world.putEntity(changed)
  const preset = presetOf(domain, resource.type)
  if (typeof wanted === 'string' && preset && entity.lifecycle && wanted !== entity.lifecycle.state) {
    if (!preset.states.some((s) => s.name === wanted)) throw stateError(preset, resource.type, wanted)
    changed = domain.setLifecycle(changed, wanted)
  }
  domain.report(entity.workspace, `${resource.type}.updated`, now, nodeId(resource.type, entity.id), { [`${resource.type}_id`]: entity.id })
  return changed
}

export function deleteItem(domain: Domain, entity: EntityRecord): void {
  domain.world.removeEntity(entity)
  domain.report(entity.workspace, `${entity.type}.deleted`, domain.worldNow(entity.workspace), nodeId(entity.type, entity.id), { [`${entity.type}_id`]: entity.id })
}

function store(domain: Domain, workspace: string, resource: Resource, id: string, fields: Record<string, unknown>, fresh: boolean, now: WorldTime): EntityRecord {
  const lifecycle = domain.lifecycleOf(resource.type)
  const preset = presetOf(domain, resource.type)
  const state = preset ? fields[preset.statusField] : undefined
  if (preset) delete fields[preset.statusField]
  const known = typeof state === 'string' && preset?.states.some((s) => s.name === state) === true
  // A client's new item enters the preset's first state (a PATCH moves it on); a data file or an
  // example may start an item in any state of the preset.
  if (fresh && typeof state === 'string' && preset && state !== preset.initial) {
    const why = known ? `new ${resource.type} entities start in '${preset.initial}'; change the state with PATCH once it exists` : stateError(preset, resource.type, state).message
    throw new VerisimError('invalid_state', why.endsWith('.') ? why : `${why}.`, 400, preset.statusField)
  }
  return domain.world.createEntity({
    workspace, type: resource.type, id, data: fields, created_at: now,
    // An initial item was already there: it starts where it says, else where the preset settles, with no step to report.
    ...(lifecycle && preset ? { lifecycle: lifecycle.start(now, fresh ? undefined : known ? state : settledState(preset)) } : {}),
  })
}

/** The body's fields with what the schema requires but the body lacks generated, and timestamps stamped with world time. */
function completed(domain: Domain, workspace: string, resource: Resource, id: string, fields: Record<string, unknown>, now: WorldTime): Record<string, unknown> {
  const { schemas } = domain.scenario.contract!.source
  const { properties, required } = propertiesOf(resource.itemSchema, schemas)
  const status = domain.statusFieldOf(resource.type)
  const out = { ...fields }
  for (const name of Object.keys(properties)) {
    if (name in out || name === resource.idField || name === status) continue
    if (TIMESTAMPS.includes(name)) out[name] = domain.iso(workspace, now)
    else if (required.includes(name)) out[name] = generate(properties[name]!, { schemas, seed: `${resource.type}:${id}:${name}` }).value
  }
  return out
}

function keptTimestamps(entity: EntityRecord): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entity.data).filter(([name]) => name === 'created_at' || name === 'createdAt'))
}

function withoutId(resource: Resource, body: Record<string, unknown>): Record<string, unknown> {
  const { [resource.idField]: _id, ...fields } = body
  return fields
}

function nextId(domain: Domain, workspace: string, resource: Resource): string {
  // Ids given by data files or clients may already hold the next number: it moves on past them.
  for (;;) {
    const n = domain.world.nextSeq(domain.workspace(workspace), `id:${resource.type}`, 1)
    const id = resource.idKind === 'integer' ? String(n)
      : resource.idKind === 'uuid' ? String(generate({ type: 'string', format: 'uuid' }, { schemas: {}, seed: `${workspace}:${resource.type}:${n}` }).value)
      : `${resource.type}-${n}`
    if (!domain.world.entity(workspace, resource.type, id)) return id
  }
}

/** An id given by data or a client (`7`, `book-7`) moves the sequence past it, so a made id rarely collides. */
function noteId(domain: Domain, workspace: string, resource: Resource, id: string): void {
  const n = resource.idKind === 'integer' ? /^(\d+)$/.exec(id)?.[1] : resource.idKind === 'prefixed' ? new RegExp(`^${resource.type}-(\\d+)$`).exec(id)?.[1] : undefined
  if (n === undefined) return
  const ws = domain.workspace(workspace)
  const current = ws.seq[`id:${resource.type}`] ?? 0
  if (Number(n) > current) domain.world.putWorkspace({ ...ws, seq: { ...ws.seq, [`id:${resource.type}`]: Number(n) } })
}

function typed(resource: Resource | undefined, id: string): unknown {
  return resource?.idKind === 'integer' && /^\d+$/.test(id) ? Number(id) : id
}
