// P6's second baseline: what a minimal app mocking a few routes with MSW alone loads (its worker
// client, `http` and `HttpResponse`), bundled and minified like the runtime itself.
import { http, HttpResponse } from 'msw'
import { setupWorker } from 'msw/browser'

const orders = [{ id: 'ORD-1001', status: 'processing' }]

export const worker = setupWorker(
  http.get('/api/orders', () => HttpResponse.json(orders)),
  http.get('/api/orders/:id', ({ params }) => HttpResponse.json(orders.find((order) => order.id === params.id) ?? null)),
  http.post('/api/orders', async ({ request }) => HttpResponse.json(await request.json(), { status: 201 })),
)

export const start = (): Promise<unknown> => worker.start({ onUnhandledRequest: 'bypass' })
