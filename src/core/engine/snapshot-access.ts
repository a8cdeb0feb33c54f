import type { SnapshotAccess } from '../model/snapshot.ts'
import type { SnapshotShelf } from '../model/store.ts'
import type { EngineWarning } from './events.ts'

/** How the routes reach the snapshots of the store written to now; each warning about them is said once. */
export function snapshotAccess(shelf: () => SnapshotShelf | null, warn: (warning: EngineWarning) => void): SnapshotAccess {
  const said = new Set<string>()
  return {
    shelf,
    warn(message) {
      if (said.has(message)) return
      said.add(message)
      warn({ source: 'snapshots', message })
    },
  }
}
