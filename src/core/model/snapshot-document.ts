import { badRequest, conflict } from '../errors.ts'
import type { Scenario } from '../scenario/scenario.ts'
import type { SnapshotMeta, SnapshotState } from './store.ts'

/** The version of an export's shape; an export of a newer one is refused, not guessed at. */
export const SNAPSHOT_SCHEMA_VERSION = 1

/** A snapshot as exported: any browser running the same scenario can import it. */
export interface SnapshotDocument {
  verisim: 'snapshot'
  schema_version: number
  scenario: string
  exported_at: string
  snapshot: Omit<SnapshotMeta, 'seq'>
  state: SnapshotState
}

/** An export as JSON text, with the state's JSON as stored (not parsed and written again). */
export function snapshotDocumentText(scenario: Scenario, meta: SnapshotMeta, state: string, wallNow: number): string {
  const { seq: _seq, ...snapshot } = meta
  const head: Omit<SnapshotDocument, 'state'> = {
    verisim: 'snapshot', schema_version: SNAPSHOT_SCHEMA_VERSION, scenario: scenario.name, exported_at: new Date(wallNow).toISOString(), snapshot,
  }
  return `${JSON.stringify(head).slice(0, -1)},"state":${state}}`
}

/**
 * Reads an exported snapshot for `scenario`: another scenario's, a newer version's or a damaged
 * one is a 400 naming what is wrong (the path of the first bad field), and nothing is kept of it.
 */
export function readSnapshotDocument(scenario: Scenario, value: unknown): { name: string; state: SnapshotState } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw notADocument(`it is ${show(value)}, not an object`)
  const doc = value as Record<string, unknown>
  if (doc.verisim !== 'snapshot') throw notADocument(`its "verisim" field is ${show(doc.verisim)}, not "snapshot"`)
  const version = doc.schema_version
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw badRequest('invalid_snapshot', `The snapshot export is damaged: "schema_version" must be a positive integer; got ${show(version)}. Nothing was imported.`, 'schema_version')
  }
  if (version > SNAPSHOT_SCHEMA_VERSION) {
    throw badRequest('snapshot_newer_version', `This snapshot export has schema version ${version}; this Verisim reads up to version ${SNAPSHOT_SCHEMA_VERSION}. Update Verisim to import it.`, 'schema_version')
  }
  if (doc.scenario !== scenario.name) {
    throw badRequest('snapshot_other_scenario', `This snapshot was taken with scenario ${show(doc.scenario)}, and this page runs scenario '${scenario.name}': its entities and lifecycles would not fit.`, 'scenario')
  }
  try {
    const meta = object(doc.snapshot, 'snapshot')
    const name = text(meta.name, 'snapshot.name')
    return { name, state: readState(scenario, object(doc.state, 'state')) }
  } catch (error) {
    if (error instanceof Damage) throw badRequest('invalid_snapshot', `The snapshot export is damaged: ${error.message} Nothing was imported.`)
    throw error
  }
}

/**
 * A kept snapshot's state, checked against the scenario as it is configured now (a persona or a
 * preset may have gone from the config since it was kept): one that no longer fits is a 409.
 */
export function checkKeptState(scenario: Scenario, meta: Pick<SnapshotMeta, 'id' | 'name'>, state: SnapshotState): SnapshotState {
  try {
    return readState(scenario, state as unknown as Record<string, unknown>)
  } catch (error) {
    if (!(error instanceof Damage)) throw error
    throw conflict('snapshot_outdated', `Snapshot '${meta.name}' (${meta.id}) no longer fits scenario '${scenario.name}' as it is configured now: ${error.message} Restore it with the config it was kept with, or delete it.`)
  }
}

