/**
 * A request handler of the app's own, as MSW 2.x makes them (`http.get(…)`, `graphql.query(…)`),
 * with the app's msw or the one `verisim` bundles: the members Verisim relies on, so that the
 * package's types name no msw of their own (an app without msw installed still compiles them).
 */
export interface MockHandler {
  /** What the handler is for, e.g. `GET /api/products` (MSW's `info.header`). */
  readonly info: { readonly header: string }
  /** Whether the handler answers `request`. */
  test(args: { request: Request }): Promise<boolean>
  /** Answers `request` when the handler matches it; null when it does not. */
  run(args: { request: Request; requestId: string }): Promise<unknown>
}
