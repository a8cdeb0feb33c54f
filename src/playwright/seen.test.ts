import { afterEach, expect, it, vi } from 'vitest'
import { Seen } from './seen.ts'

interface Hook {
  id: string
  status: string
}

afterEach(() => {
  vi.useRealTimers()
})

it('resolves a wait at once with an item already seen', async () => {
  const seen = new Seen<Hook>((h) => h.id)
  seen.add({ id: 'a', status: 'delivered' })
  await expect(seen.waitFor((h) => h.id === 'a', 'hook a', 0)).resolves.toEqual({ id: 'a', status: 'delivered' })
})

it('resolves a wait with the first matching item that comes after it, and no other', async () => {
  const seen = new Seen<Hook>((h) => h.id)
  const wait = seen.waitFor((h) => h.status === 'delivered', 'a delivered hook', 1000)
  seen.add({ id: 'a', status: 'pending' })
  seen.add({ id: 'a', status: 'delivered' })
  seen.add({ id: 'b', status: 'delivered' })
  await expect(wait).resolves.toEqual({ id: 'a', status: 'delivered' })
})

it('keeps an item reported again under its key in its first place, as last reported', () => {
  const seen = new Seen<Hook>((h) => h.id)
  seen.add({ id: 'a', status: 'pending' })
  seen.add({ id: 'b', status: 'pending' })
  seen.add({ id: 'a', status: 'dead' })
  expect(seen.all()).toEqual([{ id: 'a', status: 'dead' }, { id: 'b', status: 'pending' }])
})

it('keeps every item when it has no key', () => {
  const seen = new Seen<string>()
  seen.add('x')
  seen.add('x')
  expect(seen.all()).toEqual(['x', 'x'])
})

it('rejects a wait nothing answers after its timeout, naming what it waited for', async () => {
  vi.useFakeTimers()
  const seen = new Seen<Hook>()
  const outcome = seen.waitFor((h) => h.id === 'shipped', 'webhook order.shipped', 10_000).then(() => 'resolved', (error: Error) => error.message)
  seen.add({ id: 'created', status: 'delivered' })
  await vi.advanceTimersByTimeAsync(10_000)
  expect(await outcome).toBe('verisim: no webhook order.shipped within 10000 ms')
  // One that comes too late changes nothing.
  seen.add({ id: 'shipped', status: 'delivered' })
})

it('rejects a wait with its predicate’s error, and leaves the other waits waiting', async () => {
  const seen = new Seen<Hook>()
  const broken = seen.waitFor(() => {
    throw new Error('bad predicate')
  }, 'anything', 1000)
  const fine = seen.waitFor((h) => h.id === 'b', 'hook b', 1000)
  seen.add({ id: 'a', status: 'x' })
  await expect(broken).rejects.toThrow('bad predicate')
  seen.add({ id: 'b', status: 'x' })
  await expect(fine).resolves.toMatchObject({ id: 'b' })
})

it('fail() rejects every pending wait; close() stops their timers', async () => {
  vi.useFakeTimers()
  const seen = new Seen<Hook>()
  const failed = seen.waitFor(() => true, 'hook', 1000)
  seen.fail((what) => new Error(`closed while waiting for ${what}`))
  await expect(failed).rejects.toThrow('closed while waiting for hook')
  void seen.waitFor(() => true, 'hook', 1000)
  expect(vi.getTimerCount()).toBe(1)
  seen.close()
  expect(vi.getTimerCount()).toBe(0)
})
