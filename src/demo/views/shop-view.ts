import type { Preferences, Product } from '../api.ts'
import { button, el, link } from '../dom.ts'
import { formatMoney, humanize } from '../format.ts'
import { orderHref } from '../router.ts'
import { settle } from '../settle.ts'
import { emptyState, hueOf, initials, pageHead, srOnly, type ShopContext, type View } from './view.ts'

/** `#/`: the products the backend picks for the signed-in persona, a category filter, ordering. */
export function shopView(ctx: ShopContext): View {
  const user = ctx.session.user
  const lede = el('span')
  const filters = el('div', { class: 'filters', role: 'group', 'aria-label': 'Filter by category', 'data-testid': 'category-filter' })
  const grid = el('ul', { class: 'product-grid', 'data-testid': 'products', 'aria-label': 'Products' })
  const error = el('p', { class: 'form-error', role: 'alert' })
  const node = el('div', { class: 'page' },
    pageHead(user ? `Picked for you, ${user.name.split(' ')[0] ?? user.name}` : 'All products', lede),
    filters, error, grid,
  )
  let categories: string[] | null = null
  let category: string | null = null
  let latest = 0

  async function load(): Promise<void> {
    const ticket = ++latest
    const result = await ctx.api.products(category)
    // Two quick filter clicks: only the answer to the last one is drawn.
    if (ticket !== latest) return
    if (!result.ok) {
      error.textContent = result.error.message
      // A scenario with an API of its own (its openapi.yaml) has no shop: say where its API is.
      const contract = ctx.scenario.contract
      if (result.status === 404 && contract) {
        lede.textContent = `Scenario '${ctx.scenario.name}' is not a shop: it serves its own API, ${contract.source.title} ` +
          `(${contract.operations.length} operations). Open the Verisim panel (Alt+Shift+V) and its Scenario tab to see them.`
      }
      return
    }
    error.textContent = ''
    const products = result.data
    // The backend names the persona it filtered for in a header; its preferences are the scenario's.
    const persona = result.persona === null ? null : ctx.scenario.personas.find((p) => p.id === result.persona)
    lede.textContent = persona === null
      ? 'Sign in to see the products picked for you.'
      : persona ? `Filtered for you: ${describe(persona.preferences)}.` : 'Filtered for you.'
    // The categories on offer are those of the unfiltered list, so a filter never hides the others.
    categories ??= [...new Set(products.map((p) => p.category))]
    drawFilters()
    grid.replaceChildren(...products.map(productCard))
    if (products.length === 0) grid.replaceChildren(el('li', { class: 'wide' }, emptyState('Nothing matches this filter.')))
  }

  /** Built once; a choice only flips `aria-pressed`, so the chip keeps keyboard focus. */
  function drawFilters(): void {
    if (filters.childElementCount > 0 || !categories || categories.length < 2) return
    const choices: Array<[string | null, string]> = [[null, 'All'], ...categories.map((c): [string, string] => [c, humanize(c)])]
    const chips = choices.map(([value, label]) =>
      button(label, { class: 'chip', 'aria-pressed': String(value === category) }, () => {
        category = value
        chips.forEach((chip, i) => chip.setAttribute('aria-pressed', String(choices[i]?.[0] === value)))
        settle(load(), 'products update')
      }),
    )
    filters.replaceChildren(...chips)
  }

  function productCard(product: Product): HTMLElement {
    const feedback = el('p', { class: 'form-error', role: 'alert' })
    return el('li', { class: 'product-card', 'data-product': product.id },
      el('div', { class: 'product-art', style: `--hue: ${hueOf(product.category)}`, 'aria-hidden': 'true' }, initials(product.name)),
      el('div', { class: 'product-body' },
        el('span', { class: 'tag' }, humanize(product.category)),
        el('h2', { class: 'product-name' }, product.name),
        el('p', { class: 'product-description' }, product.description),
      ),
      el('div', { class: 'product-foot' },
        el('div', { class: 'product-meta' },
          el('span', { class: 'price' }, formatMoney(product.price)),
          el('span', { class: product.in_stock ? 'stock' : 'stock stock-out' }, product.in_stock ? `In stock · ${product.stock}` : 'Out of stock'),
        ),
        buyForm(product, feedback),
        feedback,
      ),
    )
  }

  function buyForm(product: Product, feedback: HTMLElement): HTMLElement {
    if (!ctx.session.user) return link('#/login', 'Sign in to order', { class: 'button ghost' })
    const quantity = el('input', { type: 'number', name: 'quantity', min: '1', max: String(Math.max(product.stock, 1)), value: '1', inputmode: 'numeric', required: '' })
    const submit = el('button', { type: 'submit' }, 'Order', srOnly(` ${product.name}`))
    submit.disabled = !product.in_stock
    quantity.disabled = !product.in_stock
    const form = el('form', { class: 'buy' },
      el('label', { class: 'quantity' }, el('span', {}, 'Qty', srOnly(` of ${product.name}`)), quantity),
      submit,
    )
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      submit.disabled = true
      const done = order(product, Number(quantity.value), feedback).finally(() => {
        submit.disabled = !product.in_stock
      })
      settle(done, 'order')
    })
    return form
  }

  async function order(product: Product, quantity: number, feedback: HTMLElement): Promise<void> {
    const result = await ctx.api.placeOrder(product.id, quantity)
    if (!result.ok) {
      feedback.textContent = result.error.message
      return
    }
    feedback.textContent = ''
    ctx.navigate(orderHref(result.data.id))
  }

  return { node, refresh: load, follows: () => false }
}

function describe(preferences: Preferences): string {
  const parts = [preferences.categories.length > 0 ? preferences.categories.map(humanize).join(', ') : 'every category']
  if (preferences.max_price !== null) parts.push(`up to ${formatMoney(preferences.max_price)}`)
  if (preferences.in_stock_only) parts.push('in stock only')
  return parts.join(' · ')
}
