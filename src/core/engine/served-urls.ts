import type { Scenario } from '../scenario/scenario.ts'


/** Whether an HTTP request to `url` is for a mock of `scenario` on a page of `pageOrigin`. */
export function serves(scenario: Scenario, pageOrigin: string | undefined, url: string | URL): boolean {
  const parsed = new URL(url)
  if (scenario.httpOrigins.includes(parsed.origin)) return true
  return parsed.origin === pageOrigin && scenario.pagePaths.some((path) => parsed.pathname.startsWith(path))
}

/** The scenario's socket URL that `url` opens (query and fragment aside), or null when the socket belongs to the network. */
export function socketUrlOf(scenario: Scenario, url: string | URL): string | null {
  const parsed = new URL(url)
  const canonical = `${parsed.protocol}//${parsed.host}${parsed.pathname}`
  return scenario.socketUrls.find((u) => u === canonical || u === `${canonical}/`) ?? null
}
