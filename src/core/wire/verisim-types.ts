/** The bodies of Verisim's own APIs (`/__verisim/…`): snapshots and the reality continuum. */
import type { SnapshotTrigger } from '../model/store.ts'

/** Where a route's reality ratio comes from (see the README's reality continuum). */
export type RealityRatioSource = 'manual' | 'route' | 'group' | 'schedule' | 'default'

/** `GET /__verisim/reality`: the continuum of the workspace now, and each route's ratio. */
export type RealityStatusBody = {
  enabled: boolean
  upstream: string | null
  merge_strategy: 'field_level' | 'weighted' | 'body_blend' | null
  transition_mode: 'manual' | 'time_based' | 'scheduled' | null
  virtual_time: string
  /** The ratio of a route no pattern names. */
  ratio: number
  source: RealityRatioSource
  routes: Array<{ pattern: string; group: string | null; ratio: number; source: RealityRatioSource }>
  /** Ratios set by hand, by pattern (`*`: every route), kept until the workspace is reset. */
  manual: Record<string, number>
}

/** `/__verisim/snapshots`: a snapshot as listed (its state is in the export). */
export type SnapshotBody = {
  id: string
  name: string
  workspace: string
  virtual_time: string
  created_at: string
  entities: number
  size_bytes: number
  auto: boolean
  trigger: SnapshotTrigger | null
}

/** `POST /__verisim/snapshots/{id}/restore`, `PUT /__verisim/state`: what the workspace was restored to. */
export type SnapshotRestoredBody = { snapshot: SnapshotBody; workspace: string; virtual_time: string }
