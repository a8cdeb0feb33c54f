import { randomUUID } from 'node:crypto'
import { defineConfig, type Plugin } from 'vite'
import { verisim } from 'verisim/vite'

/** The app's own backend route, served by the dev server itself: nothing the mock knows about. */
function realPing(): Plugin {
  const server = randomUUID()
  let hits = 0
  return {
    name: 'real-ping',
    configureServer(vite) {
      vite.middlewares.use('/real/ping', (_req, res) => {
        hits += 1
        res.setHeader('Content-Type', 'application/json')
        res.setHeader('Cache-Control', 'no-store')
        res.end(JSON.stringify({ pong: true, server, hits }))
      })
    },
  }
}

export default defineConfig({
  plugins: [verisim({ scenario: 'scenarios/e2e-persona-flow', handlers: 'src/mocks/handlers.ts' }), realPing()],
})
