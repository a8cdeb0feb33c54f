/** Asks the app's own server (not the shop's backend): `/real/ping` is served by vite.config.ts. */
export async function ping(): Promise<string> {
  const response = await fetch('/real/ping')
  const body = (await response.json()) as { pong: boolean; server: string; hits: number }
  return body.pong ? `pong from ${body.server}` : 'no pong'
}
