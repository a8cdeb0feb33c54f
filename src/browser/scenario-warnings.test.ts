import { expect, it } from 'vitest'
import { warningsToPrint } from './scenario-warnings.ts'

const IGNORED = 'reality_continuum: no upstream is set, so every answer stays mocked (set reality_continuum.upstream, or open the page with ?verisim-upstream=<origin>)'
const SPEC = 'contract.responses: off, answers are not checked'

it('prints only the warnings the Node tools did not already print when they compiled the scenario', () => {
  expect(warningsToPrint([IGNORED, SPEC], [IGNORED])).toEqual([SPEC])
  expect(warningsToPrint([IGNORED], [IGNORED])).toEqual([])
})

it('prints every warning of a scenario no Node tool compiled', () => {
  expect(warningsToPrint([IGNORED, SPEC])).toEqual([IGNORED, SPEC])
})
