import type { Scenario } from '../core/scenario/scenario.ts'
import { ShopApi, type User } from './api.ts'
import { button, byId, el, link } from './dom.ts'
import { toastFor } from './frame-toasts.ts'
import { LiveFeed, type Frame, type LinkState } from './live-feed.ts'
import { parseRoute, section, type Route } from './router.ts'
import { Session } from './session.ts'
import { settle } from './settle.ts'
import { TimeBar, type ClockFeed } from './time-bar.ts'
import { Toasts } from './toasts.ts'
import { accountView } from './views/account-view.ts'
import { loginView } from './views/login-view.ts'
import { orderView } from './views/order-view.ts'
import { ordersView } from './views/orders-view.ts'
import { shopView } from './views/shop-view.ts'
import { emptyState, initials, pageHead, type Change, type ShopContext, type View } from './views/view.ts'

const LINK_LABELS: Record<LinkState, string> = { connecting: 'Connecting', live: 'Live', offline: 'Offline' }

/** The shop's shell: header, clock bar, toasts, and the view of the current hash route. */
export class ShopApp {
  readonly #ctx: ShopContext
  readonly #live: LiveFeed
  readonly #timeBar: TimeBar
  readonly #main = byId('main')
  #view: View | null = null
  #pending = false
  #running: Promise<void> | null = null

  /** `clocks`: the shop's clock as the mock changes it, wherever the change is made. */
  constructor(scenario: Scenario, apiBase: string, clocks: ClockFeed) {
    const api = new ShopApi(apiBase)
    const session = new Session(api)
    this.#timeBar = new TimeBar(api, clocks, scenario.timeTravel, () => this.#refresh('clock'))
    this.#live = new LiveFeed(scenario.socketUrls[0])
    this.#ctx = {
      api,
      session,
      scenario,
      toasts: new Toasts(byId('toasts')),
      navigate: (hash) => {
        if (location.hash === hash) this.#render()
        else location.hash = hash
      },
    }
  }

  async start(): Promise<void> {
    // The hash is the route, so the skip link moves focus itself instead of changing it.
    document.querySelector('.skip-link')?.addEventListener('click', (event) => {
      event.preventDefault()
      ;(this.#main.querySelector<HTMLElement>('h1') ?? this.#main).focus()
    })
    byId('timebar').replaceWith(this.#timeBar.node)
    this.#timeBar.start()
    this.#live.onState((state) => {
      const dot = byId('link-state')
      dot.dataset.state = state
      dot.textContent = LINK_LABELS[state]
    })
    this.#live.onFrame((frame) => this.#onFrame(frame))
    this.#live.onHook((hook) => {
      // A webhook for the order on screen shows up in its list.
      if ('order_id' in hook.body) this.#refresh({ type: 'webhook', order_id: hook.body.order_id })
    })
    this.#live.start()
    await this.#ctx.session.load()
    this.#drawSession(this.#ctx.session.user)
    this.#ctx.session.onChange((user) => {
      this.#drawSession(user)
      this.#render()
    })
    window.addEventListener('hashchange', () => this.#render(true))
    this.#render()
  }

  #onFrame(frame: Frame): void {
    const toast = toastFor(frame, this.#ctx.session.user)
    if (toast) this.#ctx.toasts.show(toast)
    if (this.#view?.follows(frame)) this.#refresh(frame)
  }

  /** Mounts the view of the current route. */
  #render(moveFocus = false): void {
    const route = parseRoute(location.hash)
    this.#view = this.#viewFor(route)
    this.#main.replaceChildren(this.#view.node)
    for (const item of document.querySelectorAll<HTMLAnchorElement>('[data-nav]')) {
      if (item.dataset.nav === section(route)) item.setAttribute('aria-current', 'page')
      else item.removeAttribute('aria-current')
    }
    document.title = `${titleOf(route)} · Verisim Shop`
    if (moveFocus) this.#view.node.querySelector<HTMLElement>('h1')?.focus()
    this.#refresh(null)
  }

  #viewFor(route: Route): View {
    switch (route.name) {
      case 'shop':
        return shopView(this.#ctx)
      case 'orders':
        return ordersView(this.#ctx)
      case 'order':
        return orderView(this.#ctx, route.id)
      case 'account':
        return accountView(this.#ctx)
      case 'login':
        return loginView(this.#ctx)
      case 'missing':
        return {
          node: el('div', { class: 'page' }, pageHead('Page not found', `Nothing lives at ${route.path}.`), emptyState('Try the shop instead.', { href: '#/', label: 'Go to the shop' })),
          refresh: async () => undefined,
          follows: () => false,
        }
    }
  }

  /**
   * Redraws the current view when what it shows may have moved. Refreshes never overlap: a
   * burst of frames (a week of time travel) becomes one more refresh after the running one.
   */
  #refresh(reason: Change | null): void {
    const view = this.#view
    if (!view || (reason !== null && !view.follows(reason))) return
    if (this.#running) {
      this.#pending = true
      return
    }
    const run = async () => {
      do {
        this.#pending = false
        const current = this.#view
        if (current) await current.refresh()
      } while (this.#pending)
    }
    this.#running = run().finally(() => {
      this.#running = null
    })
    settle(this.#running, 'view refresh')
  }

  #drawSession(user: User | null): void {
    const slot = byId('session')
    if (!user) {
      slot.replaceChildren(link('#/login', 'Sign in', { class: 'button small', 'data-testid': 'sign-in' }))
      return
    }
    slot.replaceChildren(
      el('span', { class: 'avatar', 'aria-hidden': 'true' }, initials(user.name)),
      el('span', { class: 'session-text' },
        el('strong', { 'data-testid': 'who' }, user.name),
        el('span', { class: 'tier', 'data-testid': 'tier' }, user.subscription_tier),
      ),
      button('Sign out', { class: 'ghost small' }, () => settle(this.#ctx.session.logout().then(() => this.#ctx.navigate('#/')), 'sign out')),
    )
  }
}

function titleOf(route: Route): string {
  switch (route.name) {
    case 'shop':
      return 'Shop'
    case 'orders':
      return 'Orders'
    case 'order':
      return `Order ${route.id}`
    case 'account':
      return 'Account'
    case 'login':
      return 'Sign in'
    case 'missing':
      return 'Not found'
  }
}
