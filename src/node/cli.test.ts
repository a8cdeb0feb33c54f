import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { instantiateValidators } from '../browser/contract-runtime.ts'
import { PUBLIC_FILES, runCli } from './cli.ts'

const DEMO = fileURLToPath(new URL('../../scenarios/e2e-persona-flow', import.meta.url))
const IGNORED = 'reality_continuum: no upstream is set, so every answer stays mocked (set reality_continuum.upstream, or open the page with ?verisim-upstream=<origin>)'

describe('npx verisim init', () => {
  let work: string
  let out: string[]
  let err: string[]
  const run = (...args: string[]) => runCli(args, { cwd: work, assets: join(work, 'assets'), out: (l) => out.push(l), err: (l) => err.push(l) })

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'verisim-cli-test-'))
    mkdirSync(join(work, 'assets'))
    for (const name of PUBLIC_FILES) writeFileSync(join(work, 'assets', name), `// ${name}`)
    cpSync(DEMO, join(work, 'shop'), { recursive: true })
    out = []
    err = []
  })
  afterEach(() => rmSync(work, { recursive: true, force: true }))

  it('copies the public files and compiles each scenario, creating the folder', () => {
    cpSync(fileURLToPath(new URL('../../scenarios/subscription-billing', import.meta.url)), join(work, 'billing'), { recursive: true })
    expect(run('init', 'web/public', '--scenario', 'shop', '--scenario=billing')).toBe(0)
    for (const name of PUBLIC_FILES) expect(readFileSync(join(work, 'web/public', name), 'utf8')).toBe(`// ${name}`)
    const shop = JSON.parse(readFileSync(join(work, 'web/public/scenarios/shop/scenario.json'), 'utf8'))
    expect(shop.name).toBe('shop')
    expect(shop.config.server.http.port).toBe(3000)
    expect(shop.products.products.length).toBeGreaterThan(0)
    expect(existsSync(join(work, 'web/public/scenarios/billing/scenario.json'))).toBe(true)
    expect(out.join('\n')).toContain('<script src="/verisim.js" data-scenario="/scenarios/shop/scenario.json"></script>')
  })

  it('prints the scenario\'s warnings once, and lists them in scenario.json for the page not to print them on every load', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      expect(run('init', 'public', '--scenario', 'shop')).toBe(0)
      expect(warn.mock.calls.map(([line]) => line)).toEqual([`[verisim] scenario 'shop': ${IGNORED}`])
    } finally {
      warn.mockRestore()
    }
    const json = JSON.parse(readFileSync(join(work, 'public/scenarios/shop/scenario.json'), 'utf8'))
    expect(json.printedWarnings).toEqual([IGNORED])
    expect(json.config.reality_continuum.enabled).toBe(true)
  })

  it("writes the OpenAPI document's validators beside scenario.json, which names them", async () => {
    expect(run('init', 'public', '--scenario', 'shop')).toBe(0)
    const folder = join(work, 'public/scenarios/shop')
    const shop = JSON.parse(readFileSync(join(folder, 'scenario.json'), 'utf8'))
    expect(shop.validatorsModule).toBe('validators.js')
    expect(shop.openapi.operations.map((o: { id: string }) => o.id)).toEqual(['login', 'browseProducts', 'createOrder', 'getOrder'])
    expect(out.join('\n')).toContain(join('public/scenarios/shop/validators.js'))
    const validators = readFileSync(join(folder, 'validators.js'), 'utf8')
    expect(validators).not.toMatch(/^\s*import\b/m)
    // The module as the script tag imports it: beside scenario.json, an ES module.
    writeFileSync(join(folder, 'validators.mjs'), validators)
    const factory = (await import(/* @vite-ignore */ pathToFileURL(join(folder, 'validators.mjs')).href)).default
    const made = instantiateValidators(factory)
    expect(made['createOrder:body']?.({ product_id: 'p1', quantity: 2 })).toBe(true)
    expect(made['createOrder:body']?.({ product_id: 'p1' })).toBe(false)
  })

  it('writes no validators for a scenario without an OpenAPI document', () => {
    rmSync(join(work, 'shop/openapi.yaml'))
    expect(run('init', 'public', '--scenario', 'shop')).toBe(0)
    expect(JSON.parse(readFileSync(join(work, 'public/scenarios/shop/scenario.json'), 'utf8')).validatorsModule).toBeUndefined()
    expect(existsSync(join(work, 'public/scenarios/shop/validators.js'))).toBe(false)
  })

  it('a broken OpenAPI document stops it with the file and the place, writing nothing', () => {
    writeFileSync(join(work, 'shop/openapi.yaml'), readFileSync(join(work, 'shop/openapi.yaml'), 'utf8').replace("$ref: '#/components/schemas/Order'", "$ref: '#/components/schemas/Ordr'"))
    expect(run('init', 'public', '--scenario', 'shop')).toBe(1)
    expect(err.join('\n')).toMatch(/shop[/\\]openapi\.yaml: at #\/paths\/~1api~1orders\/post\/responses\/201\/content\/application~1json\/schema\/\$ref: \$ref '#\/components\/schemas\/Ordr' points at nothing/)
    expect(existsSync(join(work, 'public'))).toBe(false)
  })

  it('validates every scenario before writing anything', () => {
    writeFileSync(join(work, 'shop/personas.yaml'), 'personas: [\n')
    expect(run('init', 'public', '--scenario', 'shop')).toBe(1)
    expect(err.join('\n')).toMatch(/shop[/\\]personas\.yaml is not valid YAML/)
    expect(err.join('\n')).toContain('Nothing was written.')
    expect(existsSync(join(work, 'public'))).toBe(false)
  })

  it('names a scenario folder that does not exist', () => {
    expect(run('init', 'public', '--scenario', 'nowhere')).toBe(1)
    expect(err.join('\n')).toContain(`no scenario folder at ${join(work, 'nowhere')}`)
    expect(existsSync(join(work, 'public'))).toBe(false)
  })

  it('refuses a public path that is a file', () => {
    writeFileSync(join(work, 'public'), 'not a folder')
    expect(run('init', 'public')).toBe(1)
    expect(err.join('\n')).toContain('is a file, not a folder')
    expect(readFileSync(join(work, 'public'), 'utf8')).toBe('not a folder')
  })

  it('says what is missing from an incomplete installation', () => {
    rmSync(join(work, 'assets/verisim.js'))
    expect(run('init', 'public')).toBe(1)
    expect(err.join('\n')).toContain('lacks verisim.js')
  })

  it.each([
    [[], 'no command given'],
    [['serve'], "unknown command 'serve'"],
    [['init'], 'init needs the public folder'],
    [['init', 'a', 'b'], 'init takes one folder, got a, b'],
    [['init', 'public', '--scenario'], '--scenario needs a folder'],
    [['init', 'public', '--force'], "unknown option '--force'"],
  ])('usage mistake %j: exit 2 with the reason and the usage', (args, reason) => {
    expect(run(...args)).toBe(2)
    expect(err.join('\n')).toContain(reason)
    expect(err.join('\n')).toContain('Usage: npx verisim init')
  })

  it('prints the usage on --help', () => {
    expect(run('--help')).toBe(0)
    expect(out.join('\n')).toContain('Usage: npx verisim init <public-dir>')
  })
})
