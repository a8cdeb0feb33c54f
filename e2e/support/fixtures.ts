import { test as base, expect } from '@playwright/test'
import { startEchoServer, type EchoServer } from './echo-server.ts'
import { startHttpReceiver, type HttpReceiver } from './http-receiver.ts'

interface Fixtures {
  /** Fails the test when the page throws an uncaught error (a mock that breaks the app is a failure). */
  pageErrors: string[]
  echoServer: EchoServer
  httpReceiver: HttpReceiver
}

export const test = base.extend<Fixtures>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.stack ?? error.message))
      await use(errors)
      expect(errors, 'uncaught errors in the page').toEqual([])
    },
    { auto: true },
  ],
  // Playwright reads a fixture's dependencies from its first parameter, which must be a destructuring pattern.
  // oxlint-disable-next-line no-empty-pattern
  echoServer: async ({}, use) => {
    const server = await startEchoServer()
    await use(server)
    await server.close()
  },
  // oxlint-disable-next-line no-empty-pattern
  httpReceiver: async ({}, use) => {
    const server = await startHttpReceiver()
    await use(server)
    await server.close()
  },
})

export { expect }
