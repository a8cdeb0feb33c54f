import { parseNodeId } from './world.ts'
import { TableSet } from './table-set.ts'
import {
  type EdgeRecord, type EntityRecord, type PartialReads, type SnapshotMeta, type SnapshotShelf, type Store, type StoreHead,
  type StoreOp, type StoreRest, type StoreSnapshot, type TableName, type Tables,
} from './store.ts'

/** The in-memory twin of the IndexedDB store, for unit tests and pages without IndexedDB. */
export class MemoryStore implements Store {
  readonly #tables = new TableSet(true)
  #version = 0
  /** By `workspace\0id`; metas are copied in and out, as a database would (states are strings). */
  readonly #snapshots = new Map<string, { meta: SnapshotMeta; state: string }>()

  readonly snapshots: SnapshotShelf = {
    list: async (workspace) => [...this.#snapshots.values()].filter(({ meta }) => meta.workspace === workspace).map(({ meta }) => ({ ...meta })).sort((a, b) => b.seq - a.seq),
    state: async (workspace, id) => this.#snapshots.get(`${workspace}\u0000${id}`)?.state,
    put: async (meta, state, drop) => {
      for (const id of drop) this.#snapshots.delete(`${meta.workspace}\u0000${id}`)
      this.#snapshots.set(`${meta.workspace}\u0000${meta.id}`, { meta: { ...meta }, state })
    },
    delete: async (workspace, id) => {
      this.#snapshots.delete(`${workspace}\u0000${id}`)
    },
  }

  readonly partial: PartialReads = {
    loadHead: async () => this.#head(),
    read: async <T extends TableName>(table: T, keys: readonly string[]) => {
      const stored = this.#tables.table(table)
      return keys.map((key) => copy(stored.get(key))) as Array<Tables[T] | undefined>
    },
    linked: async (workspace: string, node: string) => {
      const { id } = parseNodeId(node)
      const entities: EntityRecord[] = []
      for (const entity of this.#tables.table('entities').values()) {
        if (entity.workspace === workspace && Object.values(entity.data).includes(id)) entities.push(copy(entity))
      }
      const prefix = `${workspace}\u0000${node}\u0000`
      const edges: EdgeRecord[] = []
      for (const [key, edge] of this.#tables.table('edges')) if (key.startsWith(prefix)) edges.push(copy(edge))
      return { entities, edges }
    },
    loadRest: async (): Promise<StoreRest> => {
      const { entities, lifecycles, edges } = this.#tables.snapshot(this.#version, true)
      return { entities, lifecycles, edges }
    },
  }

  async load(): Promise<StoreSnapshot> {
    return this.#tables.snapshot(this.#version, true)
  }

  async write(ops: readonly StoreOp[]): Promise<number> {
    this.#tables.apply(ops)
    return ++this.#version
  }

  async version(): Promise<number> {
    return this.#version
  }

  close(): void {}

  #head(): StoreHead {
    const { workspaces, deliveries, delivery_log, dues } = this.#tables.snapshot(this.#version, true)
    let ordinal = 0
    for (const entity of this.#tables.table('entities').values()) ordinal = Math.max(ordinal, entity.ordinal)
    for (const delivery of deliveries) ordinal = Math.max(ordinal, delivery.ordinal)
    for (const log of delivery_log) for (const delivery of log.deliveries) ordinal = Math.max(ordinal, delivery.ordinal)
    return { workspaces, deliveries, delivery_log, dues, ordinal, version: this.#version }
  }
}

function copy<T>(value: T): T {
  return value === undefined ? value : structuredClone(value)
}

