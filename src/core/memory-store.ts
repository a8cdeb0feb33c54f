import { emptySnapshot, keyOf, TABLES, type Store, type StoreOp, type StoreSnapshot, type TableName } from './store.ts'

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

  #table(name: TableName): Map<string, unknown> {
    const table = this.#tables.get(name)
    if (!table) throw new Error(`Unknown table '${name}'`)
    return table
  }
}
