import { fileURLToPath } from 'node:url'
import { readFileSync } from 'node:fs'
import { expect, it, vi } from 'vitest'
import { yamlPlugin } from './yaml-plugin.ts'

const SCENARIOS = fileURLToPath(new URL('../../scenarios', import.meta.url))
const IGNORED = 'reality_continuum: no upstream is set, so every answer stays mocked (set reality_continuum.upstream, or open the page with ?verisim-upstream=<origin>)'

/** The plugin's module for a file, and what it printed. */
function transform(path: string, code = readFileSync(path, 'utf8')): { code: string; printed: unknown[] } {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  try {
    const hook = yamlPlugin().transform as (this: unknown, code: string, id: string) => { code: string }
    return { code: hook.call({ error: (message: string) => { throw new Error(message) }, addWatchFile: () => {} }, code, path).code, printed: warn.mock.calls.map(([line]) => line) }
  } finally {
    warn.mockRestore()
  }
}

it("a scenario's config module prints its warnings at compile time and lists them for the page", () => {
  const { code, printed } = transform(`${SCENARIOS}/e2e-persona-flow/config.yaml`)
  expect(printed).toEqual([`[verisim] scenario 'e2e-persona-flow': ${IGNORED}`])
  expect(code).toContain(`export const printedWarnings = ${JSON.stringify([IGNORED])}`)
})

it('other YAML files print nothing and list nothing', () => {
  const { code, printed } = transform(`${SCENARIOS}/e2e-persona-flow/personas.yaml`)
  expect(printed).toEqual([])
  expect(code).not.toContain('printedWarnings')
})

it('a scenario with a mistake prints nothing here: the page reports it', () => {
  const { code, printed } = transform(`${SCENARIOS}/e2e-persona-flow/config.yaml`, 'server: { http: { port: "x" } }\nreality_continuum: {}\n')
  expect(printed).toEqual([])
  expect(code).toContain('export const printedWarnings = []')
})
