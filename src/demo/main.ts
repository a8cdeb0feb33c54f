import { startVerisim, type Verisim } from '../browser/start.ts'
import { installPanel } from '../panel/launcher.ts'
import { ShopApp } from './app.ts'
import { el, link } from './dom.ts'
import { loadScenarioFiles, scenarioNames } from './scenario-files.ts'
import type { ClockFeed } from './time-bar.ts'

const root = document.documentElement

/** Starts the mock for `?scenario=` (default `e2e-persona-flow`); `data-verisim` tells tests and tools how it went. */
async function startMock(): Promise<Verisim> {
  const name = new URLSearchParams(location.search).get('scenario') ?? 'e2e-persona-flow'
  const base = import.meta.env.BASE_URL
  const verisim = await startVerisim({ scenario: await loadScenarioFiles(name), workerDirectory: base })
  // The devtools panel: a small button at the bottom right, or Alt+Shift+V.
  installPanel(verisim.engine, { inspectorUrl: `${base}verisim-inspector.html`, mode: verisim.mode })
  root.dataset.verisim = 'ready'
  return verisim
}

function showFailure(title: string, message: string, offerScenarios: boolean): void {
  const panel = el('section', { class: 'card start-error', 'aria-labelledby': 'start-error-title' },
    el('h1', { id: 'start-error-title' }, title),
    el('p', { class: 'form-error', role: 'alert' }, message),
  )
  if (offerScenarios) {
    panel.append(
      el('p', { class: 'muted' }, 'Open one of the scenarios this build knows:'),
      el('ul', { class: 'scenario-list' }, ...scenarioNames().map((name) => el('li', {}, link(`?scenario=${encodeURIComponent(name)}`, name, { class: 'mono' })))),
    )
  }
  // Nothing runs: no clock to move, no live link to wait for.
  document.getElementById('timebar')?.remove()
  document.getElementById('link-state')?.remove()
  const main = document.getElementById('main')
  if (main) main.replaceChildren(panel)
  else document.body.prepend(panel)
}

startMock().then(
  async ({ engine }) => {
    const { scenario } = engine
    // The shop sends no workspace header, so its clock is the default workspace's.
    const clocks: ClockFeed = (listener) =>
      engine.events.on('clock', ({ workspace, status }) => {
        if (workspace === 'default') listener(status)
      })
    // The shop talks to the backend URL it was configured with, as it would to a real server.
    await new ShopApp(scenario, scenario.httpOrigins[0] ?? location.origin, clocks).start().catch((error: unknown) => {
      showFailure('The shop could not load', `The shop could not load: ${error instanceof Error ? error.message : String(error)}`, false)
      console.error(error)
    })
  },
  (error: unknown) => {
    root.dataset.verisim = 'error'
    root.dataset.verisimError = error instanceof Error ? error.message : String(error)
    showFailure('The shop could not start', `Verisim could not start: ${root.dataset.verisimError}`, true)
    console.error(error)
  },
)
