import type { LogEntry } from './event-log.ts'

/** A row of the timeline: one entry, or a run of the same request (a client polling) shown as its latest. */
export interface TimelineRow {
  latest: LogEntry
  count: number
}

/** The same request: channel, workspace, method, URL and status all alike (its id and time may differ). */
export function sameRequest(a: LogEntry, b: LogEntry): boolean {
  if (a.channel !== 'http' || b.channel !== 'http') return false
  return a.workspace === b.workspace && a.event.method === b.event.method && a.event.url === b.event.url && a.event.status === b.event.status
}

/** The rows of `entries` given newest first, at most `limit` of them. */
export function foldNewestFirst(entries: Iterable<LogEntry>, limit: number): TimelineRow[] {
  const rows: TimelineRow[] = []
  for (const entry of entries) {
    const last = rows.at(-1)
    if (last && sameRequest(last.latest, entry)) last.count++
    else if (rows.length === limit) break
    else rows.push({ latest: entry, count: 1 })
  }
  return rows
}

/**
 * Puts `entries` (oldest first, all newer than `top`) above `top`, the newest row shown: a repeat
 * of its request counts into it (`top` is updated in place). Returns the rows they add, oldest first.
 */
export function foldOnto(top: TimelineRow | null, entries: Iterable<LogEntry>): TimelineRow[] {
  const added: TimelineRow[] = []
  let newest = top
  for (const entry of entries) {
    if (newest && sameRequest(newest.latest, entry)) {
      newest.latest = entry
      newest.count++
    } else {
      newest = { latest: entry, count: 1 }
      added.push(newest)
    }
  }
  return added
}
