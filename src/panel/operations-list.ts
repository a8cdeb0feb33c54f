import type { ContractReport, ContractViolation, Engine, OperationReport, ServedBy } from '../core/engine/engine.ts'
import { h } from './dom.ts'
import { formatClockTime } from './format.ts'

/** Messages shown per operation, newest first (its count covers all the report keeps). */
const LATEST = 3

const SERVED_LABEL: Readonly<Record<ServedBy, string>> = {
  engine: 'engine route',
  resource: 'spec resource',
  example: 'example',
  generated: 'generated',
  none: 'none',
}

const SERVED_TITLE: Readonly<Record<ServedBy, string>> = {
  engine: 'A built-in route of the engine answers it',
  resource: 'CRUD over the world’s entities of this type, stored per workspace',
  example: 'Answers the example the spec gives',
  generated: 'Answers a body generated from the schema (the same request, the same body)',
  none: 'The spec gives no response: answered 501',
}

/**
 * The operations of the scenario's OpenAPI document: method, path, id and summary, what serves
 * each, and how it was broken lately (requests refused, answers that break the spec). It follows
 * `violation` events; the report itself is the engine's.
 */
export class OperationsList {
  readonly element: HTMLElement
  readonly #report: ContractReport
  readonly #rows = h('tbody')
  readonly #summary = h('span', { class: 'muted', 'data-testid': 'operations-summary' })
  readonly #stop: () => void
  #queued: ReturnType<typeof setTimeout> | null = null

  constructor(engine: Engine, report: ContractReport) {
    this.#report = report
    const source = report.contract.source
    this.element = h('section', { class: 'card grow operations', 'aria-label': 'OpenAPI operations', 'data-testid': 'operations' },
      h('h3', null, 'OpenAPI ', h('span', { class: 'mono' }, `${source.title} · ${source.openapi}`), ' ', this.#summary),
      h('p', { class: 'muted small' }, checking(report.contract)),
      h('table', { class: 'ops' },
        h('thead', null, h('tr', null, h('th', null, 'Method'), h('th', null, 'Path'), h('th', null, 'Operation'), h('th', null, 'Served by'), h('th', null, 'Violations'))),
        this.#rows,
      ),
    )
    // Violations of any workspace: the spec is the scenario's, not a workspace's.
    this.#stop = engine.events.on('violation', () => this.#queue())
    this.render()
  }

  render(): void {
    const operations = this.#report.operations
    this.#rows.replaceChildren(...operations.map((op) => this.#row(op)))
    if (operations.length === 0) this.#rows.append(h('tr', null, h('td', { colspan: 5, class: 'muted' }, 'The spec has no operations.')))
    const broken = operations.reduce((n, op) => n + op.violations.length, 0)
    this.#summary.textContent = `${operations.length} operations · ${broken === 0 ? 'no violations' : `${broken} recent violation${broken === 1 ? '' : 's'}`}`
  }

  destroy(): void {
    this.#stop()
    if (this.#queued !== null) clearTimeout(this.#queued)
    this.#queued = null
  }

  /** A burst of violations redraws once. */
  #queue(): void {
    this.#queued ??= setTimeout(() => {
      this.#queued = null
      this.render()
    }, 60)
  }

  #row(op: OperationReport): HTMLElement {
    const served = op.servedBy === 'resource' && op.resource ? `${SERVED_LABEL.resource} ${op.resource}` : SERVED_LABEL[op.servedBy]
    return h('tr', { 'data-testid': 'operation', 'data-operation': op.id, 'data-served-by': op.servedBy, class: op.violations.length > 0 ? 'broken' : null },
      h('td', null, h('span', { class: `method m-${op.method.toLowerCase()}` }, op.method)),
      h('td', { class: 'mono path' }, op.path),
      h('td', null, h('span', { class: 'mono' }, op.id), op.summary ? h('span', { class: 'muted' }, ` — ${op.summary}`) : null),
      h('td', null, h('span', { class: `badge served-${op.servedBy}`, title: SERVED_TITLE[op.servedBy], 'data-testid': 'served-by' }, served)),
      h('td', { 'data-testid': 'operation-violations' }, violations(op.violations)),
    )
  }
}

function violations(list: readonly ContractViolation[]): Node {
  if (list.length === 0) return h('span', { class: 'muted', 'data-testid': 'violation-count', 'data-count': 0 }, '—')
  const latest = [...list].reverse().slice(0, LATEST)
  return h('div', null,
    h('span', { class: 'count', 'data-testid': 'violation-count', 'data-count': list.length }, `${list.length}`),
    h('ul', { class: 'violations' },
      ...latest.map((v) => h('li', { 'data-testid': 'violation', 'data-direction': v.direction },
        h('span', { class: 'muted mono' }, `${formatClockTime(v.at)} ${v.direction === 'request' ? '→' : '←'} ${v.status} `),
        v.field ? h('span', { class: 'mono' }, `${v.field}: `) : null,
        v.message,
      )),
    ),
  )
}

/** How strictly the wire is held to the spec, in a sentence. */
function checking(contract: ContractReport['contract']): string {
  if (!contract.validators) return 'Nothing is checked: the spec came without its compiled validators (load the scenario through the Vite plugin or verisim init).'
  const requests = contract.requests === 'enforce' ? 'are refused when they break the spec' : contract.requests === 'warn' ? 'that break the spec are reported' : 'are not checked'
  return `Requests ${requests}; answers ${contract.responses === 'warn' ? 'that break it are reported' : 'are not checked'}.`
}
