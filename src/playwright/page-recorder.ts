import type { EntityStatusUpdateFrame, SocketFrame, WebhookPayloadOf } from '../core/wire/wire.ts'
import type { Verisim } from '../index.ts'

/** The payload of a webhook of event `E`; an event the scenario's types do not know is any JSON object. */
export type PayloadOf<E extends string> = [WebhookPayloadOf<E>] extends [never] ? { event: E; timestamp: string; [field: string]: unknown } : WebhookPayloadOf<E>

/** A webhook delivery as the mock made it (any endpoint), as last updated; `E` narrows it to one event. */
export interface SeenWebhook<E extends string = string> {
  id: string
  event: E
  url: string
  endpoint: string
  status: 'pending' | 'delivered' | 'dead'
  attempts: number
  payload: PayloadOf<E>
}

/**
 * The frame of type `T` the mock pushes: `loan_status_update` is the generic lifecycle frame with
 * its `loan_id`; a type it never sends is any JSON object with that type.
 */
export type FrameOf<T extends string> = [Extract<SocketFrame, { type: T }>] extends [never]
  ? T extends `${infer E}_status_update`
    ? EntityStatusUpdateFrame<E>
    : { type: T; [field: string]: unknown }
  : Extract<SocketFrame, { type: T }>

/** A frame the mock pushed to one of the page's sockets. */
export interface SeenFrame {
  url: string
  workspace: string | null
  frame: SocketFrame
}

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
        const webhook: SeenWebhook = { id: d.id, event: d.event, url: d.url, endpoint: d.endpoint, status: d.status, attempts: d.attempts, payload: JSON.parse(d.body) as PayloadOf<string> }
        report({ type: 'webhook', webhook })
      })
      engine.events.on('socket', (s) => {
        if (s.direction === 'out') report({ type: 'frame', frame: { url: s.url, workspace: s.workspace, frame: s.frame as SocketFrame } })
      })
      report({ type: 'started', document: performance.timeOrigin })
    },
  }
}
