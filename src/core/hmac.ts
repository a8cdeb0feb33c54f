/** HMAC-SHA256 on WebCrypto (browsers and Node alike): JWTs and webhook signatures both sign with it. */
const encoder = new TextEncoder()

export async function hmac(secret: string, message: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await importKey(secret), encoder.encode(message)))
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** A WebCrypto key (named by what importKey gives: core sees no DOM types, see its tsconfig). */
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>

export function importKey(secret: string): Promise<HmacKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify'])
}
