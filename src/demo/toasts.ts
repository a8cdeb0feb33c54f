import { button, el, link } from './dom.ts'

export type Tone = 'info' | 'success' | 'warning' | 'danger'

export interface ToastMessage {
  title: string
  body?: string
  tone?: Tone
  action?: { href: string; label: string }
}

const SHOWN_MS = 7000
const MAX_SHOWN = 3

/** Short-lived notices in a corner; each is a polite `role="status"` so it is read out without moving focus. */
export class Toasts {
  constructor(private readonly stack: HTMLElement) {
    // A toast never hides what the keyboard just reached: one in the way makes room.
    document.addEventListener('focusin', (event) => {
      const target = event.target
      if (!(target instanceof Element) || stack.contains(target)) return
      const spot = target.getBoundingClientRect()
      for (const toast of [...stack.children]) if (overlaps(toast.getBoundingClientRect(), spot)) toast.remove()
    })
  }

  show(message: ToastMessage): HTMLElement {
    const toast = el(
      'div',
      { class: `toast toast-${message.tone ?? 'info'}`, role: 'status', 'data-testid': 'toast' },
      el('div', { class: 'toast-text' },
        el('strong', { class: 'toast-title' }, message.title),
        el('span', { class: 'toast-line' },
          message.body ? el('span', { class: 'toast-body' }, message.body) : null,
          message.action ? link(message.action.href, message.action.label, { class: 'toast-action' }) : null,
        ),
      ),
      button('×', { class: 'toast-close', 'aria-label': 'Dismiss notification' }, () => toast.remove()),
    )
    this.stack.prepend(toast)
    while (this.stack.children.length > MAX_SHOWN) this.stack.lastElementChild?.remove()
    this.#expire(toast)
    return toast
  }

  /** Leaves after a while, but not while the pointer or the keyboard is on it. */
  #expire(toast: HTMLElement): void {
    let timer = setTimeout(() => toast.remove(), SHOWN_MS)
    const hold = () => clearTimeout(timer)
    const release = () => {
      clearTimeout(timer)
      timer = setTimeout(() => toast.remove(), SHOWN_MS / 2)
    }
    toast.addEventListener('mouseenter', hold)
    toast.addEventListener('focusin', hold)
    toast.addEventListener('mouseleave', release)
    toast.addEventListener('focusout', release)
  }
}

function overlaps(a: DOMRect, b: DOMRect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom
}
