import { fileURLToPath } from 'node:url'
import type { ConfigEnv, UserConfig } from 'vite'
import { expect, it, vi } from 'vitest'
import { verisim, type VerisimPluginOptions } from './plugin.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const IGNORED = 'reality_continuum: not supported by Verisim yet; ignored'

const SERVE: ConfigEnv = { command: 'serve', mode: 'development' }
const BUILD: ConfigEnv = { command: 'build', mode: 'production' }

/** What the plugin adds to Vite's config. */
function configOf(options: Omit<VerisimPluginOptions, 'scenario'>, env: ConfigEnv): UserConfig | null | void {
  const hook = verisim({ scenario: 'scenarios/shop', ...options }).config
  if (typeof hook !== 'function') throw new Error('the plugin has no config hook')
  return hook.call({} as never, {}, env) as UserConfig | null | void
}

it("declares the runtime package to Vite's dependency optimizer, so the first start does not reload the page", () => {
  expect(configOf({}, SERVE)).toEqual({ optimizeDeps: { include: ['verisim'] } })
  expect(configOf({ runtime: '@acme/verisim-fork' }, SERVE)).toEqual({ optimizeDeps: { include: ['@acme/verisim-fork'] } })
  expect(configOf({ build: true }, BUILD)).toEqual({ optimizeDeps: { include: ['verisim'] } })
})

it('declares nothing for a runtime given as a file path, nor in a build without the mock', () => {
  const paths = ['/work/verisim/src/index.ts', './src/index.ts', '../verisim/src/index.ts', 'C:\\verisim\\src\\index.ts', 'C:/verisim/src/index.ts']
  expect(paths.map((runtime) => configOf({ runtime }, SERVE))).toEqual(paths.map(() => undefined))
  expect(configOf({}, BUILD)).toBeUndefined()
})

it("prints the scenario's warnings once per compile, and hands the page the scenario compiled, its warnings marked printed", () => {
  const plugin = verisim({ scenario: 'scenarios/e2e-persona-flow' })
  const hook = <T>(h: unknown) => h as (this: unknown, ...args: unknown[]) => T
  hook(plugin.configResolved).call(null, { root: ROOT, command: 'serve', base: '/' })
  const context = { addWatchFile: () => {} }
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
  let scenario: string
  try {
    scenario = hook<string>(plugin.load).call(context, '\0virtual:verisim/scenario')
    // The validators module, loaded again later (an edit, another page), reads files and prints nothing.
    for (let i = 0; i < 2; i++) hook(plugin.load).call(context, '\0virtual:verisim/validators')
    expect(warn.mock.calls.map(([line]) => line)).toEqual([`[verisim] scenario 'e2e-persona-flow': ${IGNORED}`])
  } finally {
    warn.mockRestore()
  }
  expect(scenario).toContain(`"printedWarnings":${JSON.stringify([IGNORED])}`)
  const json = JSON.parse(/export default \{ \.\.\.(.*), validatorsFactory \}$/m.exec(scenario)?.[1] ?? 'null') as Record<string, unknown>
  expect(json).toMatchObject({ name: 'e2e-persona-flow', httpOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'], socketUrls: expect.arrayContaining(['ws://localhost:3001/ws']) })
  // Compiled: the config's YAML as such is not in the page.
  expect(json).not.toHaveProperty('config')
})
