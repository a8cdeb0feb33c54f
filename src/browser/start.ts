import { setupWorker } from 'msw/browser'
import { Engine } from '../core/engine.ts'
import { loadScenario, type Scenario, type ScenarioSource } from '../core/scenario.ts'
import { browserTabs } from './browser-tabs.ts'
import { httpHandlers } from './http-handlers.ts'
import { IdbStore } from './idb-store.ts'
import { timerScheduler } from './timer-scheduler.ts'
import { browserWebhookTransports } from './webhook-transports.ts'
import { installSocketRoute } from './websocket-route.ts'

export interface StartOptions {
  /** The scenario: its parsed files, or an already compiled one. */
  scenario: ScenarioSource | Scenario
  /** Where the MSW worker script is served. */
  workerUrl?: string
  /** IndexedDB database holding the state; one per scenario by default. */
  database?: string
}

export interface Verisim {
  readonly engine: Engine
  /** Stops serving, restores every patched global, closes the store. */
  stop(): Promise<void>
}

/** The composition root: opens the store, builds the engine, starts the worker, routes sockets. */
export async function startVerisim(options: StartOptions): Promise<Verisim> {
  const scenario = 'httpOrigins' in options.scenario ? options.scenario : loadScenario(options.scenario)
  for (const warning of scenario.warnings) console.warn(`[verisim] scenario '${scenario.name}': ${warning}`)

  const database = options.database ?? `verisim:${scenario.name}`
  const store = await IdbStore.open(database)
  const tabs = browserTabs(database)
  const webhooks = browserWebhookTransports()
  const engine = await Engine.start({
    scenario,
    store,
    now: () => Date.now(),
    scheduler: timerScheduler,
    webhooks,
    pageOrigin: location.origin,
    tabs,
  })
  const restoreSocket = installSocketRoute(engine)
  const worker = setupWorker(...httpHandlers(engine))
  try {
    await worker.start({
      onUnhandledRequest: 'bypass',
      quiet: true,
      serviceWorker: { url: options.workerUrl ?? `${import.meta.env.BASE_URL}mockServiceWorker.js` },
    })
  } catch (error) {
    restoreSocket()
    engine.stop()
    tabs.close()
    store.close()
    throw error
  }

  return {
    engine,
    async stop() {
      worker.stop()
      restoreSocket()
      engine.stop()
      await engine.settled()
      tabs.close()
      webhooks.close()
      store.close()
    },
  }
}
