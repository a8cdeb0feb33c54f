/**
 * The one error family of Verisim. `code` is a stable snake_case identifier (it is the
 * `error` field of every JSON error body); `message` is a sentence a user can act on.
 */
export class VerisimError extends Error {
  override readonly name = 'VerisimError'

  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly field?: string,
  ) {
    super(message)
  }
}

export const badRequest = (code: string, message: string, field?: string): VerisimError =>
  new VerisimError(code, message, 400, field)

export const notFound = (code: string, message: string): VerisimError =>
  new VerisimError(code, message, 404)

export const unauthorized = (code: string, message: string): VerisimError =>
  new VerisimError(code, message, 401)

export const conflict = (code: string, message: string): VerisimError =>
  new VerisimError(code, message, 409)

/** The message of anything thrown, for a sentence that names the cause. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
