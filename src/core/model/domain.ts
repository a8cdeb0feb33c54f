import { isoOf, toCalendar, worldNow, type ClockState, type WorldTime } from '../time/clock.ts'
import type { Fact } from './fact.ts'
import { apply, Lifecycle, type LifecycleRecord, type LifecycleStep } from '../lifecycle/lifecycle.ts'
import type { Persona, Product, Scenario } from '../scenario/scenario.ts'
import { DueIndex } from '../time/due-index.ts'
import { entityKey, type EntityRecord, type WorkspaceRecord } from './store.ts'
import { NotLoaded } from './not-loaded.ts'
import { nodeId, World } from './world.ts'

/**
 * The fact an entity type reports when its lifecycle takes a step. Whatever a state implies (a
 * tracking number once shipped) is derived from the lifecycle, so a step changes only that.
 */
export interface EntityBehaviour {
  transitionFact(entity: EntityRecord, step: LifecycleStep): { event: string; data: Record<string, unknown> }
}

/**
 * The model every channel shares: the world, the scenario, lifecycles and clocks. Routes and
 * socket sessions work through it; it queues facts, and the engine commits and publishes them.
 */
export class Domain {
  readonly lifecycles: Map<string, Lifecycle>
  #facts: Fact[] = []
  #world!: World
  #due = new Map<string, DueIndex>()
  /** Workspaces whose next due step may have changed since the last commit (see settleDues). */
  readonly #touched = new Set<string>()

  constructor(
    readonly scenario: Scenario,
    world: World,
    /** Wall-clock time in ms (world time is `worldNow(workspace)`). */
    readonly wallNow: () => number,
    readonly behaviours: Readonly<Record<string, EntityBehaviour>>,
  ) {
    this.lifecycles = new Map(scenario.presets.map((preset) => [preset.name, new Lifecycle(preset)]))
    this.world = world
  }

  get world(): World {
    return this.#world
  }

  /** A new world (loaded or re-read from the store) gets a fresh index of due steps. */
  set world(world: World) {
    this.#world = world
    this.#due = new Map()
    this.#touched.clear()
    world.observe((entity) => this.#track(entity))
  }

  #track(entity: EntityRecord): void {
    const record = entity.lifecycle
    const at = (record && this.lifecycles.get(record.preset)?.nextDue(record, entity.data, entity.updated_at)) ?? null
    this.#touched.add(entity.workspace)
    let index = this.#due.get(entity.workspace)
    if (!index) {
      if (at === null) return
      index = new DueIndex()
      this.#due.set(entity.workspace, index)
    }
    index.set(entityKey(entity.workspace, entity.type, entity.id), at, entity.ordinal)
  }

  workspace(id: string): WorkspaceRecord {
    return this.world.workspace(id, this.wallNow())
  }

  /** The workspace's world time now (its virtual clock; `wallNow` is the wall clock's). */
  worldNow(workspace: string): WorldTime {
    return worldNow(this.workspace(workspace).clock, this.wallNow())
  }

  /** ISO calendar time of a world instant, as the workspace's clock labels it now. */
  iso(workspace: string, at: WorldTime): string {
    return isoOf(toCalendar(this.workspace(workspace).clock, at))
  }

  setClock(workspace: string, clock: ClockState): void {
    this.world.setClock(this.workspace(workspace), clock)
  }

  persona(id: string | null): Persona | null {
    return id === null ? null : (this.scenario.personas.find((p) => p.id === id) ?? null)
  }

  activePersona(workspace: string): Persona | null {
    return this.persona(this.workspace(workspace).persona_id)
  }

  /** Makes `persona` the workspace's active persona (login, the consistency API). */
  activatePersona(workspace: string, persona: Persona): EntityRecord {
    const user = this.personaEntity(workspace, persona)
    const ws = this.workspace(workspace)
    if (ws.persona_id !== persona.id) this.world.putWorkspace({ ...ws, persona_id: persona.id })
    return user
  }

  /**
   * The persona's `user` entity in the workspace, created the first time the persona acts there,
   * with its own lifecycle (its subscription) when it has one.
   */
  personaEntity(workspace: string, persona: Persona): EntityRecord {
    const user = this.world.entity(workspace, 'user', persona.id)
    const lifecycle = persona.lifecycle && this.lifecycles.get(persona.lifecycle.preset)
    if (user && (user.lifecycle || !lifecycle)) return user
    const now = this.worldNow(workspace)
    const started = lifecycle && persona.lifecycle ? { lifecycle: lifecycle.start(now, persona.lifecycle.initial_state) } : {}
    if (user) {
      const updated = { ...user, ...started }
      this.world.putEntity(updated)
      return updated
    }
    const { email: _email, name: _name, subscription_tier: _tier, ...traits } = persona.traits
    return this.world.createEntity({
      workspace,
      type: 'user',
      id: persona.id,
      data: { ...traits, email: persona.email, name: persona.name, subscription_tier: persona.subscription_tier },
      created_at: now,
      ...started,
    })
  }

  product(id: string): Product | undefined {
    return this.scenario.products.find((p) => p.id === id)
  }

  lifecycleOf(type: string): Lifecycle | undefined {
    const preset = Object.hasOwn(this.scenario.entityLifecycles, type) ? this.scenario.entityLifecycles[type] : undefined
    return preset ? this.lifecycles.get(preset) : undefined
  }

  /**
   * The lifecycle a new entity of `type` starts with: its preset's first state, entered `now`;
   * undefined when no preset drives the type. Time moves it on from there (catchUp).
   */
  startLifecycle(type: string, now: WorldTime): LifecycleRecord | undefined {
    return this.lifecycleOf(type)?.start(now)
  }

