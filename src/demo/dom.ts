/** Builds elements from text only: data never becomes markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(props)) if (value !== undefined) node.setAttribute(name, value)
  node.append(...children)
  return node
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id)
  if (!node) throw new Error(`The demo page has no #${id}`)
  return node as T
}

export function prepend(list: HTMLElement, item: HTMLElement, keep = 50): void {
  list.prepend(item)
  while (list.children.length > keep) list.lastElementChild?.remove()
}
