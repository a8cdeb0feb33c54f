/**
 * A string made to match a `pattern`, for the patterns specs usually carry: literals, classes
 * (`[A-Z]`, `\d`, `\w`, `.`), groups with alternatives and quantifiers. Lookarounds and
 * back-references are beyond it: the caller tests what comes back with `RegExp` either way.
 */
import type { SeededRandom } from './seeded-random.ts'

type Node =
  | { kind: 'chars'; chars: string[] }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; options: Node[] }
  | { kind: 'repeat'; node: Node; min: number; max: number }

class Unsupported extends Error {}

const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))
const DIGITS = PRINTABLE.filter((c) => c >= '0' && c <= '9')
const WORD = PRINTABLE.filter((c) => /\w/.test(c))
const SPACE = [' ']
const READABLE = PRINTABLE.filter((c) => /[A-Za-z0-9]/.test(c))
/** How many more repetitions than the minimum an open quantifier (`*`, `+`, `{n,}`) may make. */
const OPEN_EXTRA = 3

/** The characters of a class escape (`\d`, `\W`, …), or null when `letter` is not one. */
function classEscape(letter: string): string[] | null {
  const set = { d: DIGITS, w: WORD, s: SPACE }[letter.toLowerCase()]
  if (set === undefined) return null
  return letter === letter.toLowerCase() ? set : READABLE.filter((c) => !set.includes(c))
}

/** The character an escape stands for, `\n`, `\u0041`, `\.` and the like. */
function escapedChar(source: string, at: number): { char: string; end: number } {
  const letter = source[at] ?? ''
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', '0': '\0' }
  if (letter in simple) return { char: simple[letter] as string, end: at + 1 }
  const hex = letter === 'x' ? /^[0-9a-fA-F]{2}/.exec(source.slice(at + 1)) : letter === 'u' ? /^[0-9a-fA-F]{4}/.exec(source.slice(at + 1)) : null
  if (hex) return { char: String.fromCharCode(parseInt(hex[0], 16)), end: at + 1 + hex[0].length }
  if (/[1-9]|[bBkpPc]/.test(letter)) throw new Unsupported(`\\${letter}`)
  return { char: letter, end: at + 1 }
}

function parse(source: string): Node {
  let at = 0

  const parseClass = (): Node => {
    at++ // [
    const negate = source[at] === '^'
    if (negate) at++
    const set = new Set<string>()
    let first = true
    while (at < source.length && (source[at] !== ']' || first)) {
      first = false
      let char = source[at] as string
      if (char === '\\') {
        const escape = classEscape(source[at + 1] ?? '')
        if (escape) {
          escape.forEach((c) => set.add(c))
          at += 2
          continue
        }
        const read = escapedChar(source, at + 1)
        char = read.char
        at = read.end
      } else at++
      if (source[at] === '-' && source[at + 1] !== ']' && at + 1 < source.length) {
        let last = source[at + 1] as string
        at += 2
        if (last === '\\') {
          const read = escapedChar(source, at)
          last = read.char
          at = read.end
        }
        for (let code = char.charCodeAt(0); code <= last.charCodeAt(0) && code < char.charCodeAt(0) + 512; code++) set.add(String.fromCharCode(code))
      } else set.add(char)
    }
    if (source[at] !== ']') throw new Unsupported('an unclosed class')
    at++
    const chars = negate ? READABLE.filter((c) => !set.has(c)) : [...set]
    if (chars.length === 0) throw new Unsupported('an empty class')
    return { kind: 'chars', chars }
  }

  const parseAtom = (): Node | null => {
    const char = source[at] as string
    if (char === '^' || char === '$') {
      at++
      return null
    }
    if (char === '(') {
      at++
      if (source.startsWith('?:', at)) at += 2
      else if (/^\?<[A-Za-z]/.test(source.slice(at))) at = source.indexOf('>', at) + 1
      else if (source[at] === '?') throw new Unsupported('a lookaround')
      const inner = parseAlternatives()
      if (source[at] !== ')') throw new Unsupported('an unclosed group')
      at++
      return inner
    }
    if (char === '[') return parseClass()
    if (char === '.') {
      at++
      return { kind: 'chars', chars: READABLE }
    }
    if (char === '\\') {
      const escape = classEscape(source[at + 1] ?? '')
      if (escape) {
        at += 2
        return { kind: 'chars', chars: escape }
      }
      const read = escapedChar(source, at + 1)
      at = read.end
      return { kind: 'chars', chars: [read.char] }
    }
    if ('*+?'.includes(char)) throw new Unsupported('a quantifier with nothing to repeat')
    at++
    return { kind: 'chars', chars: [char] }
  }

  const parseQuantifier = (node: Node): Node => {
    const char = source[at]
    let range: [number, number] | null = null
    if (char === '*') range = [0, OPEN_EXTRA]
    else if (char === '+') range = [1, 1 + OPEN_EXTRA]
    else if (char === '?') range = [0, 1]
    let length = 1
    const braces = char === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(source.slice(at)) : null
    if (braces) {
      const min = Number(braces[1])
      range = [min, braces[2] === undefined ? min : braces[3] ? Number(braces[3]) : min + OPEN_EXTRA]
      length = braces[0].length
    }
    if (range === null) return node
    at += length
    if (source[at] === '?') at++ // lazy: the same strings match
    return { kind: 'repeat', node, min: range[0], max: range[1] }
  }

  const parseSequence = (): Node => {
    const items: Node[] = []
    while (at < source.length && source[at] !== '|' && source[at] !== ')') {
      const atom = parseAtom()
      if (atom) items.push(parseQuantifier(atom))
    }
    return { kind: 'seq', items }
  }

  function parseAlternatives(): Node {
    const options = [parseSequence()]
    while (source[at] === '|') {
      at++
      options.push(parseSequence())
    }
    return options.length === 1 ? (options[0] as Node) : { kind: 'alt', options }
  }

  const node = parseAlternatives()
  if (at < source.length) throw new Unsupported('an unmatched )')
  return node
}

function produce(node: Node, random: SeededRandom): string {
  switch (node.kind) {
    case 'chars':
      return random.pick(node.chars)
    case 'seq':
      return node.items.map((item) => produce(item, random)).join('')
    case 'alt':
      return produce(random.pick(node.options), random)
    case 'repeat': {
      const count = random.int(node.min, node.max)
      return Array.from({ length: count }, () => produce(node.node, random)).join('')
    }
  }
}

/** A string `pattern` should match, or null when the pattern uses what this cannot produce. */
export function stringForPattern(pattern: string, random: SeededRandom): string | null {
  try {
    return produce(parse(pattern), random)
  } catch (error) {
    if (error instanceof Unsupported) return null
    throw error
  }
}
