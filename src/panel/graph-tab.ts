import { button, h, pretty, svg } from './dom.ts'
import { stateColour } from './format.ts'
import { layoutGraph, type GraphLayout, type GraphNode } from './graph-layout.ts'
import type { PanelContext } from './panel-context.ts'
import { TabView } from './tab-view.ts'
import type { ConsistencyStateBody } from '../core/wire/wire.ts'

const COLUMN_WIDTH = 200
const NODE_WIDTH = 156
const NODE_HEIGHT = 34
const ROW_HEIGHT = 44
const TOP = 26
const LEFT = 10

interface Drawn {
  g: SVGGElement
  rect: SVGRectElement
  label: SVGTextElement
  sub: SVGTextElement
  title: SVGTitleElement
  state: string | null
}

/** The persona graph: nodes coloured by lifecycle state, re-coloured (and pulsing) as states change. */
export class GraphTab extends TabView {
  readonly id = 'graph'
  readonly label = 'Graph'
  readonly #svg = svg('svg', { class: 'graph', role: 'group', 'aria-label': 'Persona graph', 'data-testid': 'graph' })
  readonly #edges = svg('g', { class: 'edges' })
  readonly #heads = svg('g', { class: 'heads' })
  readonly #nodes = svg('g', { class: 'nodes' })
  readonly #drawn = new Map<string, Drawn>()
  readonly #detail = h('aside', { class: 'card detail', 'aria-label': 'Selected entity', 'data-testid': 'entity-detail' })
  readonly #note = h('p', { class: 'muted' })
  #layout: GraphLayout = { columns: [], nodes: [], edges: [], rows: 0, hidden: 0 }
  #selected: string | null = null

