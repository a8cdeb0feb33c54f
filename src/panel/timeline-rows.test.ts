import { expect, it } from 'vitest'
import type { LogEntry } from './event-log.ts'
import { foldNewestFirst, foldOnto } from './timeline-rows.ts'

let seq = 0

function request(method: string, path: string, status = 200, workspace = 'default'): LogEntry {
  seq++
  return {
    seq, at: seq, workspace, channel: 'http',
    event: { request_id: `req-${seq}`, workspace, method, url: `http://localhost:3000${path}`, status, persona: null },
  }
}

function fact(subject: string): LogEntry {
  seq++
  return { seq, at: seq, workspace: 'default', channel: 'lifecycle', event: { workspace: 'default', subject } as never }
}

/** Rows as `title ×count`, to read at a glance. */
const show = (rows: Array<{ latest: LogEntry; count: number }>) =>
  rows.map(({ latest, count }) => `${latest.channel === 'http' ? `${latest.event.method} ${new URL(latest.event.url).pathname}${new URL(latest.event.url).search} ${latest.event.status}` : latest.channel} ×${count}`)

it('folds a run of the same request into one row that shows the latest', () => {
  const polls = [request('GET', '/status'), request('GET', '/status'), request('GET', '/status')]
  const rows = foldNewestFirst([...polls].reverse(), 10)
  expect(show(rows)).toEqual(['GET /status 200 ×3'])
  expect(rows[0]?.latest).toBe(polls[2])
})

it('folds only consecutive requests alike in method, URL, status and workspace', () => {
  const entries = [
    request('GET', '/status'), request('GET', '/status'), request('GET', '/status?x=1'), request('POST', '/status'), request('GET', '/status', 404),
    request('GET', '/status', 200, 'team-b'), fact('order:ORD-1'), fact('order:ORD-1'), request('GET', '/status'),
  ]
  expect(show(foldNewestFirst([...entries].reverse(), 10))).toEqual([
    'GET /status 200 ×1', 'lifecycle ×1', 'lifecycle ×1', 'GET /status 200 ×1', 'GET /status 404 ×1', 'POST /status 200 ×1', 'GET /status?x=1 200 ×1', 'GET /status 200 ×2',
  ])
})

it('stops at the limit of rows, not of entries', () => {
  const entries = [request('GET', '/a'), request('GET', '/b'), request('GET', '/b'), request('GET', '/b'), request('GET', '/c')]
  expect(show(foldNewestFirst([...entries].reverse(), 2))).toEqual(['GET /c 200 ×1', 'GET /b 200 ×3'])
})

it('new entries fold into the newest row shown, then start rows of their own', () => {
  const top = { latest: request('GET', '/status'), count: 4 }
  const later = [request('GET', '/status'), request('GET', '/status'), request('POST', '/orders'), request('GET', '/status'), request('GET', '/status')]
  const added = foldOnto(top, later)
  expect(top).toEqual({ latest: later[1], count: 6 })
  expect(show(added)).toEqual(['POST /orders 200 ×1', 'GET /status 200 ×2'])
  expect(show(foldOnto(null, [request('GET', '/x')]))).toEqual(['GET /x 200 ×1'])
})
