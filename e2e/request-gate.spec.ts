import { expect, test } from './support/fixtures.ts'

// What the script tag puts in place before its scenario arrives, on stand-in globals (the page's own stay untouched).
const PAGE = '/e2e/fixtures/no-mock.html'

test('a socket opened before the page knows its route waits CONNECTING, then relays everything to and from the socket it is given', async ({ page }) => {
  await page.goto(PAGE)
  const seen = await page.evaluate(async () => {
    const { PendingWebSocket } = await import('/src/browser/pending-socket.ts' as string)
    const log: string[] = []
    const socket = new PendingWebSocket('ws://localhost:3001/ws')
    socket.onopen = () => log.push('onopen')
    socket.onmessage = (event: MessageEvent) => log.push(`onmessage ${event.data}`)
    socket.addEventListener('message', (event: MessageEvent) => log.push(`listener ${event.data}`))
    socket.onclose = (event: CloseEvent) => log.push(`onclose ${event.code} ${event.reason}`)
    socket.binaryType = 'arraybuffer'
    let refused = ''
    try {
      socket.send('too early')
    } catch (error) {
      refused = (error as DOMException).name
    }
    const pendingState = socket.readyState
    // A stand-in for the socket it stands for: what it is sent, and events it fires.
    const real = Object.assign(new EventTarget(), { readyState: 0, binaryType: 'blob', protocol: '', extensions: '', bufferedAmount: 0, sent: [] as string[], send(data: string) { this.sent.push(data) }, close(this: EventTarget, code: number, reason: string) { this.dispatchEvent(new CloseEvent('close', { code, reason, wasClean: true })) } })
    socket.connect(() => real as unknown as WebSocket)
    real.readyState = 1
    real.dispatchEvent(new Event('open'))
    socket.send('hello')
    real.dispatchEvent(new MessageEvent('message', { data: 'world' }))
    socket.close(1000, 'bye')
    return { log, refused, pendingState, binaryType: real.binaryType, sent: real.sent, url: socket.url, instance: socket instanceof EventTarget }
  })
  expect(seen).toEqual({
    log: ['onopen', 'onmessage world', 'listener world', 'onclose 1000 bye'],
    refused: 'InvalidStateError',
    pendingState: 0,
    binaryType: 'arraybuffer',
    sent: ['hello'],
    url: 'ws://localhost:3001/ws',
    instance: true,
  })
})

test('a pending socket closed before its route is known closes without connecting; one whose mock failed fails as refused', async ({ page }) => {
  await page.goto(PAGE)
  const seen = await page.evaluate(async () => {
    const { PendingWebSocket } = await import('/src/browser/pending-socket.ts' as string)
    const closedEarly = new PendingWebSocket('ws://localhost:3001/')
    const log: string[] = []
    closedEarly.onclose = (event: CloseEvent) => log.push(`closed ${event.code}`)
    closedEarly.close()
    const closing = closedEarly.readyState
    let opened = false
    closedEarly.connect(() => ((opened = true), new EventTarget() as unknown as WebSocket))
    const failed = new PendingWebSocket('ws://localhost:3001/')
    failed.onerror = () => log.push('error')
    failed.onclose = (event: CloseEvent) => log.push(`failed ${event.code} ${event.wasClean}`)
    failed.connect(new Error('the mock did not start'))
    return { log, closing, closed: closedEarly.readyState, opened, failedState: failed.readyState }
  })
  expect(seen).toEqual({ log: ['closed 1005', 'error', 'failed 1006 false'], closing: 2, closed: 3, opened: false, failedState: 3 })
})

test("the gate holds fetch and XMLHttpRequest calls until it opens, then lets them go to what answers now, and puts the page's own back", async ({ page }) => {
  await page.goto(PAGE)
  const seen = await page.evaluate(async () => {
    const { installRequestGate } = await import('/src/browser/request-gate.ts' as string)
    const order: string[] = []
    const target = { fetch: window.fetch, XMLHttpRequest: window.XMLHttpRequest, WebSocket: window.WebSocket }
    const gate = installRequestGate(target, { http: true })
    const patched = target.fetch !== window.fetch && target.XMLHttpRequest !== window.XMLHttpRequest && target.WebSocket !== window.WebSocket
    const fetched = target.fetch('/e2e/fixtures/no-mock.html').then((response: Response) => order.push(`fetch ${response.status}`))
    const xhr = new target.XMLHttpRequest()
    xhr.open('GET', '/e2e/fixtures/no-mock.html')
    const loaded = new Promise<void>((resolve) => (xhr.onload = () => (order.push(`xhr ${xhr.status}`), resolve())))
    xhr.send()
    const aborted = new target.XMLHttpRequest()
    const abortEvents: string[] = []
    for (const type of ['abort', 'loadend', 'load']) aborted.addEventListener(type, () => abortEvents.push(type))
    aborted.open('GET', '/e2e/fixtures/no-mock.html?aborted')
    aborted.send()
    aborted.abort()
    await new Promise((resolve) => setTimeout(resolve, 200))
    order.push('open')
    const socket = new target.WebSocket('ws://localhost:3001/')
    const pending = gate.releaseSockets()
    gate.openHttp()
    await Promise.all([fetched, loaded])
    return {
      patched,
      order: order.slice(0, 1).concat(order.slice(1).sort()),
      restored: target.fetch === window.fetch && target.XMLHttpRequest === window.XMLHttpRequest && target.WebSocket === window.WebSocket,
      pending: pending.length,
      pendingIsWebSocket: pending[0] === socket,
      abortEvents,
      abortedSent: performance.getEntriesByType('resource').some((entry) => entry.name.endsWith('?aborted')),
    }
  })
  expect(seen).toEqual({ patched: true, order: ['open', 'fetch 200', 'xhr 200'], restored: true, pending: 1, pendingIsWebSocket: true, abortEvents: ['abort', 'loadend'], abortedSent: false })
})

