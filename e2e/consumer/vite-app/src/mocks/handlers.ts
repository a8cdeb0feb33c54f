// The app's own mock of a route its backend will have: written with the http and HttpResponse
// that verisim re-exports (the app has no msw of its own), answering from the scenario's world.
import { http, HttpResponse, verisimContext } from 'verisim'

export const handlers = [
  http.get('/app/summary', async ({ request }) => {
    const ctx = verisimContext(request)
    const persona = await ctx.persona()
    if (!persona) return HttpResponse.json({ error: 'signed_out' }, { status: 401 })
    const { orders } = (await (await ctx.scenario('http://localhost:3000/api/orders')).json()) as { orders: Array<{ status: string }> }
    return HttpResponse.json({ name: persona.name, orders: orders.length, statuses: orders.map((o) => o.status) })
  }),
]
