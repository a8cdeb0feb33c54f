import type { EngineWarning, StorageMode } from './events.ts'

/**
 * Where the state lives once the store was lost while running, and the one warning that says why
 * (the browser's reason) and what is lost: persistence from now on, and the origin's other tabs.
 */
export function storageLost(before: StorageMode | null, error: Error): { storage: StorageMode; warning: EngineWarning } {
  const reason = error.message.replace(/\.\s*$/, '')
  const what = before?.kind === 'indexeddb' ? `IndexedDB '${before.database}'` : 'The store'
  const message =
    `${what} failed while running (${reason}): the mock goes on in memory with everything done so far. ` +
    'From now on its state will not survive a reload, and other tabs of this origin do not share it; reload to use IndexedDB again.'
  return { storage: { kind: 'memory', reason, lost: true }, warning: { source: 'storage', message } }
}
