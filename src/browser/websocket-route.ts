import { Server, WebSocket as MockWebSocket, type Client } from 'mock-socket'
import type { Engine } from '../core/engine/engine.ts'
import { socketUrlOf } from '../core/engine/served-urls.ts'
import type { Scenario } from '../core/scenario/scenario.ts'
import { patchGlobal } from './patches.ts'
import { asWebSocketClass } from './pending-socket.ts'

/**
 * Replaces the page's `WebSocket` with a router: URLs the scenario mocks connect to the engine
 * through mock-socket; every other socket (Vite's HMR, a real server) gets the native WebSocket.
 * A socket opened while the engine starts is connected, and its messages read, once it has.
 * MSW's start wraps whatever `WebSocket` it finds: `reassert` puts the router back on top of it.
 * `restore` puts back the constructor the router replaced.
 */
export function installSocketRoute(
  scenario: Scenario,
  engine: Promise<Engine>,
  target: { WebSocket: typeof WebSocket } = globalThis,
  Native: typeof WebSocket = target.WebSocket,
): { reassert(): void; restore(): void } {
  function RoutingWebSocket(this: unknown, url: string | URL, protocols?: string | string[]): WebSocket {
    if (!new.target) throw new TypeError("Failed to construct 'WebSocket': Please use the 'new' operator.")
    const mocked = socketUrlOf(scenario, url)
    return (mocked ? new MockWebSocket(mocked, protocols) : new Native(url, protocols)) as WebSocket
  }
  const Routing = asWebSocketClass(RoutingWebSocket, Native, MockWebSocket)

  // Patch first: a second start fails here, with a clear message, before touching anything.
  const restore = patchGlobal(target, 'WebSocket', Routing)
  const servers: Server[] = []
  try {
    for (const url of scenario.socketUrls) servers.push(serve(engine, url))
  } catch (error) {
    for (const server of servers) server.close()
    restore()
    throw error
  }
  return {
    reassert: () => {
      if (target.WebSocket !== Routing) target.WebSocket = Routing
    },
    restore: () => {
      for (const server of servers) server.close()
      restore()
    },
  }
}

/** `mock: false`: mock-socket must not replace the global itself; the router decides. */
function serve(engine: Promise<Engine>, url: string): Server {
  const server = new Server(url, { mock: false })
  server.on('connection', (socket: Client) => {
    let session: ReturnType<Engine['connect']> | null = null
    let closed = false
    const early: unknown[] = []
    socket.on('message', (data) => (session ? session.receive(data) : early.push(data)))
    socket.on('close', () => {
      closed = true
      session?.close()
    })
    // An engine that failed to start is reported where start fails; its sockets close.
    engine.then(
      (started) => {
        if (closed) return
        session = started.connect(url, { send: (data) => socket.send(data) })
        for (const data of early.splice(0)) session.receive(data)
      },
      () => socket.close(),
    )
  })
  return server
}
