import { fileURLToPath } from 'node:url'
import type { ConfigEnv, UserConfig } from 'vite'
import { expect, it, vi } from 'vitest'
import { verisim, type VerisimPluginOptions } from './plugin.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const IGNORED = 'reality_continuum: no upstream is set, so every answer stays mocked (set reality_continuum.upstream, or open the page with ?verisim-upstream=<origin>)'

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

it("starts the mock from a module script of its own ahead of the app's, which stay as they are; each app entry imports the start too", () => {
  const plugin = verisim({ scenario: 'scenarios/e2e-persona-flow' })
  const hook = <T>(h: unknown) => h as (this: unknown, ...args: unknown[]) => T
  hook(plugin.configResolved).call(null, { root: '/app', command: 'serve', base: '/' })
  const html = [
    '<head><script>window.early = 1</script></head>',
    '<body>',
    '<script type="module" src="/src/main.ts?v=1"></script>',
    '<script src="pages/legacy.js"></script>',
    '<script type="module" src="pages/other.ts"></script>',
    '<script type="module" src="https://cdn.example/x.js"></script>',
    '</body>',
  ].join('\n')
  const transformIndexHtml = plugin.transformIndexHtml as { handler: (this: unknown, html: string, context: { filename: string }) => string }
  const page = transformIndexHtml.handler.call(null, html, { filename: '/app/index.html' })
  expect(page).toBe(html.replace('<body>\n', '<body>\n<script type="module">import "virtual:verisim/start"</script>\n    '))
  const transform = (id: string) => hook<{ code: string } | null>(plugin.transform).call(null, 'export {}', id, {})
  expect(transform('/app/src/main.ts')?.code).toBe('export {}\nimport "virtual:verisim/start"\n')
  expect(transform('/app/pages/other.ts?import')?.code).toBe('export {}\nimport "virtual:verisim/start"\n')
  expect([transform('/app/pages/legacy.js'), transform('/app/src/app.ts')]).toEqual([null, null])
  // Not in a production build without the mock.
  const off = verisim({ scenario: 'scenarios/e2e-persona-flow' })
  hook(off.configResolved).call(null, { root: '/app', command: 'build', base: '/' })
  expect((off.transformIndexHtml as typeof transformIndexHtml).handler.call(null, html, { filename: '/app/index.html' })).toBe(html)
})
