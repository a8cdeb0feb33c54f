import { expect, type Page } from '@playwright/test'

/** Signs in through the shop's form, as a customer would; resolves once the orders and the live feed are there. */
export async function signIn(page: Page, email: string, password: string, name: string): Promise<void> {
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('account')).toHaveText(`Signed in as ${name}`)
  await expect(page.getByTestId('order-count')).not.toBeEmpty()
  await expect(page.getByTestId('socket')).toHaveText('Live')
}

/** Verisim's console line saying how the page's HTTP is mocked: by the Service Worker, or in the page. */
export function interceptionLines(page: Page): string[] {
  const lines: string[] = []
  page.on('console', (message) => {
    if (message.text().startsWith('[verisim] HTTP is mocked')) lines.push(message.text())
  })
  return lines
}

/** Fails the test on any uncaught error of the page (the mock must not break the app). */
export function pageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.stack ?? error.message))
  return errors
}
