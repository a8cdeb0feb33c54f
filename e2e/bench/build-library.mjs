// One ES module of an entry and everything it imports, built with the repository's Vite config
// (its aliases included), as a package would ship it.
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Builds `entry` (relative to the repository) into `outDir` as `<fileName>.js`, leaving `external`
 * modules out (imported from `paths[id]` when given); with `sourcemap`, each chunk's source map
 * beside it.
 */
export async function buildLibrary({ entry, outDir, fileName, minify, external = [], paths, sourcemap = false }) {
  await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      lib: { entry: join(ROOT, entry), formats: ['es'], fileName },
      minify,
      sourcemap,
      // Tells which chunks the entry imports statically and which only when asked (the panel).
      manifest: true,
      // Library mode keeps whitespace unless the output is minified explicitly.
      rolldownOptions: { external, output: { ...(minify ? { minify: true } : {}), ...(paths ? { paths } : {}) } },
    },
  })
}
