/** HS256 JSON Web Tokens on WebCrypto (available in browsers and Node alike). */
import { hmac, importKey } from '../hmac.ts'

const encoder = new TextEncoder()

export interface TokenClaims {
  sub: string
  email: string
  name: string
  workspace: string
  iat: number
  exp: number
}

export async function signToken(claims: TokenClaims, secret: string): Promise<string> {
  const header = base64url(encoder.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })))
  const payload = base64url(encoder.encode(JSON.stringify(claims)))
  const signature = await hmac(secret, `${header}.${payload}`)
  return `${header}.${payload}.${base64url(signature)}`
}

/** The claims of a valid, unexpired token signed with `secret`; `null` otherwise. */
export async function verifyToken(token: string, secret: string, nowSeconds: number): Promise<TokenClaims | null> {
  const [header, payload, signature] = token.split('.')
  if (!header || !payload || !signature) return null
  try {
    const key = await importKey(secret)
    const valid = await crypto.subtle.verify('HMAC', key, fromBase64url(signature), encoder.encode(`${header}.${payload}`))
    if (!valid) return null
    const claims = JSON.parse(new TextDecoder().decode(fromBase64url(payload))) as TokenClaims
    return typeof claims.exp === 'number' && claims.exp > nowSeconds && typeof claims.sub === 'string' ? claims : null
  } catch {
    // Malformed base64 or JSON: not a token we issued.
    return null
  }
}

function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}
