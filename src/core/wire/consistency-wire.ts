/** The consistency API (MockForge's envelopes): the workspace's entities and its active persona. */
import type { Domain } from '../model/domain.ts'
import type { EntityRecord } from '../model/store.ts'
import { nodeId } from '../model/world.ts'
import type { Persona } from '../scenario/scenario.ts'
import { nextTransition } from './lifecycle-wire.ts'
import { orderBody, userBody } from './shop-wire.ts'
import type {
  ActivePersonaBody, ConsistencyOrderBody, ConsistencyStateBody, ConsistencyUserBody, EntityData, EntityListBody, EntityState,
  EntityUpsertBody, PersonaActivatedBody, PersonaSummary, RelatedEntitiesBody, StateResetBody, UserOrderListBody,
} from './wire-types.ts'

/**
 * An entity's own data in wire form (orders carry their lifecycle status and milestones). Any
 * other entity with a lifecycle shows its state in its preset's status field (`status` unless
 * the preset's `status_field:` names another).
 */
export function entityData(domain: Domain, entity: EntityRecord): EntityData {
  if (entity.type === 'order') return orderBody(domain, entity)
  const record = entity.lifecycle
  if (!record) return { id: entity.id, ...entity.data }
  const field = domain.scenario.presets.find((preset) => preset.name === record.preset)?.statusField ?? 'status'
  return { id: entity.id, ...entity.data, [field]: record.state }
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
    last_updated: domain.iso(workspace, domain.worldNow(workspace)),
    version: entities.length,
  }
}

export function stateResetBody(workspace: string, removed: { entities: number; deliveries: number }): StateResetBody {
  return { success: true, workspace, removed: { entities: removed.entities, deliveries: removed.deliveries } }
}

export function activePersonaBody(workspace: string, persona: Persona): ActivePersonaBody {
  return { workspace, persona: { ...personaSummary(persona), preferences: persona.preferences } }
}

export function personaActivatedBody(workspace: string, persona: Persona): PersonaActivatedBody {
  return { success: true, workspace, persona_id: persona.id }
}

export function entityListBody(domain: Domain, workspace: string, entities: readonly EntityRecord[]): EntityListBody {
  return { workspace, entities: entities.map((e) => entityState(domain, e)), count: entities.length }
}

/** The entities one hop from `entity` along `relationship`. */
export function relatedEntitiesBody(domain: Domain, entity: EntityRecord, relationship: string, related: readonly EntityRecord[]): RelatedEntitiesBody {
  return { node: nodeId(entity.type, entity.id), relationship, entities: related.map((e) => entityState(domain, e)), count: related.length }
}

export function entityUpsertBody(domain: Domain, workspace: string, entity: EntityRecord, created: boolean): EntityUpsertBody {
  return { success: true, workspace, created, entity: entityState(domain, entity) }
}

export function consistencyUserBody(domain: Domain, user: EntityRecord, orders: readonly EntityRecord[]): ConsistencyUserBody {
  return { ...entityData(domain, user), order_ids: orders.map((o) => o.id), order_count: orders.length }
}

export function userOrderListBody(domain: Domain, user: EntityRecord, orders: readonly EntityRecord[]): UserOrderListBody {
  return { user_id: user.id, orders: orders.map((o) => orderBody(domain, o)), count: orders.length }
}

/** An order with its user's name and email (left out when no such user exists). */
export function consistencyOrderBody(domain: Domain, order: EntityRecord, user: EntityRecord | undefined): ConsistencyOrderBody {
  return {
    ...orderBody(domain, order),
    // The id its user was looked up by: a string even where the stored field is not (an upserted order's may be anything).
    user_id: String(order.data.user_id),
    ...(user ? { user_name: user.data.name as string, user_email: user.data.email as string } : {}),
  }
}
