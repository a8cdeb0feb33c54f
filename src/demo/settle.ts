/**
 * Runs a UI update to its end. A request cut short (the page reloading, the mock stopped) is
 * reported on the console; it must not become an uncaught error of the shop.
 */
export function settle(update: Promise<unknown>, what = 'update'): void {
  update.catch((error: unknown) => console.warn(`[shop] ${what} failed:`, error instanceof Error ? error.message : error))
}
