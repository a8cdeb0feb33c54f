import type { Domain } from '../model/domain.ts'
import type { Persona } from '../scenario/scenario.ts'
import type { ActivePersonaBody } from '../wire/wire.ts'

/** The workspace's persona as the leading tab knows it, asked over the consistency API by a tab that does not lead. */
export async function askActivePersona(domain: Domain, workspace: string, ask: (request: Request) => Promise<Response>): Promise<Persona | null> {
  const url = `http://verisim.internal/api/v1/consistency/persona?workspace=${encodeURIComponent(workspace)}`
  const response = await ask(new Request(url))
  if (!response.ok) return null
  const body = (await response.json()) as Partial<ActivePersonaBody>
  return domain.persona(body.persona?.id ?? null)
}
