#!/usr/bin/env node
// Makes sure the e2e suite has a Chromium to drive, in this order:
//   1. $VERISIM_CHROMIUM, or the distribution's /usr/bin/chromium, when the file exists;
//   2. as root with apt-get (CI containers, Debian/Ubuntu): install the distribution's `chromium`;
//   3. otherwise (a developer's laptop): Playwright's own Chromium via `npx playwright install chromium`.
// The Playwright config makes the same choice between 1 and 3, so the two never disagree.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { DISTRO_CHROMIUM } from './chromium.mjs'

function log(message) {
  console.log(`[ensure-browser] ${message}`)
}

function run(command, args, env = process.env) {
  log(`$ ${command} ${args.join(' ')}`)
  const result = spawnSync(command, args, { stdio: 'inherit', env })
  if (result.error) throw result.error
  if (result.status !== 0) throw new Error(`'${command} ${args.join(' ')}' exited with ${result.status ?? result.signal}`)
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

function main() {
  const wanted = process.env.VERISIM_CHROMIUM
  if (wanted) {
    if (existsSync(wanted)) return log(`using VERISIM_CHROMIUM=${wanted}`)
    throw new Error(`VERISIM_CHROMIUM is set to '${wanted}', but no such file exists. Unset it or point it at a Chromium binary.`)
  }
  if (existsSync(DISTRO_CHROMIUM)) return log(`using ${DISTRO_CHROMIUM}`)

  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (isRoot && onPath('apt-get')) {
    log(`${DISTRO_CHROMIUM} is missing: installing the distribution's chromium package`)
    run('apt-get', ['update'])
    run('apt-get', ['install', '-y', 'chromium'], { ...process.env, DEBIAN_FRONTEND: 'noninteractive' })
    if (!existsSync(DISTRO_CHROMIUM)) throw new Error(`apt-get installed 'chromium' but ${DISTRO_CHROMIUM} still does not exist.`)
    return log(`using ${DISTRO_CHROMIUM}`)
  }

  log(`${DISTRO_CHROMIUM} is missing and apt-get is not usable here: installing Playwright's Chromium`)
  run('npx', ['playwright', 'install', 'chromium'])
}

try {
  main()
} catch (error) {
  console.error(`[ensure-browser] ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
}
