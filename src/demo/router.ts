// Hash routes keep `?scenario=` in the query untouched: `/?scenario=x#/orders/ORD-1001`.

export type Route =
  | { name: 'shop' }
  | { name: 'orders' }
  | { name: 'order'; id: string }
  | { name: 'account' }
  | { name: 'login' }
  | { name: 'missing'; path: string }

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '') || '/'
  if (path === '/' || path === '/shop') return { name: 'shop' }
  if (path === '/orders') return { name: 'orders' }
  if (path === '/account') return { name: 'account' }
  if (path === '/login') return { name: 'login' }
  const order = /^\/orders\/([^/]+)$/.exec(path)
  if (order?.[1]) return { name: 'order', id: safeDecode(order[1]) }
  return { name: 'missing', path }
}

export function orderHref(id: string): string {
  return `#/orders/${encodeURIComponent(id)}`
}

/** The nav entry a route belongs to. */
export function section(route: Route): string {
  return route.name === 'order' ? 'orders' : route.name
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}
