// The library's front desk, with no bundler: the API its openapi.yaml describes, over plain fetch
// and a plain WebSocket. Everything the backend says is shown as text.
const API = 'http://localhost:4010'
const LIVE = 'ws://localhost:4011'
const $ = (selector) => document.querySelector(selector)

const books = new Map()
const members = new Map()
/** Each loan as last told (by an answer or a frame), and the statuses it went through on this page. */
const loans = new Map()

async function call(method, path, body) {
  const headers = body === undefined ? {} : { 'Content-Type': 'application/json' }
  const response = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const answer = await response.json()
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${answer.message ?? ''}`)
  return { status: response.status, body: answer }
}

function showLoan(loan) {
  const known = loans.get(loan.id) ?? { trail: [] }
  const merged = { ...known, ...loan }
  if (merged.trail.at(-1) !== loan.status) merged.trail = [...merged.trail, loan.status]
  loans.set(loan.id, merged)
  let item = document.querySelector(`[data-loan-id="${CSS.escape(loan.id)}"]`)
  if (!item) {
    item = document.createElement('li')
    item.dataset.testid = 'loan'
    item.dataset.loanId = loan.id
    $('#loans').append(item)
  }
  item.dataset.status = merged.status
  item.dataset.trail = merged.trail.join(' → ')
  const book = books.get(merged.book_id)?.title ?? merged.book_id ?? '?'
  const member = members.get(merged.member_id)?.name ?? merged.member_id ?? '?'
  item.textContent = `${merged.id} · ${book} · ${member} · ${merged.status}`
}

/** Opens the circulation feed; resolves once the mock has acknowledged it, so no update is missed. */
function openFeed() {
  return new Promise((resolve) => {
    const socket = new WebSocket(LIVE)
    socket.onopen = () => socket.send(JSON.stringify({ type: 'init', workspace: 'default' }))
    socket.onclose = () => ($('[data-testid=feed]').textContent = 'Disconnected')
    socket.onmessage = (event) => {
      const frame = JSON.parse(event.data)
      if (frame.type === 'init_ack') {
        $('[data-testid=feed]').textContent = 'Live'
        resolve(socket)
      }
      if (frame.type === 'loan_status_update') showLoan({ id: frame.loan_id, status: frame.status })
    }
  })
}

async function borrow(book) {
  const member = $('#member').value
  try {
    const { status, body } = await call('POST', '/api/loans', { book_id: book.id, member_id: member })
    $('[data-testid=borrowed]').textContent = `${status} ${body.id}: ${book.title} for ${members.get(member)?.name ?? member}`
    // Frames may already have told this loan's steps; the answer fills in its fields.
    const known = loans.get(body.id)
    showLoan(known ? { ...body, status: known.status } : body)
  } catch (error) {
    $('[data-testid=borrowed]').textContent = `Borrowing failed: ${error.message}`
  }
}

async function start() {
  await openFeed()
  for (const member of (await call('GET', '/api/members')).body) members.set(member.id, member)
  $('#member').replaceChildren(
    ...[...members.values()].map((member) => {
      const option = document.createElement('option')
      option.value = member.id
      option.textContent = member.name
      return option
    }),
  )
  for (const book of (await call('GET', '/api/books')).body) books.set(book.id, book)
  $('#books').replaceChildren(
    ...[...books.values()].map((book) => {
      const item = document.createElement('li')
      item.dataset.testid = 'book'
      item.textContent = `${book.title} (${book.published_year}) `
      const button = document.createElement('button')
      button.type = 'button'
      button.textContent = 'Borrow'
      button.setAttribute('aria-label', `Borrow ${book.title}`)
      button.onclick = () => borrow(book)
      item.append(button)
      return item
    }),
  )
  for (const loan of (await call('GET', '/api/loans')).body.items) showLoan(loan)
  document.documentElement.dataset.app = 'ready'
}

// No need to wait for the mock: its first requests wait for it.
start().catch((error) => ($('[data-testid=feed]').textContent = `The library could not start: ${error.message}`))
