import type { Scenario } from '../../core/scenario/scenario.ts'
import type { ShopApi } from '../api.ts'
import { el, link, type Child } from '../dom.ts'
import { humanize } from '../format.ts'
import type { Frame } from '../live-feed.ts'
import type { Session } from '../session.ts'
import type { Toasts } from '../toasts.ts'

export interface ShopContext {
  api: ShopApi
  session: Session
  scenario: Scenario
  toasts: Toasts
  navigate(hash: string): void
}

/** What may have moved the world: a socket frame, a webhook about an order, or the clock. */
export type Change = Frame | { type: 'webhook'; order_id: string } | 'clock'

export interface View {
  readonly node: HTMLElement
  /** Loads and draws what the view shows; called on mount and whenever the world may have moved. */
  refresh(): Promise<void>
  /** Whether a change can change what this view shows. */
  follows(change: Change): boolean
}

/** The page's title block; the heading takes focus after a navigation so keyboard users start there. */
export function pageHead(title: Child, subtitle?: Child, ...extra: Child[]): HTMLElement {
  return el('div', { class: 'page-head' },
    el('div', {}, el('h1', { tabindex: '-1' }, title), subtitle ? el('p', { class: 'lede' }, subtitle) : null),
    ...extra,
  )
}

export function statusBadge(status: string | null, props: Record<string, string> = {}): HTMLElement {
  const value = status ?? 'none'
  return el('span', { class: `badge badge-${value.replace(/[^\w-]/g, '')}`, 'data-status': value, ...props }, humanize(value))
}

export function card(title: string, ...children: Child[]): HTMLElement {
  const id = `card-${title.toLowerCase().replace(/\W+/g, '-')}`
  return el('section', { class: 'card', 'aria-labelledby': id }, el('h2', { id }, title), ...children)
}

export function signInPrompt(why: string): HTMLElement {
  return el('div', { class: 'empty' },
    el('p', {}, why),
    link('#/login', 'Sign in', { class: 'button' }),
  )
}

export function emptyState(text: string, action?: { href: string; label: string }): HTMLElement {
  return el('div', { class: 'empty' }, el('p', {}, text), action ? link(action.href, action.label, { class: 'button' }) : null)
}

/** Text a screen reader reads and sighted users do not need (they see the card around it). */
export function srOnly(text: string): HTMLElement {
  return el('span', { class: 'sr-only' }, text)
}

export function initials(name: string): string {
  const words = name.split(/\s+/).filter((word) => /^\p{L}/u.test(word))
  return (words.length > 1 ? `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}` : name.slice(0, 2)).toUpperCase()
}

/** A stable, pleasant hue for a word (cards of one category share a colour). */
export function hueOf(word: string): number {
  let hash = 0
  for (const char of word) hash = (hash * 31 + char.charCodeAt(0)) % 360
  return hash
}
