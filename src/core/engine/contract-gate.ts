import { checkRequest, checkResponse, isJsonMedia } from '../contract/check.ts'
import { VerisimError } from '../errors.ts'
import { readBodyText, readJsonBody, sentBody } from '../http/http.ts'
import type { Params, Router } from '../http/router.ts'
import { operationTable } from '../http/routes/spec-routes.ts'
import type { Contract, ContractOperation } from '../scenario/contract.ts'
import type { ContractViolation } from './events.ts'

/**
 * Holds the wire to the scenario's spec: a request that breaks it is refused before any route
 * runs (or reported, as the scenario says), and an answer that breaks it is reported with the
 * operation, the status and the first mismatch.
 */
export class ContractGate {
  readonly #operations: Router<ContractOperation>

  constructor(
    readonly contract: Contract,
    private readonly report: (violation: ContractViolation) => void,
    private readonly wallNow: () => number,
  ) {
    this.#operations = operationTable(contract)
  }

  /** The spec's operation a request is for, if the spec has it. */
  operation(method: string, path: string): { op: ContractOperation; params: Params } | null {
    const match = this.#operations.match(method, path)
    return match && match !== 'method' ? { op: match.handler, params: match.params } : null
  }

  /** Throws the 400 (or 415) a request that breaks the spec gets, when requests are enforced. */
  async checkRequest(request: Request, url: URL, found: { op: ContractOperation; params: Params }): Promise<void> {
    const { validators, requests } = this.contract
    if (!validators || requests === 'off') return
    const { op, params } = found
    const hasBody = op.requestBody !== null && request.body !== null
    // Read and parsed once, within the mock's limits, for the check and the route alike.
    const body = hasBody ? await readBodyText(request) : null
    const mediaType = request.headers.get('Content-Type')?.split(';')[0]?.trim().toLowerCase() || null
    const json = body !== null && body.trim() !== '' && isJsonMedia(mediaType ?? 'application/json') ? await readJsonBody(request) : undefined
    const violation = checkRequest(op, validators, { params, query: url.searchParams, headers: request.headers, mediaType, body, json })
    if (!violation) return
    this.report({ operation: op.id, method: request.method, path: url.pathname, status: violation.status, direction: 'request', message: violation.message, field: violation.field, at: this.wallNow() })
    if (requests === 'enforce') throw new VerisimError(violation.error, violation.message, violation.status, violation.field || undefined)
  }

  /** Checks an answer made outside the engine (an app's own handler) when it is for one of the spec's operations on a served URL. */
  async checkAnswer(request: Request, response: Response, serves: (url: URL) => boolean): Promise<void> {
    const url = new URL(request.url)
    const found = serves(url) ? this.operation(request.method, url.pathname) : null
    if (found) await this.checkResponse(request, url, found.op, response)
  }

  /** Reports an answer that breaks the spec (it is sent as it is). */
  async checkResponse(request: Request, url: URL, op: ContractOperation, response: Response): Promise<void> {
    const { validators, responses } = this.contract
    if (!validators || responses === 'off') return
    let body = sentBody(response) as unknown
    if (body === undefined && response.body !== null && isJsonMedia(response.headers.get('Content-Type')?.split(';')[0]?.trim() ?? '')) {
      body = await response.clone().json().catch(() => undefined)
    }
    const mismatch = checkResponse(op, validators, response.status, body)
    if (mismatch === null) return
    this.report({
      operation: op.id, method: request.method, path: url.pathname, status: response.status, direction: 'response',
      message: `${op.method} ${op.path} (${op.id}) answered ${response.status}, which breaks the spec: ${mismatch}`, at: this.wallNow(),
    })
  }
}
