// The shop's backend, as the app is configured to reach it (in development, Verisim answers for it).
export const API = 'http://localhost:3000'
export const LIVE = 'ws://localhost:3001'

let token: string | null = null

export function signedIn(jwt: string): void {
  token = jwt
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {}
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const answer = (await response.json()) as T & { message?: string }
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${answer.message ?? ''}`.trim())
  return answer
}
