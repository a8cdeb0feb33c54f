#!/usr/bin/env node
// `npm run build:package`: the installable package in dist/, as `npm pack` ships it.
//   dist/index.js         the runtime (startVerisim, installPanel, …), its dependencies bundled in,
//                         with the devtools panel as a chunk loaded when first opened
//   dist/msw/             msw's http, HttpResponse and delay, as the runtime re-exports them
//   dist/playwright.js    the Playwright fixture (Node; @playwright/test is the user's)
//   dist/vite.js          the Vite plugin (Node; vite is the user's)
//   dist/cli.js           `npx verisim init <public-dir>`
//   dist/public/          what a page loads from the site root: the worker scripts, the prebuilt
//                         script for pages without a bundler (verisim.js), the inspector page
//   dist/types/           type declarations
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const DIST = join(ROOT, 'dist')

async function bundle(entry, fileName, options = {}) {
  await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    publicDir: false,
    // Node entries bundle what they use (yaml, the scenario loader) but the user's own vite and Playwright.
    ...(options.ssr ? { ssr: { noExternal: true } } : {}),
    build: {
      outDir: DIST,
      emptyOutDir: false,
      // Readable: the app's own build minifies it (the prebuilt script is copied as it is, so minified).
      minify: options.format === 'iife',
      sourcemap: true,
      lib: { entry: typeof entry === 'string' ? join(ROOT, entry) : Object.fromEntries(Object.entries(entry).map(([name, path]) => [name, join(ROOT, path)])), formats: [options.format ?? 'es'], fileName, name: 'verisim' },
      rolldownOptions: {
        external: options.external ?? [],
        output: {
          entryFileNames: typeof entry === 'string' ? `${fileName}.js` : '[name].js',
          // A classic script is one file: the panel's chunk is inlined.
          ...(options.format === 'iife' ? { codeSplitting: false } : {}),
          ...(options.banner ? { banner: options.banner } : {}),
          ...(options.paths ? { paths: options.paths } : {}),
        },
      },
      ...(options.ssr ? { ssr: true, target: 'node20' } : {}),
    },
  })
}

/** Declarations for the public entries; their `.ts` specifiers become `.js`, as the files they describe. */
function declarations() {
  const config = join(DIST, 'tsconfig.types.json')
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: {
        noEmit: false,
        declaration: true,
        emitDeclarationOnly: true,
        rootDir: join(ROOT, 'src'),
        outDir: join(DIST, 'types'),
      },
      files: [join(ROOT, 'src/index.ts'), join(ROOT, 'src/engine.ts'), join(ROOT, 'src/playwright/fixture.ts'), join(ROOT, 'src/vite/plugin.ts')],
      include: [],
    }),
  )
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', config], { stdio: 'inherit' })
  rmSync(config)
  const rewrite = (folder) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name)
      if (statSync(path).isDirectory()) rewrite(path)
      else if (path.endsWith('.d.ts')) writeFileSync(path, readFileSync(path, 'utf8').replace(/(from\s+'\.{1,2}\/[^']+)\.ts'/g, "$1.js'"))
    }
  }
  rewrite(join(DIST, 'types'))
  prune(join(DIST, 'types'), ['index.d.ts', 'engine.d.ts', 'playwright/fixture.d.ts', 'vite/plugin.d.ts'])
}

/** Removes the declarations no entry's reaches (tsc writes one per module of the program, internals included). */
function prune(folder, entries) {
  const reached = new Set()
  const visit = (path) => {
    if (reached.has(path)) return
    reached.add(path)
    for (const [, specifier] of readFileSync(path, 'utf8').matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)['"](\.{1,2}\/[^'"]+)\.js['"]/gm)) {
      visit(join(dirname(path), `${specifier}.d.ts`))
    }
  }
  for (const entry of entries) visit(join(folder, entry))
  const sweep = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) {
        sweep(path)
        if (readdirSync(path).length === 0) rmSync(path, { recursive: true })
      } else if (!reached.has(path)) rmSync(path)
    }
  }
  sweep(folder)
}

/** The webhook inspector as one self-contained page (its script inlined), served beside the workers. */
async function inspectorPage() {
  const out = join(DIST, '.inspector')
  await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    publicDir: false,
    base: './',
    build: { outDir: out, emptyOutDir: true, minify: true, rolldownOptions: { input: join(ROOT, 'src/inspector/index.html'), output: { codeSplitting: false } } },
  })
  const html = readFileSync(join(out, 'src/inspector/index.html'), 'utf8')
  const inlined = html.replace(/<script type="module" crossorigin src="([^"]+)"><\/script>/, (_tag, src) => {
    const code = readFileSync(join(out, 'src/inspector', src), 'utf8').replace(/<\/script/gi, '<\\/script')
    return `<script type="module">${code}</script>`
  })
  if (inlined === html) throw new Error('the inspector page has no module script to inline')
  writeFileSync(join(DIST, 'public/verisim-inspector.html'), inlined)
  rmSync(out, { recursive: true })
}

rmSync(DIST, { recursive: true, force: true })
mkdirSync(join(DIST, 'public'), { recursive: true })
// msw's http, HttpResponse and delay, re-exported by the runtime, are a module of their own that
// an app's bundler leaves out unless the app imports them: its folder's package.json says it has
// no side effects (said of the whole package, it would let a bundler drop statements of the
// package's own pages). Bundled into index.js, their cookie parsing and path matching would land
// in every app.
const MSW_API = join(ROOT, 'src/browser/msw-api.ts')
await bundle('src/browser/msw-api.ts', 'msw/index')
writeFileSync(join(DIST, 'msw/package.json'), `${JSON.stringify({ type: 'module', sideEffects: false }, null, 2)}\n`)
// One build for both entries: `verisim/engine` and the chunk startVerisim loads share one Engine.
await bundle({ index: 'src/index.ts', engine: 'src/engine.ts' }, 'index', { external: [MSW_API], paths: { [MSW_API]: './msw/index.js' } })
await bundle('src/browser/script-tag.ts', 'public/verisim', { format: 'iife' })
await bundle('src/playwright/fixture.ts', 'playwright', { external: ['@playwright/test'], ssr: true })
await bundle('src/vite/plugin.ts', 'vite', { external: ['vite', /^node:/], ssr: true })
await bundle('src/node/bin.ts', 'cli', { external: [/^node:/], ssr: true, banner: '#!/usr/bin/env node' })
for (const script of ['verisim-sw.js', 'mockServiceWorker.js']) copyFileSync(join(ROOT, 'public', script), join(DIST, 'public', script))
await inspectorPage()
declarations()
console.log('dist/ is ready: npm pack makes the package from it')
