/** The page URL's search parameter that carries a world: the page restores it on start. */
export const STATE_PARAM = 'verisim-state'

/** Longer links are refused: browsers, chat apps and servers cut or reject URLs of this size. */
export const MAX_LINK_LENGTH = 64_000

/** A world's document as a URL-safe value: its UTF-8 JSON, deflated (zlib), in base64url without padding. */
export async function encodeStateLink(document: unknown): Promise<string> {
  const json = JSON.stringify(document)
  if (json === undefined) throw new Error('Nothing to put in a state link.')
  const deflated = await drain(new Blob([json]).stream().pipeThrough(new CompressionStream('deflate')))
  return toBase64Url(deflated)
}

/** The document a value of `encodeStateLink` carries; a damaged value throws an error saying which step failed. */
export async function decodeStateLink(value: string): Promise<unknown> {
  if (!/^[A-Za-z0-9_-]+$/.test(value) || value.length % 4 === 1) {
    throw new Error('The state link is damaged: it is not base64url text (it may have been cut or changed when copied).')
  }
  let json: string
  try {
    const inflated = await drain(new Blob([fromBase64Url(value)]).stream().pipeThrough(new DecompressionStream('deflate')))
    json = new TextDecoder('utf-8', { fatal: true }).decode(inflated)
  } catch (error) {
    throw new Error(`The state link is damaged: its data does not inflate (${error instanceof Error ? error.message : String(error)}).`, { cause: error })
  }
  try {
    return JSON.parse(json) as unknown
  } catch (error) {
    throw new Error(`The state link is damaged: it does not hold JSON (${error instanceof Error ? error.message : String(error)}).`, { cause: error })
  }
}

/** `base` (the current page by default) with the parameter set to `value`, replacing one it had. */
export function stateLinkUrl(value: string, base: string = location.href): string {
  const url = new URL(base)
  url.searchParams.set(STATE_PARAM, value)
  return url.href
}

async function drain(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/** Chunked: `String.fromCharCode(...bytes)` overflows the call stack on large worlds. */
function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
