import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, expectTypeOf, it } from 'vitest'
import type { WireBody } from '../wire/wire.ts'
import { json } from './http.ts'

it("json() takes only the wire's named bodies", () => {
  expectTypeOf(json).parameter(0).toEqualTypeOf<WireBody>()
  // Checked by the type-checker (npm run typecheck): a shape wire/ does not name does not compile.
  // @ts-expect-error no wire body is `{ok}`
  const unnamed = () => json({ ok: true })
  expectTypeOf(unnamed).toBeFunction()
})

it('no route builds a body: each hands json() what a wire/ serializer made', () => {
  // The type is structural, so a literal that happens to match a named body would still compile.
  const dir = fileURLToPath(new URL('./routes', import.meta.url))
  const literals = readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .flatMap((file) => {
      const text = readFileSync(join(dir, file), 'utf8')
      return [...text.matchAll(/\bjson\(\s*[{[`'"\d]/g)].map((m) => `${file}:${text.slice(0, m.index).split('\n').length}`)
    })
  expect(literals).toEqual([])
})
