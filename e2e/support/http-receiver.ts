import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A real HTTP server on 127.0.0.1 that records what it is sent and answers JSON with CORS headers. */
export interface HttpReceiver {
  url: string
  requests: Array<{ method: string; url: string; headers: IncomingHttpHeaders; body: string }>
  close(): Promise<void>
}

export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: HttpReceiver['requests'] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body })
      const cors = {
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
        .writeHead(200, { ...cors, 'Content-Type': 'application/json', 'X-Served-By': 'e2e-http-receiver' })
        .end(JSON.stringify({ served_by: 'e2e-http-receiver', method: request.method, path: request.url, body }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
