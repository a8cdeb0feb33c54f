/** The consistency API (MockForge's envelopes): the workspace's entities and its active persona. */
import type { Domain } from '../model/domain.ts'
import type { EntityRecord } from '../model/store.ts'
import { nodeId } from '../model/world.ts'
import type { Persona } from '../scenario/scenario.ts'
import { nextTransition } from './lifecycle-wire.ts'
import { orderBody, userBody } from './shop-wire.ts'
import type { ConsistencyStateBody, EntityData, EntityState, PersonaSummary } from './wire-types.ts'

/** An entity's own data in wire form (orders carry their lifecycle status and milestones). */
export function entityData(domain: Domain, entity: EntityRecord): EntityData {
  if (entity.type === 'order') return orderBody(domain, entity)
  return { id: entity.id, ...entity.data, ...(entity.lifecycle ? { status: entity.lifecycle.state } : {}) }
}

export function entityState(domain: Domain, entity: EntityRecord): EntityState {
  const iso = (at: number) => domain.iso(entity.workspace, at)
  return {
    entity_type: entity.type,
    entity_id: entity.id,
    data: entityData(domain, entity),
    seen_in_protocols: ['Http'],
    created_at: iso(entity.created_at),
    updated_at: iso(entity.lifecycle?.entered_at ?? entity.created_at),
    persona_id: nodeId(entity.type, entity.id),
    next_transition: nextTransition(domain, entity),
  }
}

export function personaSummary(persona: Persona): PersonaSummary {
  return { id: persona.id, domain: 'ecommerce', traits: userBody(persona) }
}

export function consistencyState(domain: Domain, workspace: string): ConsistencyStateBody {
  const persona = domain.activePersona(workspace)
  const entities = domain.world.entities(workspace)
  return {
    workspace_id: domain.workspace(workspace).id,
    active_persona: persona ? personaSummary(persona) : null,
    active_scenario: domain.scenario.name,
    entity_state: Object.fromEntries(entities.map((e) => [nodeId(e.type, e.id), entityState(domain, e)])),
    last_updated: domain.iso(workspace, domain.now(workspace)),
    version: entities.length,
  }
}
