import type { Domain } from '../../model/domain.ts'
import { badRequest, notFound, VerisimError } from '../../errors.ts'
import { json, readJsonObject, requireString } from '../http.ts'
import type { Lifecycle } from '../../lifecycle/lifecycle.ts'
import type { LifecyclePreset, Persona } from '../../scenario/scenario.ts'
import {
  entityUpsertBody, lifecyclesUpdatedBody, personaActivatedBody, personaLifecycleBody, personaLifecycleSetBody, presetAppliedBody, presetDetails,
  presetListBody,
} from '../../wire/wire.ts'
import type { RouteTable } from './route.ts'

const BASE = '/api/v1/consistency'

function findPreset(domain: Domain, name: string): LifecyclePreset {
  const preset = domain.scenario.presets.find((p) => p.name === name || p.type === name)
  if (!preset) {
    const known = domain.scenario.presets.map((p) => p.name).join(', ') || 'none'
    throw notFound('preset_not_found', `No lifecycle preset '${name}' in scenario '${domain.scenario.name}'. Known presets: ${known}.`)
  }
  return preset
}

/**
 * What a body names as its persona: `persona_id`, or MockForge's `persona.id`; undefined when it
 * names none. A key that is there with null (or a `persona` that is no object) names something
 * wrong, not nothing.
 */
function namedPersona(body: Record<string, unknown>): unknown {
  if (Object.hasOwn(body, 'persona_id')) return body.persona_id
  if (!Object.hasOwn(body, 'persona')) return undefined
  const persona = body.persona
  if (!persona || typeof persona !== 'object' || Array.isArray(persona)) {
    throw badRequest('validation_error', "'persona' must be an object such as {\"id\": \"user-123\"}.", 'persona')
  }
  return Object.hasOwn(persona, 'id') ? (persona as Record<string, unknown>).id : null
}

/** The persona a body names (`persona_id`, MockForge's `user:` prefix allowed), else the active one. */
function personaOf(domain: Domain, workspace: string, body: Record<string, unknown>): Persona {
  const named = namedPersona(body)
  if (named !== undefined) {
    if (typeof named !== 'string' || named.trim() === '') throw badRequest('validation_error', "'persona_id' must be a non-empty string.", 'persona_id')
    const persona = domain.persona(named.replace(/^user:/, ''))
    if (!persona) {
      throw notFound('persona_not_found', `No persona '${named}' in scenario '${domain.scenario.name}'. Known personas: ${domain.scenario.personas.map((p) => p.id).join(', ')}.`)
    }
    return persona
  }
  const active = domain.activePersona(workspace)
  if (!active) throw notFound('no_active_persona', `No persona is active in workspace '${workspace}': name one with 'persona_id' or log in first.`)
  return active
}

function lifecycleOfPersona(domain: Domain, persona: Persona): Lifecycle {
  const lifecycle = persona.lifecycle && domain.lifecycles.get(persona.lifecycle.preset)
  if (!lifecycle) {
    throw new VerisimError('no_lifecycle', `Persona '${persona.id}' has no lifecycle in scenario '${domain.scenario.name}': apply a preset first (POST ${BASE}/lifecycle-presets/apply).`, 409)
  }
  return lifecycle
}

