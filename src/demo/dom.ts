export type Child = Node | string | null | undefined | false

/** Builds elements from text only: data never becomes markup. Falsy children are skipped. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value)
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child)
  return node
}

export function button(label: Child | Child[], props: Partial<Record<string, string>>, onClick: (event: MouseEvent) => void): HTMLButtonElement {
  const node = el('button', { type: 'button', ...props }, ...(Array.isArray(label) ? label : [label]))
  node.addEventListener('click', onClick)
  return node
}

export function link(href: string, label: Child, props: Partial<Record<string, string>> = {}): HTMLAnchorElement {
  return el('a', { href, ...props }, label)
}

/** A term/description list from label → value pairs; null values are left out. */
export function details(rows: Array<[string, Child]>, props: Partial<Record<string, string>> = {}): HTMLDListElement {
  const list = el('dl', { class: 'details', ...props })
  for (const [term, value] of rows) {
    if (value === null || value === undefined || value === false) continue
    list.append(el('div', {}, el('dt', {}, term), el('dd', {}, value)))
  }
  return list
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id)
  if (!node) throw new Error(`The demo page has no #${id}`)
  return node as T
}
