import type { Scenario } from '../core/scenario/scenario.ts'

/**
 * The worker script a page registers. Verisim's filter only sends what the scenario serves to the
 * page (its query names that) and everything else goes straight out; with handlers of the app's
 * own, MSW's worker, which sends everything to the page.
 */
export function defaultWorkerUrl(scenario: Pick<Scenario, 'httpOrigins' | 'pagePaths'>, directory: string, ownHandlers: boolean): string {
  const folder = directory.endsWith('/') ? directory : `${directory}/`
  if (ownHandlers) return new URL(`${folder}mockServiceWorker.js`, location.href).href
  const query = new URLSearchParams({ origins: scenario.httpOrigins.join(','), paths: scenario.pagePaths.join(',') })
  return new URL(`${folder}verisim-sw.js?${query}`, location.href).href
}
