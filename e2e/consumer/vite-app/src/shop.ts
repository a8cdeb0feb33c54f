import { call, signedIn } from './api.ts'

export interface User {
  id: string
  name: string
  email: string
}

export interface Product {
  id: string
  name: string
  price: number
}

export interface Order {
  id: string
  product_id: string
  quantity: number
  status: string
  tracking_number?: string
}

export async function signIn(email: string, password: string): Promise<User> {
  const answer = await call<{ token: string; user: User }>('POST', '/api/auth/login', { email, password })
  signedIn(answer.token)
  return answer.user
}

export const listProducts = (): Promise<Product[]> => call<Product[]>('GET', '/api/products')

export const listOrders = async (): Promise<Order[]> => (await call<{ orders: Order[] }>('GET', '/api/orders')).orders

export const placeOrder = (productId: string, quantity = 1): Promise<Order> =>
  call<Order>('POST', '/api/orders', { product_id: productId, quantity })
