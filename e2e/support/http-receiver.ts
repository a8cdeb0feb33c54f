import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A real HTTP server on 127.0.0.1 that records what it is sent and answers JSON with CORS
 * headers; paths under `/no-cors/` answer without them (a receiver a browser may not post to).
 */
export interface HttpReceiver {
  url: string
  requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string; status: number }>
  /** The next `times` POSTs are answered with `status` (e.g. 503) instead of 200. */
  failNext(times: number, status?: number): void
  close(): Promise<void>
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: HttpReceiver['requests'] = []
  const failures: number[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const status = request.method === 'POST' ? (failures.shift() ?? 200) : request.method === 'OPTIONS' ? 204 : 200
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body, status })
      const cors = request.url?.startsWith('/no-cors/')
        ? {}
        : {
            'Access-Control-Allow-Origin': request.headers.origin ?? '*',
            'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
            'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? 'Content-Type',
            'Access-Control-Expose-Headers': 'X-Served-By',
          }
      if (request.method === 'OPTIONS') {
        response.writeHead(204, cors).end()
        return
      }
      response
        .writeHead(status, { ...cors, 'Content-Type': 'application/json', 'X-Served-By': 'e2e-http-receiver' })
        .end(JSON.stringify({ served_by: 'e2e-http-receiver', method: request.method, path: request.url, body }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (times, status = 503) => failures.push(...Array.from({ length: times }, () => status)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
