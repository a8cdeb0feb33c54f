import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { inspectorPage } from './src/node/inspector-page.ts'
import { yamlPlugin } from './src/node/yaml-plugin.ts'

export default defineConfig({
  plugins: [yamlPlugin(), inspectorPage()],
  resolve: {
    alias: [{ find: /^tough-cookie$/, replacement: fileURLToPath(new URL('./src/browser/shims/tough-cookie.ts', import.meta.url)) }],
  },
  server: { port: 5173 },
  preview: { port: 4173 },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Unit tests run msw-free code; the real tough-cookie is fine there.
    alias: [],
  },
})
