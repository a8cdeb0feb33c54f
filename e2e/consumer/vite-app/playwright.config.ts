import { defineConfig } from '@playwright/test'

const PORT = Number(process.env.CONSUMER_PORT ?? 5311)
// A Chromium of the machine's own (e.g. Debian's) instead of one downloaded by `npx playwright install`.
const chromium = process.env.CONSUMER_CHROMIUM

export default defineConfig({
  testDir: 'tests',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://localhost:${PORT}`,
    browserName: 'chromium',
    headless: true,
    serviceWorkers: 'allow',
    ...(chromium
      ? {
          launchOptions: {
            executablePath: chromium,
            args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
          },
        }
      : {}),
  },
  projects: [
    // Unnamed: its tests are listed by file and title alone.
    {},
    // No Service Worker for the page: the mock answers the page's fetch and XHR in the page.
    { name: 'in-page', testMatch: ['orders.test.ts', 'first-request.test.ts'], use: { serviceWorkers: 'block' } },
  ],
  webServer: {
    command: `npm run dev -- --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
