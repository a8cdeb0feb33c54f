import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { describe, expect, it } from 'vitest'
import { DAY_MS } from '../scenario/duration.ts'
import { apply, Lifecycle } from './lifecycle.ts'
import { loadScenario } from '../scenario/load-scenario.ts'

// The demo scenario's config.yaml is MockForge's reference config, byte for byte (scenario.test.ts checks it).
const reference = parse(readFileSync(new URL('../../../scenarios/e2e-persona-flow/config.yaml', import.meta.url), 'utf8'))
const scenario = loadScenario({ name: 'reference', config: reference })
const preset = (name: string) => {
  const found = scenario.presets.find((p) => p.name === name)
  if (!found) throw new Error(name)
  return new Lifecycle(found)
}

const T0 = Date.parse('2025-01-27T00:00:00Z')

describe('order fulfillment lifecycle from the reference config', () => {
  const orders = preset('order_fulfillment')

  it('walks pending → processing → shipped → delivered → completed, each step timed from entering its state', () => {
    const steps = orders.stepsUntil(orders.start(T0), {}, T0 + 30 * DAY_MS)
    expect(steps.map((s) => [s.to, (s.at - T0) / DAY_MS])).toEqual([
      ['processing', 0],
      ['shipped', 1],
      ['delivered', 4],
      ['completed', 11],
    ])
  })

  it('stops exactly at each boundary', () => {
    const start = orders.start(T0)
    expect(orders.stepsUntil(start, {}, T0 + DAY_MS - 1).map((s) => s.to)).toEqual(['processing'])
    expect(orders.stepsUntil(start, {}, T0 + DAY_MS).map((s) => s.to)).toEqual(['processing', 'shipped'])
  })

  it('catches up in one call as far as in many small ones', () => {
    let record = orders.start(T0)
    for (let day = 1; day <= 30; day++) {
      for (const step of orders.stepsUntil(record, {}, T0 + day * DAY_MS)) record = apply(record, step)
    }
    const once = orders.stepsUntil(orders.start(T0), {}, T0 + 30 * DAY_MS).reduce(apply, orders.start(T0))
    expect(record).toEqual(once)
  })

  it('waits in processing while inventory is unavailable', () => {
    const steps = orders.stepsUntil(orders.start(T0), { inventory_available: false }, T0 + 30 * DAY_MS)
    expect(steps.map((s) => s.to)).toEqual(['processing'])
  })
})

describe('subscription lifecycle from the reference config', () => {
  const subscriptions = preset('subscription')

  it('stays active while no payment failed', () => {
    const steps = subscriptions.stepsUntil(subscriptions.start(T0), {}, T0 + 365 * DAY_MS)
    expect(steps.map((s) => s.to)).toEqual(['active'])
  })

  it('goes past_due after 30 days when a payment failed', () => {
    const steps = subscriptions.stepsUntil(subscriptions.start(T0), { payment_failed_count: 1 }, T0 + 365 * DAY_MS)
    expect(steps.map((s) => [s.to, (s.at - T0) / DAY_MS])).toEqual([['active', 0], ['past_due', 30]])
  })

  it('takes the earliest due transition whose condition holds', () => {
    const steps = subscriptions.stepsUntil(subscriptions.start(T0), { payment_failed_count: 3 }, T0 + 365 * DAY_MS)
    expect(steps.map((s) => s.to)).toEqual(['active', 'past_due'])
  })
})