export function lifecycleRoutes(router: RouteTable): void {
  router.add('GET', `${BASE}/lifecycle-presets`, (domain) => json(presetListBody(domain.scenario.presets)))

  router.add('GET', `${BASE}/lifecycle-presets/:name`, (domain, req) => json(presetDetails(domain.scenario, findPreset(domain, req.params.name ?? ''))))

  router.add('POST', `${BASE}/lifecycle-presets/apply`, async (domain, req) => {
    const body = await readJsonObject(req.request)
    const preset = findPreset(domain, requireString(body, 'preset'))
    const persona = personaOf(domain, req.workspace, body)
    const lifecycle = domain.lifecycles.get(preset.name)
    if (!lifecycle) throw notFound('preset_not_found', `No lifecycle preset '${preset.name}'.`)
    const user = domain.setLifecycle(domain.personaEntity(req.workspace, persona), preset.initial, lifecycle)
    return json(presetAppliedBody(req.workspace, persona, preset, user))
  })

  router.add('GET', `${BASE}/persona/lifecycle`, (domain, req) => {
    const persona = personaOf(domain, req.workspace, Object.fromEntries(req.url.searchParams))
    return json(personaLifecycleBody(domain, req.workspace, persona, domain.personaEntity(req.workspace, persona)))
  })

  router.add('POST', `${BASE}/persona/lifecycle`, async (domain, req) => {
    const body = await readJsonObject(req.request)
    const persona = personaOf(domain, req.workspace, body)
    const lifecycle = lifecycleOfPersona(domain, persona)
    const state = requireString(body, body.initial_state === undefined && body.state !== undefined ? 'state' : 'initial_state')
    if (!lifecycle.states.includes(state)) {
      throw badRequest('invalid_state', `'${state}' is not a state of preset '${lifecycle.name}': use one of ${lifecycle.states.join(', ')}.`, 'initial_state')
    }
    const current = domain.personaEntity(req.workspace, persona)
    const user = current.lifecycle?.state === state ? current : domain.setLifecycle(current, state)
    return json(personaLifecycleSetBody(req.workspace, persona, user, state))
  })

  router.add('POST', `${BASE}/persona/update-lifecycles`, (domain, req) =>
    // The engine has brought every lifecycle of the workspace up to now before routing.
    json(lifecyclesUpdatedBody(domain, req.workspace, domain.pendingFacts > 0)),
  )

  router.add('POST', `${BASE}/persona`, async (domain, req) => {
    const body = await readJsonObject(req.request)
    if (namedPersona(body) === undefined) {
      throw badRequest('validation_error', "Name the persona: {\"persona_id\": \"…\"} (or MockForge's {\"persona\": {\"id\": \"…\"}}).", 'persona_id')
    }
    const persona = personaOf(domain, req.workspace, body)
    domain.activatePersona(req.workspace, persona)
    return json(personaActivatedBody(req.workspace, persona))
  })

  router.add('POST', `${BASE}/entities`, async (domain, req) => {
    const body = await readJsonObject(req.request)
    const type = requireString(body, 'entity_type')
    const id = requireString(body, 'entity_id')
    const data = body.data === undefined ? {} : body.data
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw badRequest('validation_error', "'data' must be a JSON object.", 'data')
    // `status` and the field a preset shows its state in (`status_field:`) follow the lifecycle.
    for (const reserved of new Set(['id', 'status', domain.statusFieldOf(type) ?? 'status'])) {
      if (reserved in data) {
        const why = reserved === 'id' ? 'it is entity_id' : 'it follows the lifecycle (POST persona/lifecycle moves a persona\'s)'
        throw badRequest('validation_error', `'data.${reserved}' cannot be set: ${why}.`, `data.${reserved}`)
      }
    }
    const now = domain.worldNow(req.workspace)
    const fields = data as Record<string, unknown>
    // A persona's user entity is made the way logging in makes it (with its subscription), then merged into.
    const existing = domain.world.entity(req.workspace, type, id)
    const persona = !existing && type === 'user' ? domain.persona(id) : null
    const base = existing ?? (persona ? domain.personaEntity(req.workspace, persona) : undefined)
    if (base) {
      const updated = { ...base, data: { ...base.data, ...fields }, updated_at: now }
      domain.world.putEntity(updated)
      // 200 whether it created or merged, as MockForge answers (the body's `created` tells them apart).
      return json(entityUpsertBody(domain, req.workspace, updated, !existing))
    }
    // An entity of a type a preset drives enters the preset's first state now; time moves it on.
    const lifecycle = domain.startLifecycle(type, now)
    const created = domain.world.createEntity({
      workspace: req.workspace, type, id, data: fields, created_at: now, ...(lifecycle ? { lifecycle } : {}),
    })
    return json(entityUpsertBody(domain, req.workspace, created, true))
  })
}
