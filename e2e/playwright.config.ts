import { fileURLToPath } from 'node:url'
import { defineConfig } from '@playwright/test'
import { launchOptions } from './support/chromium.mjs'

/** The demo's dev server; VERISIM_E2E_PORT moves it when 5199 is taken (e.g. a developer's own server). */
const PORT = Number(process.env.VERISIM_E2E_PORT ?? 5199)
const ROOT = fileURLToPath(new URL('..', import.meta.url))

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '.artifacts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    headless: true,
    serviceWorkers: 'allow',
    trace: 'retain-on-failure',
    // The same choice as support/ensure-browser.mjs: a system Chromium when there is one, else Playwright's.
    launchOptions: launchOptions(),
  },
  webServer: {
    command: `npm start -- --port ${PORT} --strictPort`,
    cwd: ROOT,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
