import type { StorageMode } from '../core/engine/events.ts'
import { MemoryStore } from '../core/model/memory-store.ts'
import type { Store } from '../core/model/store.ts'
import { reasonOf } from './error-reason.ts'
import { IdbStore } from './idb-store.ts'

/** How long an open blocked by another connection (a tab still on an older schema) is waited for. */
const BLOCKED_MS = 3_000
/** How long an open that says nothing at all is waited for (some browsers leave it pending forever). */
const SILENT_MS = 10_000

export interface OpenedStore {
  store: Store
  storage: StorageMode
}

/**
 * The engine's store: the IndexedDB database, or, when it cannot be opened in any way (no
 * IndexedDB, storage blocked or full, a newer schema, an open that never answers), the memory
 * store, with one console warning that says why and what is lost.
 */
export async function openStore(database: string): Promise<OpenedStore> {
  try {
    return { store: await openIdb(database), storage: { kind: 'indexeddb', database } }
  } catch (error) {
    const reason = reasonOf(error)
    console.warn(
      `[verisim] IndexedDB could not be opened (${reason}): the mock keeps its state in memory. ` +
        'It will not survive a reload, and other tabs of this origin do not share it.',
    )
    return { store: new MemoryStore(), storage: { kind: 'memory', reason } }
  }
}

function openIdb(database: string): Promise<IdbStore> {
  if (typeof indexedDB === 'undefined' || indexedDB === null) return Promise.reject(new Error('this page has no indexedDB'))
  return new Promise((resolve, reject) => {
    let done = false
    const giveUp = (reason: string) => {
      if (done) return
      done = true
      reject(new Error(reason))
    }
    let timer = setTimeout(() => giveUp(`indexedDB.open('${database}') did not answer in ${SILENT_MS / 1000} s`), SILENT_MS)
    IdbStore.open(database, {
      blocked: () => {
        clearTimeout(timer)
        timer = setTimeout(
          () => giveUp(`indexedDB.open('${database}') was blocked for ${BLOCKED_MS / 1000} s by another connection to it, e.g. a tab on an older version`),
          BLOCKED_MS,
        )
      },
      // Converting a large database may take a while: it is under way, not stuck.
      upgrading: () => clearTimeout(timer),
    }).then(
      (store) => {
        clearTimeout(timer)
        // Opened after all, once given up on: the engine already runs on memory.
        if (done) return store.close()
        done = true
        resolve(store)
      },
      (error: unknown) => {
        clearTimeout(timer)
        if (!done) {
          done = true
          reject(error)
        }
      },
    )
  })
}
