import { expect, it } from 'vitest'
import { endpointWants } from './webhooks.ts'

const endpoint = (...events: string[]) => ({ name: 'hook', url: 'https://example.test/hook', events, secret: null })

it('an endpoint takes the events it names, <type>.* for every event of a type, and * for all, whatever the type', () => {
  expect(endpointWants(endpoint('loan.*'), 'loan.overdue')).toBe(true)
  expect(endpointWants(endpoint('loan.*'), 'loan.active')).toBe(true)
  expect(endpointWants(endpoint('loan.overdue'), 'loan.overdue')).toBe(true)
  expect(endpointWants(endpoint('loan.overdue'), 'loan.active')).toBe(false)
  expect(endpointWants(endpoint('*'), 'loan.lost')).toBe(true)
  expect(endpointWants(endpoint('order.*', 'subscription.*'), 'subscription.past_due')).toBe(true)
})

it('<type>.* does not take another type that starts with the same name', () => {
  expect(endpointWants(endpoint('loan.*'), 'loaner.active')).toBe(false)
  expect(endpointWants(endpoint('loan.*'), 'loan')).toBe(false)
  expect(endpointWants(endpoint('order.*'), 'order_item.shipped')).toBe(false)
})
