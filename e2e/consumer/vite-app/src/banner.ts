export const BANNER = 'Free shipping on every order'

export function showBanner(): void {
  document.querySelector('#banner')!.textContent = BANNER
}

// An edit to this file swaps the banner in place: no page reload.
if (import.meta.hot) {
  import.meta.hot.accept((next) => (next as typeof import('./banner.ts') | undefined)?.showBanner())
}
