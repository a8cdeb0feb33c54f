import type { EngineWarning, StorageMode } from './events.ts'

/**
 * Where the state lives once the store was lost while running, and the one warning that says why
 * (the browser's reason) and what is lost: persistence from now on, the origin's other tabs, and
 * (`partly`: lost before the world had been read whole) what was not read yet.
 */
export function storageLost(before: StorageMode | null, error: Error, partly = false): { storage: StorageMode; warning: EngineWarning } {
  const reason = error.message.replace(/\.\s*$/, '')
  const what = before?.kind === 'indexeddb' ? `IndexedDB '${before.database}'` : 'The store'
  const message =
    `${what} failed while running (${reason}): the mock goes on in memory with ` +
    (partly ? 'what it had read of the stored state since the page loaded; the rest, not read yet, is not available. ' : 'everything done so far. ') +
    'From now on its state will not survive a reload, and other tabs of this origin do not share it; reload to use IndexedDB again.'
  return { storage: { kind: 'memory', reason, lost: true }, warning: { source: 'storage', message } }
}
