import { expect, it } from 'vitest'
import { testEngine } from '../../testing/test-engine.ts'
import { WarningLog } from './events.ts'

it('engine.events lets observers listen and stop listening, never emit', async () => {
  const { engine, login } = await testEngine()
  expect(Object.keys(engine.events).sort()).toEqual(['off', 'on'])
  expect('emit' in engine.events).toBe(false)
  const requests: string[] = []
  const listener = ({ method, status }: { method: string; status: number }) => requests.push(`${method} ${status}`)
  engine.events.on('request', listener)
  await login()
  engine.events.off('request', listener)
  await login()
  expect(requests).toEqual(['POST 200'])
})

it('keeps the scenario warnings and the most recent 200 others', () => {
  const log = new WarningLog(['unknown key a', 'unknown key b'])
  for (let i = 1; i <= 250; i++) log.add({ source: 'webhooks', message: `failure ${i}` })
  expect(log.all).toHaveLength(202)
  expect(log.all.slice(0, 3).map((w) => w.message)).toEqual(['unknown key a', 'unknown key b', 'failure 51'])
  expect(log.all.at(-1)?.message).toBe('failure 250')
})
