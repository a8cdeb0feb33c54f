import { h } from './dom.ts'
import { messageOf } from './panel-context.ts'

/** A line for the result or the error of the last action, read out politely (tabs and cards each have one). */
export class StatusLine {
  readonly element: HTMLParagraphElement

  constructor(attributes: Record<string, string> = {}) {
    this.element = h('p', { class: 'message', role: 'status', ...attributes })
  }

  say(text: string, error = false): void {
    this.element.textContent = text
    this.element.classList.toggle('error', error)
  }

  /** Runs a person's action: what it returns is said, its error shown, never thrown. */
  async act(action: () => Promise<string | void>): Promise<void> {
    try {
      this.say((await action()) ?? '')
    } catch (error) {
      this.say(messageOf(error), true)
    }
  }
}
