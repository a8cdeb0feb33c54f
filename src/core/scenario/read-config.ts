/** Readers of a parsed config: each checks one value and names its path when it is wrong. */
import { VerisimError } from '../errors.ts'

/** Refuses a second item with the same key: `personas[2].id: "user-123" is already personas[0].id`. */
export function unique<T>(items: readonly T[], key: (item: T) => string, path: (i: number) => string): void {
  const seen = new Map<string, number>()
  items.forEach((item, i) => {
    const value = key(item)
    const first = seen.get(value)
    if (first !== undefined) throw new VerisimError('invalid_config', `${path(i)}: ${JSON.stringify(value)} is already ${path(first)}; each must be unique`)
    seen.set(value, i)
  })
}

export function fail(path: string, expected: string, got: unknown): never {
  throw new VerisimError('invalid_config', `${path}: expected ${expected}, got ${JSON.stringify(got) ?? 'nothing'}`)
}

export function record(value: unknown, path: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail(path, 'a mapping', value)
  return value as Record<string, unknown>
}

export function optionalRecord(value: unknown, path: string): Record<string, unknown> | undefined {
  return value === undefined || value === null ? undefined : record(value, path)
}

export function list(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'a list', value)
  return value
}

export function string(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') fail(path, 'a non-empty string', value)
  return value
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : string(value, path)
}

export function optionalNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a number', value)
  return value
}

export function nonNegative(value: number | undefined, path: string): number | undefined {
  if (value !== undefined && value < 0) fail(path, 'a non-negative number', value)
  return value
}

export function optionalInt(value: unknown, path: string): number | undefined {
  const n = optionalNumber(value, path)
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) fail(path, 'a non-negative integer', value)
  return n
}

export function optionalPort(value: unknown, path: string): number | undefined {
  const n = optionalInt(value, path)
  if (n !== undefined && (n < 1 || n > 65_535)) fail(path, 'a port from 1 to 65535', value)
  return n
}

export function optionalBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'boolean') fail(path, 'true or false', value)
  return value
}
