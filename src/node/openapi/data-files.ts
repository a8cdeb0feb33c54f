import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { parse } from 'yaml'
import { SpecError } from './spec-error.ts'

/** The scenario's `data/<type>.yaml` files (`.yml`, `.json` too): each a list of the type's initial items. */
export function readDataFiles(folder: string): { data: Record<string, unknown[]>; files: string[] } {
  const dir = join(folder, 'data')
  const data: Record<string, unknown[]> = {}
  const files: string[] = []
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return { data, files }
  for (const name of readdirSync(dir).sort()) {
    const extension = extname(name)
    if (!['.yaml', '.yml', '.json'].includes(extension)) continue
    const file = join(dir, name)
    const type = basename(name, extension)
    if (Object.hasOwn(data, type)) throw new SpecError(file, '', `data for '${type}' is given twice (keep one of ${type}.yaml, ${type}.yml, ${type}.json)`)
    files.push(file)
    let items: unknown
    try {
      items = extension === '.json' ? JSON.parse(readFileSync(file, 'utf8')) : parse(readFileSync(file, 'utf8'))
    } catch (error) {
      throw new SpecError(file, '', `is not valid ${extension === '.json' ? 'JSON' : 'YAML'}: ${(error as Error).message}`)
    }
    if (!Array.isArray(items)) throw new SpecError(file, '#', `must be a list of ${type} items, got ${items === null ? 'nothing' : typeof items}`)
    data[type] = items
  }
  return { data, files }
}