  /** The field that shows the state of an entity of `type` (`status_field:`); null when no preset drives the type. */
  statusFieldOf(type: string): string | null {
    const name = Object.hasOwn(this.scenario.entityLifecycles, type) ? this.scenario.entityLifecycles[type] : undefined
    return this.scenario.presets.find((preset) => preset.name === name)?.statusField ?? null
  }

  /** Queues a fact; it reaches sockets and webhooks once the change that made it is stored. */
  report(workspace: string, event: string, at: WorldTime, subject: string, data: Record<string, unknown>): void {
    this.#facts.push({ workspace, event, at, timestamp: this.iso(workspace, at), subject, data })
  }

  /** Empties a workspace: it starts again as if never used (real time, no persona, no entities; its deliveries too unless kept). */
  resetWorkspace(workspace: string, keepDeliveries = false): void {
    this.forgetFacts(workspace)
    this.world.clearWorkspace(workspace, keepDeliveries)
    this.#due.delete(workspace)
  }

  /** Drops the facts the workspace reported in this unit of work: what they said is being undone. */
  forgetFacts(workspace: string): void {
    this.#facts = this.#facts.filter((fact) => fact.workspace !== workspace)
  }

  /** Facts reported in the current unit of work, not yet committed. */
  get pendingFacts(): number {
    return this.#facts.length
  }

  /**
   * Moves an entity's lifecycle to `state` now, outside its preset's timing (the consistency
   * API), or restarts it on another preset when `restart` is given. Reported like any step.
   */
  setLifecycle(entity: EntityRecord, state: string, restart?: Lifecycle): EntityRecord {
    const now = this.worldNow(entity.workspace)
    const from = entity.lifecycle?.state ?? ''
    const step = { from, to: state, at: now }
    const record = restart ? restart.start(now, state) : entity.lifecycle ? apply(entity.lifecycle, step) : undefined
    if (!record) return entity
    return this.#enter(entity, record, step)
  }

  takeFacts(): Fact[] {
    const facts = this.#facts
    this.#facts = []
    return facts
  }

  /**
   * Moves every lifecycle of the workspace up to its clock's now: each step in turn, stamped with
   * the instant its threshold was crossed, facts reported in time order across all entities.
   * Only entities with a step due are touched.
   */
  catchUp(workspace: string): void {
    const until = this.worldNow(workspace)
    // While the world loads, a step of an entity not read yet may be due: then it waits for all of them.
    const stored = this.world.complete ? null : this.world.due(workspace)
    if (stored !== null && stored !== undefined && stored <= until) throw new NotLoaded('all')
    const index = this.#due.get(workspace)
    if (!index) return
    for (let due = index.peek(); due && due.at <= until; due = index.peek()) {
      index.pop()
      const entity = this.world.entityAt(due.key)
      const step = entity && this.nextStep(entity)
      if (entity?.lifecycle && step) this.#enter(entity, apply(entity.lifecycle, step), step)
    }
  }

  /**
   * The step the entity's lifecycle takes next if time runs on, and when (world time); null
   * without a lifecycle or a transition that will come due. The one rule catch-up follows.
   */
  nextStep(entity: EntityRecord): LifecycleStep | null {
    const record = entity.lifecycle
    return (record && this.lifecycles.get(record.preset)?.nextStep(record, entity.data, entity.updated_at)) ?? null
  }

  /**
   * Workspaces with a lifecycle step pending. Not the stored workspace records: a workspace whose
   * only change is an entity (an upsert) has none, and its steps must still come due.
   */
  dueWorkspaces(): string[] {
    const due = new Set(this.#due.keys())
    if (!this.world.complete) for (const [workspace, at] of this.world.dueRecords()) if (at !== null) due.add(workspace)
    return [...due]
  }

  /** World instant of the next lifecycle step anywhere in the workspace, if one is pending (at the earliest, while loading). */
  nextDue(workspace: string): WorldTime | null {
    const next = this.#due.get(workspace)?.peek()?.at ?? null
    return this.world.complete ? next : earliest(this.world.due(workspace) ?? null, next)
  }

  /**
   * Queues the due records (DueRecord) of the workspaces whose steps changed, before a commit
   * takes the world's changes. While the world loads, entities not read may still be due at the
   * stored instant, so it only ever moves earlier then.
   */
  settleDues(): void {
    const { world } = this
    for (const workspace of this.#touched) {
      const next = this.#due.get(workspace)?.peek()?.at ?? null
      const stored = world.due(workspace) ?? null
      const at = world.complete ? next : earliest(stored, next)
      if (at !== stored) world.putDue(workspace, at)
    }
    this.#touched.clear()
  }

  #enter(entity: EntityRecord, lifecycle: LifecycleRecord, step: LifecycleStep): EntityRecord {
    const behaviour = this.behaviours[entity.type]
    const entered: EntityRecord = { ...entity, lifecycle }
    this.world.putEntity(entered)
    // Any other type with a lifecycle reports `<type>.<state>` (`loan.overdue`, with its `loan_id`).
    const fact = behaviour?.transitionFact(entered, step) ?? {
      event: `${entity.type}.${step.to}`,
      data: { [`${entity.type}_id`]: entity.id, status: step.to, previous_status: step.from },
    }
    this.report(entity.workspace, fact.event, step.at, nodeId(entity.type, entity.id), fact.data)
    return entered
  }
}

function earliest(a: WorldTime | null, b: WorldTime | null): WorldTime | null {
  return a === null ? b : b === null ? a : Math.min(a, b)
}
