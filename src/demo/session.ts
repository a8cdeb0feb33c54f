import type { ShopApi, User } from './api.ts'

/** Who is signed in, as the backend says (`GET /api/auth/me`); survives reloads because the mock's state does. */
export class Session {
  user: User | null = null
  readonly #listeners = new Set<(user: User | null) => void>()

  constructor(private readonly api: ShopApi) {}

  async load(): Promise<User | null> {
    const me = await this.api.me()
    this.#set(me.ok ? me.data.user : null)
    return this.user
  }

  async login(email: string, password: string): Promise<string | null> {
    const result = await this.api.login(email, password)
    if (!result.ok) return result.error.message
    this.#set(result.data.user)
    return null
  }

  async logout(): Promise<void> {
    await this.api.logout()
    this.#set(null)
  }

  onChange(listener: (user: User | null) => void): void {
    this.#listeners.add(listener)
  }

  #set(user: User | null): void {
    const changed = user?.id !== this.user?.id || user?.name !== this.user?.name
    this.user = user
    if (changed) for (const listener of this.#listeners) listener(user)
  }
}
