// The shop's client for its backend. It knows only URLs and JSON, as a front-end talking to a
// real server would: every answer here comes from the mock through `fetch`.
// (It borrows the mock's wire types for the shapes of those answers, nothing else.)
import type { Persona } from '../core/scenario/scenario.ts'
import type {
  ClockChangeBody, ClockStatus, DeliveryBody, DeliveryListBody, EntityUpsertBody, ErrorBody, LoginBody, LogoutBody, MeBody, OrderBody,
  OrderListBody, ProductBody, ProductListBody, SubscriptionBody, SupportBody, UserBody,
} from '../core/wire/wire.ts'

export type User = UserBody
/** A product as `GET /api/products` sends it: the scenario's, plus whether it is in stock. */
export type Product = ProductBody
export type Preferences = Persona['preferences']
export type ProductList = ProductListBody
export type Order = OrderBody
export type Subscription = SubscriptionBody
export type Support = SupportBody
export type { ClockStatus }
export type Delivery = DeliveryBody
export type ApiError = ErrorBody

/** An answer; a successful one also names the persona the backend acted as (`X-MockForge-Persona`), or null. */
export type Result<T> = { ok: true; status: number; data: T; persona: string | null } | { ok: false; status: number; error: ApiError }

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
    if (response.ok) return { ok: true, status: response.status, data: parsed as T, persona: response.headers.get('X-MockForge-Persona') }
    const error = parsed as Partial<ApiError> | null
    return {
      ok: false,
      status: response.status,
      error: { error: error?.error ?? 'http_error', message: error?.message ?? `The server answered ${response.status}.` },
    }
  }

  login(email: string, password: string) {
    return this.call<LoginBody>('POST', '/api/auth/login', { email, password })
  }

  logout() {
    return this.call<LogoutBody>('POST', '/api/auth/logout')
  }

  me() {
    return this.call<MeBody>('GET', '/api/auth/me')
  }

  /** The products picked for the persona the backend acts as; the result's `persona` names it. */
  products(category: string | null = null) {
    return this.call<ProductList>('GET', `/api/products${category ? `?category=${encodeURIComponent(category)}` : ''}`)
  }

  placeOrder(productId: string, quantity: number) {
    return this.call<Order>('POST', '/api/orders', { product_id: productId, quantity })
  }

  orders() {
    return this.call<OrderListBody>('GET', '/api/orders')
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
    return this.call<EntityUpsertBody>('POST', '/api/v1/consistency/entities', { entity_type: 'user', entity_id: userId, data: { payment_failed_count: count } })
  }

  deliveries() {
    return this.call<DeliveryListBody>('GET', '/__mockforge/webhooks/deliveries')
  }

  clock() {
    return this.call<ClockStatus>('GET', '/__mockforge/time-travel/status')
  }

  travel(action: ClockAction, body: Record<string, string> = {}) {
    return this.call<ClockChangeBody>('POST', `/__mockforge/time-travel/${action}`, body)
  }
}
