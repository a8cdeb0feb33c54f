import type { Plugin } from 'vite'
import { parse } from 'yaml'

/** Scenario YAML is parsed at build time: the page gets JSON and never ships a YAML parser. */
export function yamlPlugin(): Plugin {
  return {
    name: 'verisim:yaml',
    transform(code, id) {
      if (!/\.ya?ml$/.test(id.split('?')[0] ?? '')) return null
      try {
        return { code: `export default ${JSON.stringify(parse(code))}`, map: null }
      } catch (error) {
        this.error(`Scenario file ${id} is not valid YAML: ${(error as Error).message}`)
      }
    },
  }
}
