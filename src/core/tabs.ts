import type { DomainEvent } from './domain-event.ts'

/** What a tab tells the others after it stored a change. */
export interface TabMessage {
  version: number
  facts: DomainEvent[]
  /** Webhook deliveries the change added to the outbox. */
  deliveries: string[]
}

/**
 * How engines in several tabs of one origin share one store (SPEC §8): a lock that serialises
 * their read-modify-write cycles, a channel that carries committed facts to every tab's sockets,
 * and an election of the one tab that runs timers and the webhook outbox.
 */
export interface Tabs {
  withLock<T>(task: () => Promise<T>): Promise<T>
  announce(message: TabMessage): void
  listen(listener: (message: TabMessage) => void): () => void
  /** Calls `lead` once this tab is the leader (at once, or when the leader goes away). */
  elect(lead: () => void): void
  /** Gives up leadership (and stops waiting for it). */
  resign(): void
}

/** One engine alone: no lock to take, nobody to tell, always the leader. */
export function singleTab(): Tabs {
  return {
    withLock: (task) => task(),
    announce: () => {},
    listen: () => () => {},
    elect: (lead) => lead(),
    resign: () => {},
  }
}
