import type { Engine } from '../core/engine/engine.ts'
import { decodeStateLink, STATE_PARAM } from './state-link.ts'

/**
 * Restores the world a `?verisim-state=` link carries (the panel's "Copy link to this state"),
 * before the page's first mocked request is answered, then takes the parameter off the address
 * bar, so a reload keeps the world as it goes on. A link that cannot be restored is said on the
 * console with the reason, and stays in the address bar: nothing changed.
 */
export async function applyStateLink(engine: Engine): Promise<void> {
  const url = new URL(location.href)
  const value = url.searchParams.get(STATE_PARAM)
  if (value === null) return
  let document: unknown
  try {
    document = await decodeStateLink(value)
  } catch (error) {
    console.error(`[verisim] the ${STATE_PARAM} link was not restored: ${error instanceof Error ? error.message : String(error)} Nothing changed.`)
    return
  }
  const snapshot = (document as { snapshot?: { workspace?: unknown } } | null)?.snapshot
  const workspace = typeof snapshot?.workspace === 'string' ? snapshot.workspace : 'default'
  const answer = await engine.handle(new Request(new URL('/__verisim/state', location.origin), {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', 'X-MockForge-Workspace': workspace },
    body: JSON.stringify(document),
  }))
  const body = (await answer.json()) as { message?: string; snapshot?: { name: string }; virtual_time?: string }
  if (!answer.ok) {
    console.error(`[verisim] the ${STATE_PARAM} link was not restored (${answer.status}): ${body.message ?? 'no reason given'}`)
    return
  }
  console.info(`[verisim] workspace '${workspace}' restored from the link: snapshot '${body.snapshot?.name}' at ${body.virtual_time}.`)
  url.searchParams.delete(STATE_PARAM)
  history.replaceState(history.state, '', url)
}
