import { createHash } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'

/**
 * A real WebSocket server on 127.0.0.1 (RFC 6455: handshake, text/close/ping frames, echo),
 * small enough to read, so the suite needs no WebSocket dependency.
 */
export interface EchoServer {
  url: string
  /** Text messages received, in order. */
  received: string[]
  /** Request headers of every accepted handshake. */
  handshakes: IncomingHttpHeaders[]
  close(): Promise<void>
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'
const TEXT = 0x1
const CLOSE = 0x8
const PING = 0x9
const PONG = 0xa

function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length
  const header = length < 126 ? Buffer.alloc(2) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10)
  header[0] = 0x80 | opcode
  if (length < 126) {
    header[1] = length
  } else if (length < 65_536) {
    header[1] = 126
    header.writeUInt16BE(length, 2)
  } else {
    header[1] = 127
    header.writeBigUInt64BE(BigInt(length), 2)
  }
  return Buffer.concat([header, payload])
}

/** One complete frame from the start of `buffer`, or null when more bytes are needed. */
function decodeFrame(buffer: Buffer): { fin: boolean; opcode: number; payload: Buffer; size: number } | null {
  if (buffer.length < 2) return null
  const first = buffer.readUInt8(0)
  const second = buffer.readUInt8(1)
  let length = second & 0x7f
  let offset = 2
  if (length === 126) {
    if (buffer.length < 4) return null
    length = buffer.readUInt16BE(2)
    offset = 4
  } else if (length === 127) {
    if (buffer.length < 10) return null
    length = Number(buffer.readBigUInt64BE(2))
    offset = 10
  }
  const masked = (second & 0x80) !== 0
  const mask = masked ? buffer.subarray(offset, offset + 4) : null
  if (masked) offset += 4
  if (buffer.length < offset + length) return null
  const payload = Buffer.from(buffer.subarray(offset, offset + length))
  if (mask) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0)
  return { fin: (first & 0x80) !== 0, opcode: first & 0x0f, payload, size: offset + length }
}

export async function startEchoServer(): Promise<EchoServer> {
  const received: string[] = []
  const handshakes: IncomingHttpHeaders[] = []
  const sockets = new Set<Duplex>()
  const server = createServer((_request, response) => {
    response.writeHead(426, { 'Content-Type': 'text/plain' }).end('WebSocket only')
  })

  server.on('upgrade', (request, socket: Duplex) => {
    const key = request.headers['sec-websocket-key']
    if (typeof key !== 'string' || request.headers.upgrade?.toLowerCase() !== 'websocket') {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')
      return
    }
    handshakes.push(request.headers)
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => sockets.delete(socket))
    const accept = createHash('sha1').update(key + GUID).digest('base64')
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`)

    let pending = Buffer.alloc(0)
    let fragments: Buffer[] = []
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk])
      for (let frame = decodeFrame(pending); frame; frame = decodeFrame(pending)) {
        pending = pending.subarray(frame.size)
        if (frame.opcode === CLOSE) {
          socket.end(encodeFrame(CLOSE, frame.payload.subarray(0, 2)))
          return
        }
        if (frame.opcode === PING) {
          socket.write(encodeFrame(PONG, frame.payload))
          continue
        }
        if (frame.opcode === PONG) continue
        fragments.push(frame.payload)
        if (!frame.fin) continue
        const message = Buffer.concat(fragments).toString('utf8')
        fragments = []
        received.push(message)
        socket.write(encodeFrame(TEXT, Buffer.from(`echo: ${message}`, 'utf8')))
      }
    })
  })

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `ws://127.0.0.1:${port}`,
    received,
    handshakes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
