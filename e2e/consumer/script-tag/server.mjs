// The app's own server: static files from public/, and one real endpoint of its own.
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('./public', import.meta.url))
const MSW = fileURLToPath(new URL('./node_modules/msw/lib/iife/index.js', import.meta.url))
const PORT = Number(process.env.PORT ?? 5312)
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json', '.map': 'application/json' }

createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)
  if (path === '/real/ping') {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    return res.end(JSON.stringify({ pong: true, from: 'the app server' }))
  }
  // The app's own msw, as its IIFE build (the global MockServiceWorker): handlers of its own for the mock.
  if (path === '/vendor/msw.js') {
    res.writeHead(200, { 'Content-Type': 'text/javascript' })
    return createReadStream(MSW).pipe(res)
  }
  const file = normalize(join(ROOT, path.endsWith('/') ? `${path}index.html` : path))
  if (!file.startsWith(ROOT) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' })
    return res.end('not found')
  }
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' })
  createReadStream(file).pipe(res)
}).listen(PORT, '127.0.0.1', () => console.log(`http://127.0.0.1:${PORT}/`))