  constructor(ctx: PanelContext) {
    super(ctx)
    this.#svg.append(this.#heads, this.#edges, this.#nodes)
    const states = [...new Set(ctx.engine.scenario.presets.flatMap((preset) => preset.states.map((state) => state.name)))]
    const legend = h('p', { class: 'legend', 'aria-label': 'Colours of lifecycle states' }, ...states.map((state) => {
      const chip = h('span', { class: 'chip' }, state)
      chip.style.setProperty('--chip', stateColour(state))
      return chip
    }))
    this.element.append(
      h('div', { class: 'columns' },
        h('section', { class: 'card grow scroll' }, this.#svg, this.#note, legend, this.message),
        this.#detail,
      ),
    )
    this.#renderDetail()
  }

  protected async load(): Promise<void> {
    const state = await this.ctx.call<ConsistencyStateBody>('GET', '/api/v1/consistency/state')
    this.#layout = layoutGraph(Object.values(state.entity_state), this.ctx.engine.scenario)
    this.#render()
  }

  #render(): void {
    const { columns, nodes, edges, rows, hidden } = this.#layout
    const x = (column: number) => LEFT + column * COLUMN_WIDTH
    const y = (row: number) => TOP + row * ROW_HEIGHT
    const width = Math.max(1, columns.length) * COLUMN_WIDTH
    const height = TOP + Math.max(1, rows) * ROW_HEIGHT
    // Drawn at its natural size where it fits, scaled down to the card where it does not (docked right).
    this.#svg.setAttribute('viewBox', `0 0 ${width} ${height}`)
    this.#svg.style.maxWidth = `${width}px`
    this.#heads.replaceChildren(...columns.map((type, i) => svg('text', { x: x(i), y: 14, class: 'head' }, `${type}s`)))
    const at = new Map(nodes.map((n) => [n.key, n]))
    this.#edges.replaceChildren(
      ...edges.flatMap((edge) => {
        const from = at.get(edge.from)
        const to = at.get(edge.to)
        if (!from || !to) return []
        const [x1, y1, x2, y2] = [x(from.column) + NODE_WIDTH, y(from.row) + NODE_HEIGHT / 2, x(to.column), y(to.row) + NODE_HEIGHT / 2]
        const bend = (x2 - x1) / 2
        return [svg('path', { d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`, 'data-rel': edge.rel }, svg('title', null, edge.rel))]
      }),
    )
    const seen = new Set<string>()
    for (const node of nodes) {
      seen.add(node.key)
      const drawn = this.#drawn.get(node.key) ?? this.#draw(node)
      drawn.g.style.transform = `translate(${x(node.column)}px, ${y(node.row)}px)`
      this.#paint(drawn, node)
    }
    for (const [key, drawn] of this.#drawn) {
      if (seen.has(key)) continue
      drawn.g.remove()
      this.#drawn.delete(key)
    }
    this.#note.textContent = nodes.length === 0
      ? 'The graph is empty: log in and create an order.'
      : `${nodes.length} nodes, ${edges.length} links${hidden > 0 ? ` · ${hidden} not drawn (webhook receipts, or past the row limit)` : ''}. Click a node to see its entity.`
    this.#renderDetail()
  }

  #draw(node: GraphNode): Drawn {
    const rect = svg('rect', { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 6 })
    const label = svg('text', { x: 10, y: 15, class: 'label' })
    const sub = svg('text', { x: 10, y: 28, class: 'sub' })
    const title = svg('title')
    const g = svg('g', {
      class: 'node', tabindex: 0, role: 'button', 'data-node': node.key,
      onclick: () => this.#select(node.key),
      onkeydown: (event: KeyboardEvent) => {
        if (event.key !== 'Enter' && event.key !== ' ') return
        event.preventDefault()
        this.#select(node.key)
      },
      onanimationend: () => g.classList.remove('pulse'),
    }, title, rect, label, sub)
    // New nodes appear where they belong rather than sliding in from the corner.
    g.classList.add('fresh')
    requestAnimationFrame(() => g.classList.remove('fresh'))
    this.#nodes.append(g)
    const drawn: Drawn = { g, rect, label, sub, title, state: node.state }
    this.#drawn.set(node.key, drawn)
    return drawn
  }

  #paint(drawn: Drawn, node: GraphNode): void {
    if (drawn.state !== node.state) {
      drawn.g.classList.remove('pulse')
      // Restarts the animation when states change quickly one after another.
      void drawn.g.getBoundingClientRect()
      drawn.g.classList.add('pulse')
      drawn.state = node.state
    }
    const sub = node.state ?? (node.type === 'payment' && typeof node.entity.data.amount === 'number' ? `${node.entity.data.amount}` : node.type)
    drawn.rect.style.fill = stateColour(node.state)
    drawn.g.classList.toggle('stateless', node.state === null)
    drawn.g.classList.toggle('selected', node.key === this.#selected)
    drawn.g.setAttribute('aria-pressed', String(node.key === this.#selected))
    drawn.g.setAttribute('data-state', node.state ?? '')
    drawn.g.setAttribute('aria-label', `${node.type} ${node.label}${node.state ? `, ${node.state}` : ''}`)
    drawn.label.textContent = clip(node.type === 'user' ? node.label : node.id, 20)
    drawn.sub.textContent = clip(sub, 24)
    drawn.title.textContent = `${node.key}${node.label !== node.id ? ` (${node.label})` : ''}`
  }

  #select(key: string): void {
    this.#selected = key
    for (const [k, drawn] of this.#drawn) {
      drawn.g.classList.toggle('selected', k === key)
      drawn.g.setAttribute('aria-pressed', String(k === key))
    }
    this.#renderDetail()
  }

  #renderDetail(): void {
    const node = this.#layout.nodes.find((n) => n.key === this.#selected)
    if (!node) {
      this.#detail.replaceChildren(h('h3', null, 'Entity'), h('p', { class: 'muted' }, 'Select a node (click, or Tab then Enter).'))
      return
    }
    const chip = node.state ? h('span', { class: 'chip', 'data-testid': 'entity-state' }, node.state) : null
    chip?.style.setProperty('--chip', stateColour(node.state))
    const neighbours = this.#layout.edges.flatMap((e) => (e.from === node.key ? [[e.to, e.rel]] : e.to === node.key ? [[e.from, `↩ ${e.rel}`]] : []))
    const parts = [
      h('h3', null, h('span', { class: 'muted' }, `${node.type} `), h('span', { class: 'mono' }, node.id), ' ', chip),
      node.label !== node.id ? h('p', { class: 'entity-name', 'data-testid': 'entity-name' }, node.label) : null,
      neighbours.length > 0
        ? h('div', { class: 'row' }, ...neighbours.map(([key = '', rel = '']) => button(key, () => this.#select(key), { title: rel, class: 'link mono' })))
        : null,
      h('pre', { class: 'json', 'data-testid': 'entity-json' }, pretty(node.entity)),
    ]
    this.#detail.replaceChildren(...parts.filter((part) => part !== null))
  }
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