function readState(scenario: Scenario, state: Record<string, unknown>): SnapshotState {
  const ws = object(state.workspace, 'state.workspace')
  const clock = object(ws.clock, 'state.workspace.clock')
  if (typeof clock.enabled !== 'boolean') invalid(`state.workspace.clock.enabled must be true or false; got ${show(clock.enabled)}.`)
  for (const field of ['scale', 'worldAnchor', 'realAnchor', 'labelOffset']) finite(clock[field], `state.workspace.clock.${field}`)
  if ((clock.scale as number) < 0) invalid(`state.workspace.clock.scale must not be negative; got ${show(clock.scale)}.`)
  const persona = ws.persona_id
  if (persona !== null && !scenario.personas.some((p) => p.id === persona)) {
    invalid(`state.workspace.persona_id ${show(persona)} is not a persona of scenario '${scenario.name}' (${scenario.personas.map((p) => p.id).join(', ') || 'it has none'}).`)
  }
  if (ws.reality !== undefined) {
    for (const [route, ratio] of Object.entries(object(ws.reality, 'state.workspace.reality'))) {
      if (typeof ratio !== 'number' || !(ratio >= 0 && ratio <= 1)) invalid(`state.workspace.reality[${JSON.stringify(route)}] must be a ratio from 0 to 1; got ${show(ratio)}.`)
    }
  }
  const seq = object(ws.seq, 'state.workspace.seq')
  for (const [key, n] of Object.entries(seq)) if (!Number.isInteger(n)) invalid(`state.workspace.seq.${key} must be an integer; got ${show(n)}.`)
  if (ws.endpoints !== undefined) {
    list(ws.endpoints, 'state.workspace.endpoints').forEach((value, i) => {
      const at = `state.workspace.endpoints[${i}]`
      const endpoint = object(value, at)
      for (const field of ['id', 'name', 'url']) text(endpoint[field], `${at}.${field}`)
      list(endpoint.events, `${at}.events`).forEach((event, j) => text(event, `${at}.events[${j}]`))
      if (endpoint.secret !== null) text(endpoint.secret, `${at}.secret`)
      finite(endpoint.created_at, `${at}.created_at`)
    })
  }
  finite(state.world_time, 'state.world_time')
  const presets = new Set(scenario.presets.map((p) => p.name))
  const seen = new Set<string>()
  list(state.entities, 'state.entities').forEach((value, i) => {
    const at = `state.entities[${i}]`
    const entity = object(value, at)
    const key = `${text(entity.type, `${at}.type`)}:${text(entity.id, `${at}.id`)}`
    if (seen.has(key)) invalid(`${at} is ${key} a second time.`)
    seen.add(key)
    object(entity.data, `${at}.data`)
    finite(entity.created_at, `${at}.created_at`)
    finite(entity.ordinal, `${at}.ordinal`)
    if (entity.updated_at !== undefined) finite(entity.updated_at, `${at}.updated_at`)
    if (entity.lifecycle === undefined) return
    const lifecycle = object(entity.lifecycle, `${at}.lifecycle`)
    if (!presets.has(text(lifecycle.preset, `${at}.lifecycle.preset`))) invalid(`${at}.lifecycle.preset ${show(lifecycle.preset)} is not a lifecycle preset of scenario '${scenario.name}'.`)
    text(lifecycle.state, `${at}.lifecycle.state`)
    finite(lifecycle.entered_at, `${at}.lifecycle.entered_at`)
    list(lifecycle.history, `${at}.lifecycle.history`).forEach((step, j) => {
      const entry = object(step, `${at}.lifecycle.history[${j}]`)
      text(entry.state, `${at}.lifecycle.history[${j}].state`)
      finite(entry.at, `${at}.lifecycle.history[${j}].at`)
    })
  })
  list(state.edges, 'state.edges').forEach((value, i) => {
    const edge = object(value, `state.edges[${i}]`)
    for (const field of ['from', 'rel', 'to']) text(edge[field], `state.edges[${i}].${field}`)
    if (!(edge.from as string).includes(':') || !(edge.to as string).includes(':')) invalid(`state.edges[${i}] must link graph nodes named 'type:id'.`)
  })
  list(state.deliveries, 'state.deliveries').forEach((value, i) => {
    const at = `state.deliveries[${i}]`
    const delivery = object(value, at)
    for (const field of ['id', 'endpoint', 'url', 'event', 'body']) text(delivery[field], `${at}.${field}`)
    if (!['pending', 'delivered', 'dead'].includes(delivery.status as string)) invalid(`${at}.status must be pending, delivered or dead; got ${show(delivery.status)}.`)
    for (const field of ['timestamp', 'attempts', 'created_at', 'ordinal']) finite(delivery[field], `${at}.${field}`)
  })
  return state as unknown as SnapshotState
}

function notADocument(why: string): Error {
  return badRequest('invalid_snapshot', `This is not a Verisim snapshot export: ${why} (GET /__verisim/snapshots/{id}/export makes one). Nothing was imported.`)
}

/** What is wrong with a state, at the path of its first bad field. */
class Damage extends Error {}

function invalid(message: string): never {
  throw new Damage(message)
}

function show(value: unknown): string {
  return value === undefined ? 'missing' : (JSON.stringify(value) ?? String(value)).slice(0, 80)
}

function object(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(`${at} must be an object; got ${show(value)}.`)
  return value as Record<string, unknown>
}

function list(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) invalid(`${at} must be an array; got ${show(value)}.`)
  return value
}

function text(value: unknown, at: string): string {
  if (typeof value !== 'string' || value === '') invalid(`${at} must be a non-empty string; got ${show(value)}.`)
  return value
}

function finite(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) invalid(`${at} must be a number; got ${show(value)}.`)
  return value
}
