import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import {
  emptySnapshot, keyOf, TABLES, type DeliveryRecord, type EdgeRecord, type EntityRecord, type Store, type StoreOp,
  type StoreSnapshot, type WorkspaceRecord,
} from '../core/store.ts'

interface VerisimDB extends DBSchema {
  workspaces: { key: string; value: WorkspaceRecord }
  entities: { key: string; value: EntityRecord }
  edges: { key: string; value: EdgeRecord }
  deliveries: { key: string; value: DeliveryRecord }
}

const VERSION = 1

/** The engine's store in IndexedDB: one object store per table, every write one transaction. */
export class IdbStore implements Store {
  private constructor(private readonly db: IDBPDatabase<VerisimDB>) {}

  static async open(name: string): Promise<IdbStore> {
    const db = await openDB<VerisimDB>(name, VERSION, {
      upgrade(database) {
        for (const table of TABLES) if (!database.objectStoreNames.contains(table)) database.createObjectStore(table)
      },
    })
    return new IdbStore(db)
  }

  async load(): Promise<StoreSnapshot> {
    const tx = this.db.transaction(TABLES, 'readonly')
    const snapshot = emptySnapshot()
    const [workspaces, entities, edges, deliveries] = await Promise.all([
      tx.objectStore('workspaces').getAll(),
      tx.objectStore('entities').getAll(),
      tx.objectStore('edges').getAll(),
      tx.objectStore('deliveries').getAll(),
    ])
    await tx.done
    return { ...snapshot, workspaces, entities, edges, deliveries }
  }

  async write(ops: readonly StoreOp[]): Promise<void> {
    if (ops.length === 0) return
    const tables = [...new Set(ops.map((op) => op.table))]
    const tx = this.db.transaction(tables, 'readwrite')
    for (const op of ops) {
      const store = tx.objectStore(op.table)
      // Requests are queued without awaiting each: one transaction, committed as a whole.
      if ('put' in op) void store.put(op.put as never, keyOf(op.table, op.put as never))
      else void store.delete(op.delete)
    }
    await tx.done
  }

  async clear(): Promise<void> {
    const tx = this.db.transaction(TABLES, 'readwrite')
    await Promise.all([...TABLES.map((table) => tx.objectStore(table).clear()), tx.done])
  }

  close(): void {
    this.db.close()
  }
}
