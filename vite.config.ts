import { defineConfig } from 'vitest/config'
import { yamlPlugin } from './src/node/yaml-plugin.ts'

export default defineConfig({
  plugins: [yamlPlugin()],
  server: { port: 5173 },
  preview: { port: 4173 },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
})
