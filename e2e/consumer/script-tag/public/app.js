// A page with no bundler and no build: plain script, plain fetch, plain WebSocket.
const API = 'http://localhost:3000'
const LIVE = 'ws://localhost:3001'
let token = null
const $ = (selector) => document.querySelector(selector)

async function call(method, path, body) {
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  const response = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const answer = await response.json()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${answer.message ?? ''}`)
  return answer
}

function showOrder(order) {
  let item = document.querySelector(`[data-order-id="${order.id}"]`)
  if (!item) {
    item = document.createElement('li')
    item.dataset.orderId = order.id
    $('#orders').append(item)
  }
  item.dataset.status = order.status
  item.textContent = `${order.id} · ${order.status}${order.tracking_number ? ` · ${order.tracking_number}` : ''}`
}

async function signIn(email, password) {
  const answer = await call('POST', '/api/auth/login', { email, password })
  token = answer.token
  $('[data-testid=account]').textContent = `Signed in as ${answer.user.name}`
  const socket = new WebSocket(LIVE)
  socket.onopen = () => socket.send(JSON.stringify({ type: 'init', workspace: 'default' }))
  socket.onmessage = (event) => {
    const frame = JSON.parse(event.data)
    if (frame.type !== 'order_status_update') return
    $('[data-testid=latest]').textContent = `${frame.order_id} is ${frame.status}`
    showOrder({ id: frame.order_id, status: frame.status, tracking_number: frame.tracking_number })
  }
  const products = await call('GET', '/api/products')
  $('#products').replaceChildren(
    ...products.map((product) => {
      const item = document.createElement('li')
      const button = document.createElement('button')
      button.type = 'button'
      button.textContent = `Order ${product.name}`
      button.onclick = async () => showOrder(await call('POST', '/api/orders', { product_id: product.id, quantity: 1 }))
      item.append(button)
      return item
    }),
  )
}

$('#sign-in').addEventListener('submit', (event) => {
  event.preventDefault()
  const form = new FormData(event.currentTarget)
  signIn(form.get('email'), form.get('password')).catch((error) => ($('[data-testid=account]').textContent = `Sign-in failed: ${error.message}`))
})

fetch('/real/ping')
  .then((response) => response.json())
  .then((answer) => ($('[data-testid=ping]').textContent = `pong from ${answer.from}`))

// The app does not wait for the mock: what it asks for as the page loads, over HTTP and over its
// socket, is answered by the mock once it has started. Whether it had started is noted for the tests.
let mockStarted = false
window.verisim.ready.then(() => (mockStarted = true))
const html = document.documentElement
html.dataset.mockAtFirstRequest = 'starting'
// A client that keeps the page's fetch as the page loads (as openapi-fetch's createClient does), used later.
const keptFetch = window.fetch
fetch(API + '/api/products')
  .then((response) => response.json())
  .then((products) => ($('[data-testid=catalogue]').textContent = `${products.length} products`))
  .catch((error) => ($('[data-testid=catalogue]').textContent = `No catalogue: ${error.message}`))
  .then(() => keptFetch(API + '/__mockforge/time-travel/status'))
  .then((response) => ($('[data-testid=kept]').textContent = `${response.status} ${response.headers.get('X-MockForge-Workspace')}`))
  .catch((error) => ($('[data-testid=kept]').textContent = `failed: ${error.message}`))
// The same catalogue with XMLHttpRequest, as axios asks.
const xhr = new XMLHttpRequest()
xhr.open('GET', API + '/api/products')
xhr.responseType = 'json'
xhr.onloadend = () => ($('[data-testid=by-xhr]').textContent = `${xhr.status}: ${xhr.response?.length} products`)
xhr.send()
const feed = new WebSocket(LIVE)
feed.onopen = () => feed.send(JSON.stringify({ type: 'init', workspace: 'default' }))
feed.onmessage = (event) => (html.dataset.firstFrame ??= JSON.parse(event.data).type)
if (mockStarted) html.dataset.mockAtFirstRequest = 'started'
html.dataset.app = 'ready'
