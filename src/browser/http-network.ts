import type { RequestHandler } from 'msw'

/** Told of every answer a handler gave (the scenario's or one of the app's own). */
export type MockedListener = (event: { request: Request; response: Response }) => void

/** The running interception, whichever way it intercepts: MSW's worker or the page's patched globals. */
export interface HttpNetwork {
  use(...handlers: RequestHandler[]): void
  resetHandlers(): void
  stop(): void
}
