import { emptySnapshot, keyOf, TABLES, WORKSPACE_PREFIXED, type DeliveryRecord, type StoreOp, type StoreSnapshot, type TableName, type Tables } from './store.ts'

/**
 * Records by table and key, changed by store ops exactly as a store applies them: the memory
 * store's tables, and a snapshot read in parts with the engine's later writes laid over it.
 */
export class TableSet {
  readonly #tables = new Map<TableName, Map<string, unknown>>(TABLES.map((name) => [name, new Map()]))

  /** `copy`: what is put is stored as a copy (a store keeps no reference to the engine's records). */
  constructor(private readonly copy: boolean) {}

  table<T extends TableName>(name: T): Map<string, Tables[T]> {
    return this.#tables.get(name) as Map<string, Tables[T]>
  }

  /** Adds records as read (keyed by keyOf). */
  fill<T extends TableName>(name: T, records: readonly Tables[T][]): void {
    const table = this.table(name)
    for (const record of records) table.set(keyOf(name, record), record)
  }

  apply(ops: readonly StoreOp[]): void {
    for (const op of ops) {
      if ('clearWorkspace' in op) {
        this.#clear(op.clearWorkspace, op.keepDeliveries === true)
        continue
      }
      const table = this.#tables.get(op.table) as Map<string, unknown>
      if ('put' in op) table.set(keyOf(op.table, op.put), this.copy ? structuredClone(op.put) : op.put)
      else table.delete(op.delete)
    }
  }

  snapshot(version: number, clone: boolean): StoreSnapshot {
    const snapshot = emptySnapshot()
    snapshot.version = version
    for (const name of TABLES) {
      const values = [...this.table(name).values()]
      ;(snapshot[name] as unknown[]) = clone ? values.map((value) => structuredClone(value)) : values
    }
    return snapshot
  }

  #clear(workspace: string, keepDeliveries: boolean): void {
    this.table('workspaces').delete(workspace)
    this.table('dues').delete(workspace)
    for (const name of WORKSPACE_PREFIXED) {
      if (keepDeliveries && name === 'delivery_log') continue
      const table = this.table(name)
      for (const key of table.keys()) if (key.startsWith(`${workspace}\u0000`)) table.delete(key)
    }
    if (keepDeliveries) return
    const deliveries = this.table('deliveries')
    for (const [key, value] of deliveries) if ((value as DeliveryRecord).workspace === workspace) deliveries.delete(key)
  }
}
