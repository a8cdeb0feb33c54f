import { LIVE } from './api.ts'

export interface Frame {
  type: string
  order_id?: string
  status?: string
  tracking_number?: string
}

/** Opens the shop's live feed and hands every frame to `onFrame`. */
export function openLiveFeed(onFrame: (frame: Frame) => void, onState: (state: string) => void): WebSocket {
  const socket = new WebSocket(LIVE)
  socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'init', workspace: 'default' })))
  socket.addEventListener('message', (event: MessageEvent<string>) => {
    const frame = JSON.parse(event.data) as Frame
    // From the acknowledgement on, the feed carries every update of the shop.
    if (frame.type === 'init_ack') onState('Live')
    onFrame(frame)
  })
  socket.addEventListener('close', () => onState('Disconnected'))
  return socket
}
