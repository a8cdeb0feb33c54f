#!/usr/bin/env node
// `node e2e/bench/composition.mjs`: what the runtime P6 measures is made of. Builds it minified
// with source maps, the same way as `npm run bench`, and attributes each chunk's minified bytes
// to the source modules they came from (by the source map), with each module's share of the
// chunk's gzip size. COMPOSITION_TOP=<n> prints the n largest (40 by default).
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { SourceMapConsumer } from 'source-map-js'
import { buildLibrary } from './build-library.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const OUT = join(ROOT, 'e2e/bench/.generated/composition')
const TOP = Number(process.env.COMPOSITION_TOP ?? 40)

// As P6 builds it: msw's http, HttpResponse and delay are a module of their own in the package.
await buildLibrary({ entry: 'src/index.ts', outDir: OUT, fileName: 'runtime', minify: true, external: [join(ROOT, 'src/browser/msw-api.ts')], sourcemap: true })

// The chunks loading the runtime fetches at once: the entry and what it imports statically.
const manifest = JSON.parse(readFileSync(join(OUT, '.vite/manifest.json'), 'utf8'))
const files = new Set()
const visit = (key) => {
  const chunk = manifest[key]
  if (!chunk || files.has(chunk.file)) return
  files.add(chunk.file)
  for (const next of chunk.imports ?? []) visit(next)
}
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key)

/** A module's name: a package's for a dependency, the path for Verisim's own code. */
const moduleOf = (source) => {
  const path = relative(ROOT, source.replace(/^(\.\.\/)+/, '/').replace(/^\/?/, '/')).replaceAll('\\', '/')
  const nm = path.lastIndexOf('node_modules/')
  if (nm < 0) return path.replace(/^.*?src\//, 'src/')
  const rest = path.slice(nm + 'node_modules/'.length).split('/')
  const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]
  return `${pkg}: ${rest.slice(rest[0].startsWith('@') ? 2 : 1).join('/')}`
}

const totals = new Map()
let gzTotal = 0
for (const file of files) {
  const code = readFileSync(join(OUT, file), 'utf8')
  const map = new SourceMapConsumer(JSON.parse(readFileSync(join(OUT, `${file}.map`), 'utf8')))
  const lines = code.split('\n')
  const offsets = [0]
  for (const line of lines) offsets.push(offsets.at(-1) + line.length + 1)
  const segments = []
  map.eachMapping((m) => segments.push({ at: offsets[m.generatedLine - 1] + m.generatedColumn, source: m.source ? moduleOf(join(OUT, m.source)) : '(no source)' }))
  segments.sort((a, b) => a.at - b.at)
  const bytes = new Map()
  let unmapped = segments[0]?.at ?? code.length
  for (let i = 0; i < segments.length; i++) {
    const end = segments[i + 1]?.at ?? code.length
    bytes.set(segments[i].source, (bytes.get(segments[i].source) ?? 0) + end - segments[i].at)
  }
  bytes.set('(no source)', (bytes.get('(no source)') ?? 0) + unmapped)
  const gz = gzipSync(code.replace(/\/\/# sourceMappingURL=.*$/m, ''), { level: 9 }).length
  gzTotal += gz
  for (const [source, n] of bytes) {
    const entry = totals.get(source) ?? { raw: 0, gz: 0 }
    entry.raw += n
    entry.gz += (n / code.length) * gz
    totals.set(source, entry)
  }
}

const rows = [...totals].sort((a, b) => b[1].gz - a[1].gz)
const kb = (n) => (n / 1024).toFixed(2).padStart(7)
const byGroup = new Map()
for (const [source, { gz }] of rows) {
  const group = source.includes(': ') ? source.split(': ')[0] : source.split('/').slice(0, 3).join('/')
  byGroup.set(group, (byGroup.get(group) ?? 0) + gz)
}
console.log(`runtime: ${files.size} chunk(s), ${kb(gzTotal)} KB gzip\n\nby package or folder (gzip share, KB):`)
for (const [group, gz] of [...byGroup].sort((a, b) => b[1] - a[1])) console.log(`${kb(gz)}  ${group}`)
console.log(`\nthe ${TOP} largest modules (gzip share, minified, KB):`)
for (const [source, { raw, gz }] of rows.slice(0, TOP)) console.log(`${kb(gz)} ${kb(raw)}  ${source}`)
