import { expect, test } from 'verisim/playwright'

// The app's modules run beside the mock's start, not after it: a request the app makes as they
// run, with XMLHttpRequest, is still mocked, on a first visit and after a reload (the project
// that blocks Service Workers runs it with the mock in the page).
test("the app's first XMLHttpRequest, made as its modules run, is answered by the mock", async ({ page, verisim }) => {
  await page.goto('/')
  await expect(page.getByTestId('clock')).toHaveText(/^200 default (virtual|real) time$/)
  await verisim.ready()
  await page.reload()
  await expect(page.getByTestId('clock')).toHaveText(/^200 default (virtual|real) time$/)
})
