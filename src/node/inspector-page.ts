import type { Plugin } from 'vite'

/**
 * The repository's dev server answers `/verisim-inspector.html` (where the panel links, and where
 * the package serves the built page) with the inspector's source page, `src/inspector/index.html`.
 */
export function inspectorPage(): Plugin {
  return {
    name: 'verisim:inspector-page',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if ((req.url ?? '').split('?')[0] === '/verisim-inspector.html') req.url = '/src/inspector/index.html'
        next()
      })
    },
  }
}
