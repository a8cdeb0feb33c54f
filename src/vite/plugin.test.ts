import type { ConfigEnv, UserConfig } from 'vite'
import { expect, it } from 'vitest'
import { verisim, type VerisimPluginOptions } from './plugin.ts'

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
