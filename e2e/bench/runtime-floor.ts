// P6's baseline: only what the runtime imports from its dependencies (msw's worker client and
// handler, xstate's machine and transition, mock-socket, idb), bundled and minified like the
// runtime itself. The difference is Verisim's own code.
import { RequestHandler } from 'msw'
import { setupWorker } from 'msw/browser'
import { setup, transition } from 'xstate'
import { Server, WebSocket } from 'mock-socket'
import { openDB, unwrap } from 'idb'

export const dependencies = { RequestHandler, setupWorker, setup, transition, Server, WebSocket, openDB, unwrap }
