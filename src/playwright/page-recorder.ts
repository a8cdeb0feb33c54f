import type { Verisim } from '../index.ts'
import type { SeenFrame, SeenWebhook } from './fixture.ts'

/**
 * What the page's recorder tells the test. A document is named by its `performance.timeOrigin`:
 * a later document of the same page has a later one.
 */
export type Report =
  | { type: 'started'; document: number }
  | { type: 'webhook'; webhook: SeenWebhook }
  | { type: 'frame'; frame: SeenFrame }

/**
 * Runs in the page before its scripts (an init script: it must not use anything outside itself).
 * Once `startVerisim()` announces the mock through its test hook, it reports the start, every
 * delivery update and every frame pushed to a socket through the exposed function `binding`.
 * What happens in one task goes in one call: a day of time travel is thousands of frames.
 */
export function recorder(binding: string): void {
  const queue: Report[] = []
  const report = (message: Report): void => {
    if (queue.push(message) > 1) return
    queueMicrotask(() => {
      const batch = queue.splice(0)
      const send = (window as unknown as Record<string, unknown>)[binding]
      // The page may be unloading: what it could not say is lost with it.
      if (typeof send === 'function') (send(batch) as Promise<void>).catch(() => undefined)
    })
  }
  ;(globalThis as { verisimTestHook?: { started(verisim: Verisim): void } }).verisimTestHook = {
    started(verisim) {
      const { engine } = verisim
      window.verisimInstance = verisim
      engine.events.on('delivery', (d) => {
        const webhook = { id: d.id, event: d.event, url: d.url, endpoint: d.endpoint, status: d.status, attempts: d.attempts, payload: JSON.parse(d.body) as Record<string, unknown> }
        report({ type: 'webhook', webhook })
      })
      engine.events.on('socket', (s) => {
        if (s.direction === 'out') report({ type: 'frame', frame: { url: s.url, workspace: s.workspace, frame: s.frame as Record<string, unknown> } })
      })
      report({ type: 'started', document: performance.timeOrigin })
    },
  }
}
