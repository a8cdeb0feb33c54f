// The shop's client for its backend. It knows only URLs and JSON, as a front-end talking to a
// real server would: every answer here comes from the mock through `fetch`.
// (It borrows the engine's types for the shapes of those answers, nothing else.)
import type { Persona, Product as ScenarioProduct } from '../core/scenario/scenario.ts'

export interface User {
  id: string
  email: string
  name: string
  subscription_tier: string
}

/** A product as `GET /api/products` sends it: the scenario's, plus whether it is in stock. */
export type Product = ScenarioProduct & { in_stock: boolean }

export type Preferences = Persona['preferences']

export interface ProductList {
  products: Product[]
  count: number
  persona: { id: string; preferences: Preferences } | null
}

export interface Order {
  id: string
  user_id: string
  product_id: string
  product_name?: string
  quantity: number
  unit_price?: number
  total: number
  currency?: string
  status: string
  created_at: string
  updated_at?: string
  tracking_number?: string
  payment_ids?: string[]
  /** Milestones once reached: `processing_at`, `shipped_at`, … */
  [milestone: `${string}_at`]: string | undefined
}

export interface Subscription {
  user_id: string
  plan: string
  status: string | null
  billing_status: string
  subscription_status: string
  payment_method: string | null
  payment_failed_count: number
  status_since: string | null
  started_at: string | null
  canceled_at: string | null
  history: Array<{ status: string; at: string }>
}

export interface Support {
  user_id: string
  subscription_status: string | null
  support_tier: string
  open_tickets: number
  priority: string
  ticket_type?: string
}

export interface ClockStatus {
  enabled: boolean
  current_time: string
  scale_factor: number
  real_time: string
}

export interface Delivery {
  id: string
  url: string
  event: string
  status: string
  attempts: number
  created_at: string
  last_error: string | null
  payload: Record<string, unknown>
}

export interface ApiError {
  error: string
  message: string
}

export type Result<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError }

export type ClockAction = 'enable' | 'advance' | 'set' | 'reset'

export class ShopApi {
  constructor(private readonly base: string) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<Result<T>> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      cache: 'no-store',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const parsed: unknown = await response.json().catch(() => null)
    if (response.ok) return { ok: true, status: response.status, data: parsed as T }
    const error = parsed as Partial<ApiError> | null
    return {
      ok: false,
      status: response.status,
      error: { error: error?.error ?? 'http_error', message: error?.message ?? `The server answered ${response.status}.` },
    }
  }

  login(email: string, password: string) {
    return this.call<{ token: string; user: User }>('POST', '/api/auth/login', { email, password })
  }

  logout() {
    return this.call<{ success: boolean }>('POST', '/api/auth/logout')
  }

  me() {
    return this.call<{ user: User }>('GET', '/api/auth/me')
  }

  products(category: string | null = null) {
    return this.call<ProductList>('GET', `/api/products${category ? `?category=${encodeURIComponent(category)}` : ''}`)
  }

  placeOrder(productId: string, quantity: number) {
    return this.call<Order>('POST', '/api/orders', { product_id: productId, quantity })
  }

  orders() {
    return this.call<{ orders: Order[]; count: number }>('GET', '/api/orders')
  }

  order(id: string) {
    return this.call<Order>('GET', `/api/orders/${encodeURIComponent(id)}`)
  }

  subscription() {
    return this.call<Subscription>('GET', '/api/billing/subscription')
  }

  support() {
    return this.call<Support>('GET', '/api/support')
  }

  /** Records failed payments on the persona, as a payment provider's webhook would. */
  setFailedPayments(userId: string, count: number) {
    return this.call<unknown>('POST', '/api/v1/consistency/entities', { entity_type: 'user', entity_id: userId, data: { payment_failed_count: count } })
  }

  deliveries() {
    return this.call<{ deliveries: Delivery[] }>('GET', '/__mockforge/webhooks/deliveries')
  }

  clock() {
    return this.call<ClockStatus>('GET', '/__mockforge/time-travel/status')
  }

  travel(action: ClockAction, body: Record<string, string> = {}) {
    return this.call<{ success: boolean; status: ClockStatus }>('POST', `/__mockforge/time-travel/${action}`, body)
  }
}
