import { badRequest } from '../../errors.ts'
import type { Domain } from '../../model/domain.ts'
import { checkKeptState, readSnapshotDocument, snapshotDocumentText } from '../../model/snapshot-document.ts'
import { captureState, describeState, findSnapshot, keepSnapshot, restoreState, shelfOf, stateOf, type SnapshotAccess } from '../../model/snapshot.ts'
import type { SnapshotMeta, SnapshotState } from '../../model/store.ts'
import { json, MAX_DOCUMENT_BYTES, readBodyText, readOptionalJsonObject } from '../http.ts'
import { snapshotBody, snapshotRestoredBody } from '../../wire/wire.ts'
import type { RouteRequest, RouteTable } from './route.ts'

const BASE = '/__verisim/snapshots'
const STATE = '/__verisim/state'

/**
 * Verisim's snapshots of a workspace: keep one, list them, go back to one, hand one to another
 * browser (export, import), and the workspace's state as it is now (`/__verisim/state`).
 */
export function snapshotRoutes(router: RouteTable, access: SnapshotAccess): void {
  const found = (req: RouteRequest) => findSnapshot(shelfOf(access), req.workspace, req.params.id ?? '')

  router.add('POST', BASE, async (domain, req) => {
    const body = await readOptionalJsonObject(req.request)
    const meta = await keepSnapshot(domain, shelfOf(access), req.workspace, body.name === undefined ? {} : { name: body.name })
    return json(snapshotBody(meta), 201, { Location: `${BASE}/${meta.id}` })
  })
  router.add('GET', BASE, async (_domain, req) => json((await shelfOf(access).list(req.workspace)).map(snapshotBody)))
  router.add('POST', `${BASE}/import`, async (domain, req) => {
    const { name, state } = readSnapshotDocument(domain.scenario, await readDocument(req.request))
    const chosen = req.url.searchParams.get('name') ?? name
    const meta = await keepSnapshot(domain, shelfOf(access), req.workspace, { name: chosen, state })
    return json(snapshotBody(meta), 201, { Location: `${BASE}/${meta.id}` })
  })
  router.add('GET', `${BASE}/:id`, async (_domain, req) => json(snapshotBody(await found(req))))
  router.add('DELETE', `${BASE}/:id`, async (_domain, req) => {
    const meta = await found(req)
    await shelfOf(access).delete(req.workspace, meta.id)
    return new Response(null, { status: 204 })
  })
  router.add('POST', `${BASE}/:id/restore`, async (domain, req) => {
    const meta = await found(req)
    return restored(domain, req, meta, checkKeptState(domain.scenario, meta, JSON.parse(await stateOf(shelfOf(access), meta)) as SnapshotState))
  })
  router.add('GET', `${BASE}/:id/export`, async (domain, req) => {
    const meta = await found(req)
    return exported(domain, meta, await stateOf(shelfOf(access), meta))
  })

  // The workspace as it is now, as an export no snapshot keeps (a link to this state, a file).
  router.add('GET', STATE, (domain, req) => {
    const state = captureState(domain, req.workspace)
    const text = JSON.stringify(state)
    const described = describeState(state, text, domain.wallNow())
    const meta: SnapshotMeta = { id: 'live', name: `state-${described.virtual_time}`, workspace: req.workspace, ...described, auto: false, trigger: null, seq: 0 }
    return exported(domain, meta, text)
  })
  // An export becomes a snapshot of the workspace (its name, suffixed when taken) and the workspace becomes it.
  router.add('PUT', STATE, async (domain, req) => {
    const { name, state } = readSnapshotDocument(domain.scenario, await readDocument(req.request))
    // The restore needs the whole world: a request run again once it is read must not keep the snapshot twice.
    domain.world.whole()
    const meta = await keepSnapshot(domain, shelfOf(access), req.workspace, { name, state, suffixTaken: true })
    return restored(domain, req, meta, state)
  })
}

function restored(domain: Domain, req: RouteRequest, meta: SnapshotMeta, state: SnapshotState): Response {
  restoreState(domain, req.workspace, meta, state)
  return json(snapshotRestoredBody(meta, domain.iso(req.workspace, state.world_time)))
}

/** The export, as a file to save (its text is made here: it embeds the stored state's JSON as it is). */
function exported(domain: Domain, meta: SnapshotMeta, state: string): Response {
  const file = `verisim-${meta.workspace}-${meta.name.replace(/[^\w.-]+/g, '_')}.json`
  return new Response(snapshotDocumentText(domain.scenario, meta, state, domain.wallNow()), {
    headers: { 'Content-Type': 'application/json', 'Content-Disposition': `attachment; filename="${file}"` },
  })
}

/** An exported snapshot (up to MAX_DOCUMENT_BYTES); text that is not JSON is a damaged export, said as such. */
async function readDocument(request: Request): Promise<unknown> {
  const text = await readBodyText(request, MAX_DOCUMENT_BYTES)
  if (text.trim() === '') throw badRequest('invalid_snapshot', 'The request body is empty: send an exported snapshot (GET /__verisim/snapshots/{id}/export).')
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw badRequest('invalid_snapshot', `The snapshot export is not JSON (${error instanceof Error ? error.message : String(error)}). Nothing was imported.`)
  }
}
