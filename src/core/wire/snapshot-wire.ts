import type { SnapshotMeta } from '../model/store.ts'
import type { SnapshotBody, SnapshotRestoredBody } from './verisim-types.ts'

/** A snapshot as the API lists it: the store's bookkeeping (its order, its world time) is left out. */
export function snapshotBody(meta: SnapshotMeta): SnapshotBody {
  const { seq: _seq, world_time: _worldTime, ...body } = meta
  return body
}

export function snapshotRestoredBody(meta: SnapshotMeta, virtualTime: string): SnapshotRestoredBody {
  return { snapshot: snapshotBody(meta), workspace: meta.workspace, virtual_time: virtualTime }
}
