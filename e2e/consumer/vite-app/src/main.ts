import { showBanner } from './banner.ts'
import { openLiveFeed, type Frame } from './live.ts'
import { backendClock } from './backend-clock.ts'
import { ping } from './ping.ts'
import { listOrders, listProducts, placeOrder, signIn, type Order, type Product } from './shop.ts'

const $ = <T extends HTMLElement = HTMLElement>(selector: string) => document.querySelector<T>(selector)!

let products: Product[] = []
const orders = new Map<string, Order>()
/** The latest status each order's frames told, which may arrive before the order's own answer. */
const live = new Map<string, Pick<Order, 'status' | 'tracking_number'>>()

function element(tag: string, text: string, attributes: Record<string, string> = {}): HTMLElement {
  const node = document.createElement(tag)
  node.textContent = text
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value)
  return node
}

function renderProducts(): void {
  $('#products').replaceChildren(
    ...products.map((product) => {
      const item = element('li', `${product.name} — $${product.price.toFixed(2)} `)
      const order = element('button', 'Order', { type: 'button', 'aria-label': `Order ${product.name}` })
      order.addEventListener('click', () => void buy(product))
      item.append(order)
      return item
    }),
  )
}

function renderOrders(): void {
  const list = [...orders.values()].map((order) => ({ ...order, ...live.get(order.id) }))
  $('[data-testid=order-count]').textContent = list.length === 0 ? 'No orders yet' : `${list.length} order${list.length === 1 ? '' : 's'}`
  $('#orders').replaceChildren(
    ...list.map((order) => {
      const name = products.find((p) => p.id === order.product_id)?.name ?? order.product_id
      const tracking = order.tracking_number ? ` · ${order.tracking_number}` : ''
      return element('li', `${order.id} · ${order.quantity} × ${name} · ${order.status}${tracking}`, {
        'data-testid': 'order',
        'data-order-id': order.id,
        'data-status': order.status,
      })
    }),
  )
}

function onFrame(frame: Frame): void {
  $('#frames').append(element('li', `${frame.type}${frame.order_id ? ` ${frame.order_id}` : ''}${frame.status ? ` ${frame.status}` : ''}`))
  if (frame.type !== 'order_status_update' || !frame.order_id || !frame.status) return
  $('[data-testid=latest-status]').textContent = `${frame.order_id} is ${frame.status}`
  live.set(frame.order_id, { status: frame.status, ...(frame.tracking_number ? { tracking_number: frame.tracking_number } : {}) })
  renderOrders()
}

async function buy(product: Product): Promise<void> {
  const order = await placeOrder(product.id)
  orders.set(order.id, order)
  renderOrders()
}

$<HTMLFormElement>('#sign-in').addEventListener('submit', (event) => {
  event.preventDefault()
  const form = new FormData(event.currentTarget as HTMLFormElement)
  void (async () => {
    try {
      const user = await signIn(String(form.get('email')), String(form.get('password')))
      $('[data-testid=account]').textContent = `Signed in as ${user.name}`
      openLiveFeed(onFrame, (state) => ($('[data-testid=socket]').textContent = state))
      products = await listProducts()
      for (const order of await listOrders()) orders.set(order.id, order)
      renderProducts()
      renderOrders()
    } catch (error) {
      $('[data-testid=account]').textContent = `Sign-in failed: ${(error as Error).message}`
    }
  })()
})

$<HTMLButtonElement>('#sign-in button').disabled = false
showBanner()
void backendClock().then((clock) => ($('[data-testid=clock]').textContent = clock))
ping().then(
  (answer) => ($('[data-testid=ping]').textContent = answer),
  (error: Error) => ($('[data-testid=ping]').textContent = `ping failed: ${error.message}`),
)
