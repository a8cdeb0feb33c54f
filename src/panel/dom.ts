export type Child = Node | string | number | null | undefined | false
type Value = string | number | boolean | null | undefined
export type Props = Record<string, Value | ((event: never) => void)>

/**
 * Builds an element from text only: data never becomes markup. `on…` props are listeners, a
 * `true` prop is an empty attribute, `false`/`null`/`undefined` leave it out.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  return fill(document.createElement(tag), props, children)
}

const SVG = 'http://www.w3.org/2000/svg'

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): SVGElementTagNameMap[K] {
  return fill(document.createElementNS(SVG, tag), props, children)
}

function fill<E extends Element>(node: E, props: Props | null, children: Child[]): E {
  for (const [name, value] of Object.entries(props ?? {})) {
    if (typeof value === 'function') node.addEventListener(name.slice(2), value as EventListener)
    else if (value === true) node.setAttribute(name, '')
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(name, String(value))
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) node.append(typeof child === 'number' ? String(child) : child)
  }
  return node
}

export function button(label: Child, onClick: (event: MouseEvent) => void, props: Props = {}): HTMLButtonElement {
  return h('button', { type: 'button', ...props, onclick: onClick }, label)
}

/** Pretty JSON for a `<pre>`; never throws (cycles and BigInts become a note). */
export function pretty(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2) ?? String(value)
  } catch (error) {
    return `(cannot show: ${error instanceof Error ? error.message : String(error)})`
  }
}
