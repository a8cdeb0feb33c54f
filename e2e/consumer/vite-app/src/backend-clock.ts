import { API } from './api.ts'

/**
 * Which clock the shop's backend runs on, asked with XMLHttpRequest (as axios does) the moment the
 * app's modules run, before the app knows whether any mock has started: the status, the workspace
 * that answered and the clock's kind.
 */
export function backendClock(): Promise<string> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest()
    request.open('GET', `${API}/__mockforge/time-travel/status`)
    request.responseType = 'json'
    request.onload = () => {
      const status = request.response as { enabled?: boolean } | null
      resolve(`${request.status} ${request.getResponseHeader('X-MockForge-Workspace')} ${status?.enabled ? 'virtual' : 'real'} time`)
    }
    request.onerror = () => resolve('failed')
    request.send()
  })
}
