import {
  advanceClock, disableClock, enableClock, parseScale, parseTime, resetClock, scaleClock, setClock,
  type ClockState,
} from '../../time/clock.ts'
import type { Domain } from '../../model/domain.ts'
import { badRequest, VerisimError } from '../../errors.ts'
import { json, readOptionalJsonObject } from '../http.ts'
import { parseDuration } from '../../scenario/duration.ts'
import { keepBeforeChange, type SnapshotAccess } from '../../model/snapshot.ts'
import type { SnapshotTrigger } from '../../model/store.ts'
import { clockChangeBody, clockStatus } from '../../wire/wire.ts'
import type { RouteRequest, RouteTable } from './route.ts'

const BASE = '/__mockforge/time-travel'

type ClockChange = (clock: ClockState, wallNow: number, body: Record<string, unknown>) => ClockState

const changes: Record<string, ClockChange> = {
  enable: (clock, wallNow, body) =>
    enableClock(clock, wallNow, {
      ...(body.time !== undefined ? { time: parseTime(body.time) } : {}),
      ...(body.scale !== undefined ? { scale: parseScale(body.scale) } : {}),
    }),
  disable: (clock, wallNow) => disableClock(clock, wallNow),
  advance: (clock, wallNow, body) => advanceClock(clock, wallNow, parseDuration(body.duration)),
  set: (clock, wallNow, body) => {
    if (body.time === undefined) throw badRequest('invalid_time', "'time' is required: an ISO 8601 date-time such as \"2025-01-27T00:00:00Z\".", 'time')
    return setClock(clock, wallNow, parseTime(body.time))
  },
  scale: (clock, wallNow, body) => scaleClock(clock, wallNow, parseScale(body.scale ?? body.scale_factor)),
  reset: (clock, wallNow) => resetClock(clock, wallNow),
}

function status(domain: Domain, req: RouteRequest) {
  return clockStatus(domain.workspace(req.workspace).clock, domain.wallNow())
}

/** The changes an automatic snapshot is kept before, so that they can be undone. */
const UNDOABLE: ReadonlySet<string> = new Set<SnapshotTrigger>(['advance', 'set', 'reset'])

/** `snapshots`: where the automatic snapshot before an advance, set or reset is kept (none without). */
export function timeTravelRoutes(router: RouteTable, snapshots?: SnapshotAccess): void {
  router.add('GET', `${BASE}/status`, (domain, req) => json(status(domain, req)))
  for (const [name, change] of Object.entries(changes)) {
    router.add('POST', `${BASE}/${name}`, async (domain, req) => {
      if (!domain.scenario.timeTravel) {
        throw new VerisimError(
          'time_travel_disabled',
          `Scenario '${domain.scenario.name}' turns time travel off (time_travel.enabled or allow_time_manipulation is false): clocks follow real time.`,
          403,
        )
      }
      const body = await readOptionalJsonObject(req.request)
      // A change the body makes invalid is refused before anything is kept.
      change(domain.workspace(req.workspace).clock, domain.wallNow(), body)
      if (snapshots && UNDOABLE.has(name)) await keepBeforeChange(domain, snapshots, req.workspace, name as SnapshotTrigger)
      const wallNow = domain.wallNow()
      domain.setClock(req.workspace, change(domain.workspace(req.workspace).clock, wallNow, body))
      // Every lifecycle catches up before the answer, so the status and the world agree.
      domain.catchUp(req.workspace)
      return json(clockChangeBody(status(domain, req)))
    })
  }
}