test('an XMLHttpRequest that waited at the gate is made again on a class patched over it meanwhile (the page\'s interception), and tells its events and answer as itself', async ({ page }) => {
  await page.goto(PAGE)
  const seen = await page.evaluate(async () => {
    const { installRequestGate } = await import('/src/browser/request-gate.ts' as string)
    const target = { fetch: window.fetch, XMLHttpRequest: window.XMLHttpRequest, WebSocket: window.WebSocket }
    const gate = installRequestGate(target, { http: true, sockets: false })
    const events: string[] = []
    const xhr = new target.XMLHttpRequest()
    for (const type of ['readystatechange', 'loadstart', 'load', 'loadend']) xhr.addEventListener(type, () => events.push(`${type} ${xhr.readyState}`))
    xhr.open('GET', '/e2e/fixtures/no-mock.html?waited')
    xhr.setRequestHeader('X-Asked', 'yes')
    xhr.responseType = 'text'
    const done = new Promise<void>((resolve) => (xhr.onloadend = () => resolve()))
    xhr.send('body')
    const aborted = new target.XMLHttpRequest()
    const abortEvents: string[] = []
    for (const type of ['abort', 'loadend', 'load']) aborted.addEventListener(type, () => abortEvents.push(type))
    aborted.open('GET', '/e2e/fixtures/no-mock.html?aborted-later')
    aborted.send()
    // What the page's interception does as it starts: its class on top of the page's (the gate's) one.
    const made: string[] = []
    const Gated = target.XMLHttpRequest
    target.XMLHttpRequest = class Patched extends Gated {
      override open(method: string, url: string | URL, ...rest: unknown[]) {
        made.push(`open ${method} ${url}`)
        ;(super.open as (...args: unknown[]) => void)(method, `${url}&patched`, ...rest)
      }
      override setRequestHeader(name: string, value: string) {
        made.push(`header ${name}: ${value}`)
        super.setRequestHeader(name, value)
      }
      override send(body?: XMLHttpRequestBodyInit | null) {
        made.push(`send ${body ?? ''}`)
        super.send(body)
      }
    }
    gate.openHttp()
    await new Promise((resolve) => setTimeout(resolve))
    aborted.abort()
    await done
    return {
      made,
      status: xhr.status,
      url: new URL(xhr.responseURL).search,
      type: xhr.getResponseHeader('Content-Type'),
      html: String(xhr.response).includes('<html'),
      text: xhr.responseText === xhr.response,
      events: events.filter((event, i) => event !== events[i - 1]),
      abortEvents,
      stayed: target.XMLHttpRequest !== Gated,
    }
  })
  expect(seen).toEqual({
    made: ['open GET /e2e/fixtures/no-mock.html?waited', 'header X-Asked: yes', 'send body', 'open GET /e2e/fixtures/no-mock.html?aborted-later', 'send '],
    status: 200,
    url: '?waited&patched',
    type: expect.stringContaining('text/html'),
    html: true,
    text: true,
    events: ['readystatechange 1', 'loadstart 1', 'readystatechange 2', 'readystatechange 3', 'readystatechange 4', 'load 4', 'loadend 4'],
    abortEvents: ['abort', 'loadend'],
    stayed: true,
  })
})

test("once the page's own fetch and XMLHttpRequest are handed to the interception in the page, what the app kept of the gate's goes to it too", async ({ page }) => {
  await page.goto(PAGE)
  const seen = await page.evaluate(async () => {
    const { installRequestGate } = await import('/src/browser/request-gate.ts' as string)
    const target = { fetch: window.fetch, XMLHttpRequest: window.XMLHttpRequest, WebSocket: window.WebSocket }
    const gate = installRequestGate(target, { http: true, sockets: false })
    // What the app keeps as its modules run (a client made with globalThis.fetch, a class it keeps).
    const keptFetch = target.fetch
    const KeptXHR = target.XMLHttpRequest
    gate.handOver()
    const handedBack = target.fetch === window.fetch && target.XMLHttpRequest === window.XMLHttpRequest
    // The interception wraps the page's own, as MSW's in the page does.
    const nativeFetch = target.fetch
    target.fetch = ((input: RequestInfo | URL, init?: RequestInit) => nativeFetch(`${String(input)}&patched`, init)) as typeof fetch
    target.XMLHttpRequest = class Patched extends window.XMLHttpRequest {
      override open(method: string, url: string | URL, ...rest: unknown[]) {
        ;(super.open as (...args: unknown[]) => void)(method, `${url}&patched`, ...rest)
      }
    }
    gate.openHttp()
    const fetched = await keptFetch('/e2e/fixtures/no-mock.html?kept-fetch')
    const xhr = new KeptXHR()
    xhr.open('GET', '/e2e/fixtures/no-mock.html?kept-xhr')
    const loaded = new Promise<void>((resolve) => (xhr.onloadend = () => resolve()))
    xhr.send()
    await loaded
    return { handedBack, fetched: new URL(fetched.url).search, xhr: `${xhr.status} ${new URL(xhr.responseURL).search}` }
  })
  expect(seen).toEqual({ handedBack: true, fetched: '?kept-fetch&patched', xhr: '200 ?kept-xhr&patched' })
})
