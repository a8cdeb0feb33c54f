/**
 * The browser's own words for a failure, without its closing full stop (it is quoted inside a
 * sentence): `VersionError: The requested version (4) is less than the existing version (9)`.
 */
export function reasonOf(error: unknown): string {
  const text = !(error instanceof Error) ? String(error) : error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message
  return text.replace(/\.\s*$/, '')
}
