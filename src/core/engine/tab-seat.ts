import { requestFromWire, responseFromWire, singleTab, toWire, type TabMessage, type Tabs } from './tabs.ts'

export interface TabSeatHost {
  /** Answers a request another tab forwarded while this one leads. */
  answer(request: Request): Promise<Response>
  /** What the leading tab announced, while this one follows. */
  replay(message: TabMessage): void
}

/**
 * An engine's seat among the origin's tabs (tabs.ts): whether it leads, forwarding to the leader
 * while it follows, and leaving the group to run alone once the store the tabs share is lost.
 */
export class TabSeat {
  #tabs: Tabs
  #unlisten: () => void
  #leading = false

  constructor(tabs: Tabs, host: TabSeatHost) {
    this.#tabs = tabs
    this.#unlisten = tabs.listen((message) => {
      if (!this.#leading) host.replay(message)
    })
    tabs.serve(async (wire) => toWire(await host.answer(requestFromWire(wire))))
  }

  get leading(): boolean {
    return this.#leading
  }

  /** Calls `lead` once this tab leads (at once, or when the leader goes away). */
  elect(lead: () => void): void {
    this.#tabs.elect(() => {
      this.#leading = true
      lead()
    })
  }

  /** Has the leading tab answer `request`. */
  async forward(request: Request): Promise<Response> {
    return responseFromWire(await this.#tabs.forward(await toWire(request)))
  }

  announce(message: TabMessage): void {
    this.#tabs.announce(message)
  }

  /**
   * Leaves the group for good and leads alone: another tab may take the lead of the shared
   * store, and this one neither follows it nor answers it. Says whether this tab led already.
   */
  leave(): boolean {
    const led = this.#leading
    this.stop()
    this.#tabs = singleTab()
    this.#unlisten = () => {}
    this.#leading = true
    return led
  }

  /** Stops listening and gives up the lead (or the wait for it). */
  stop(): void {
    this.#unlisten()
    this.#tabs.resign()
  }
}
