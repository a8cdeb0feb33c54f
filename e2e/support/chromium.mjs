// The one place that says which Chromium the tests and benchmarks drive, and how.
import { existsSync } from 'node:fs'

/** Flags for headless Chromium on a sandboxed machine with no network but loopback. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export const DISTRO_CHROMIUM = '/usr/bin/chromium'

/** `$VERISIM_CHROMIUM`, else the distribution's Chromium when installed; otherwise Playwright's own. */
export function systemChromium() {
  const candidate = process.env.VERISIM_CHROMIUM ?? DISTRO_CHROMIUM
  return existsSync(candidate) ? candidate : undefined
}

/** Launch options for `chromium.launch()`. */
export function launchOptions() {
  const executablePath = systemChromium()
  return { headless: true, args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) }
}
