import { VerisimError } from '../errors.ts'

export type ConditionOp = '==' | '!=' | '>' | '>=' | '<' | '<='
export type ConditionValue = number | boolean | string

export interface Condition {
  field: string
  op: ConditionOp
  value: ConditionValue
  source: string
}

const GRAMMAR = /^\s*([A-Za-z_][\w.]*)\s*(==|!=|>=|<=|>|<)\s*(.+?)\s*$/

/** Parses `field op value`, e.g. `payment_failed_count > 0` or `inventory_available == true`. */
export function parseCondition(source: string, path: string): Condition {
  const match = GRAMMAR.exec(source)
  if (!match) {
    throw new VerisimError(
      'invalid_config',
      `${path}: expected a condition "field op value" with op one of == != > >= < <=, got ${JSON.stringify(source)}`,
    )
  }
  const [, field = '', op = '==', raw = ''] = match
  return { field, op: op as ConditionOp, value: parseValue(raw), source }
}

function parseValue(raw: string): ConditionValue {
  if (raw === 'true') return true
  if (raw === 'false') return false
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw)
  const quoted = /^(['"])(.*)\1$/.exec(raw)
  return quoted ? (quoted[2] ?? '') : raw
}

export function evaluateCondition(condition: Condition, fields: Readonly<Record<string, unknown>>): boolean {
  const actual = fields[condition.field]
  const expected = condition.value
  switch (condition.op) {
    case '==':
      return actual === expected
    case '!=':
      return actual !== expected
    default: {
      if (typeof actual !== typeof expected || (typeof actual !== 'number' && typeof actual !== 'string')) return false
      const a = actual as number | string
      const b = expected as number | string
      if (condition.op === '>') return a > b
      if (condition.op === '>=') return a >= b
      if (condition.op === '<') return a < b
      return a <= b
    }
  }
}
