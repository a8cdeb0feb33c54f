import { emptySnapshot, keyOf, TABLES, WORKSPACE_PREFIXED, type DeliveryRecord, type Store, type StoreOp, type StoreSnapshot, type TableName } from './store.ts'

/** The in-memory twin of the IndexedDB store, for unit tests and pages without IndexedDB. */
export class MemoryStore implements Store {
  readonly #tables = new Map<TableName, Map<string, unknown>>(TABLES.map((name) => [name, new Map()]))
  #version = 0

  async load(): Promise<StoreSnapshot> {
    const snapshot = emptySnapshot()
    snapshot.version = this.#version
    for (const name of TABLES) {
      ;(snapshot[name] as unknown[]) = [...this.#table(name).values()].map((value) => structuredClone(value))
    }
    return snapshot
  }

  async write(ops: readonly StoreOp[]): Promise<number> {
    for (const op of ops) {
      if ('clearWorkspace' in op) {
        this.#clear(op.clearWorkspace)
        continue
      }
      const table = this.#table(op.table)
      if ('put' in op) table.set(keyOf(op.table, op.put), structuredClone(op.put))
      else table.delete(op.delete)
    }
    return ++this.#version
  }

  async version(): Promise<number> {
    return this.#version
  }

  close(): void {}

  #clear(workspace: string): void {
    this.#table('workspaces').delete(workspace)
    for (const name of WORKSPACE_PREFIXED) {
      const table = this.#table(name)
      for (const key of table.keys()) if (key.startsWith(`${workspace}\u0000`)) table.delete(key)
    }
    const deliveries = this.#table('deliveries')
    for (const [key, value] of deliveries) if ((value as DeliveryRecord).workspace === workspace) deliveries.delete(key)
  }

  #table(name: TableName): Map<string, unknown> {
    const table = this.#tables.get(name)
    if (!table) throw new Error(`Unknown table '${name}'`)
    return table
  }
}
