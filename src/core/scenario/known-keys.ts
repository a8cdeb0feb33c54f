/** The config keys Verisim acts on, and the walks that report every other key (or a value it cannot honour) as a warning. */
import { fail, list, optionalBoolean, optionalRecord, optionalString, string } from './read-config.ts'

/** Keys of MockForge's config that Verisim acts on; anything else is reported as a warning. `[]` is any list item. */
export const HONOURED = new Set([
  'server', 'server.http', 'server.http.port', 'server.http.enabled', 'server.websocket', 'server.websocket.port',
  'server.websocket.enabled', 'lifecycle', 'lifecycle.presets', 'websocket', 'websocket.enabled', 'websocket.port',
  'websocket.path', 'websocket.use_shared_state', 'webhooks', 'webhooks.enabled', 'webhooks.use_shared_state',
  'webhooks.endpoints', 'webhooks.retry', 'webhooks.retry.max_attempts', 'webhooks.retry.initial_delay', 'webhooks.retry.max_delay',
  'webhooks.concurrency', 'time_travel', 'time_travel.enabled', 'time_travel.allow_time_manipulation', 'auth',
  'auth.jwt_secret', 'contract', 'contract.requests', 'contract.responses', 'reality', 'reality.share_state_across', 'reality.state_model', 'consistency',
  'consistency.persona_graphs', 'consistency.persona_graphs.enabled', 'consistency.personas',
  'consistency.personas.default_persona', 'consistency.personas.default_persona.id',
  'consistency.personas.default_persona.name', 'consistency.personas.default_persona.traits',
  'consistency.personas.default_persona.domain', 'consistency.personas.default_persona.lifecycle',
  'consistency.personas.default_persona.lifecycle.preset', 'consistency.personas.default_persona.lifecycle.initial_state',
  ...['name', 'type', 'entity', 'status_field', 'defaults', 'states', 'states[].name', 'states[].transitions']
    .concat(['to', 'after', 'after_days', 'condition'].map((key) => `states[].transitions[].${key}`))
    .map((key) => `lifecycle.presets[].${key}`),
  ...['name', 'url', 'events', 'secret'].map((key) => `webhooks.endpoints[].${key}`),
  'seed', 'reality_continuum',
  ...['enabled', 'upstream', 'default_ratio', 'transition_mode', 'merge_strategy', 'timeout', 'seed', 'groups', 'routes', 'routes[].pattern',
    'routes[].ratio', 'routes[].group', 'routes[].enabled', 'time_based_progression', 'time_based_progression.enabled',
    'time_based_progression.schedule', 'time_based_progression.schedule[].time', 'time_based_progression.schedule[].ratio', 'time_schedule',
    'time_schedule.start_time', 'time_schedule.end_time', 'time_schedule.start_ratio', 'time_schedule.end_ratio', 'time_schedule.curve',
  ].map((key) => `reality_continuum.${key}`),
])

/** Keys of `personas.yaml` and `products.yaml`. */
export const PERSONA_KEYS = new Set([
  'personas',
  ...['id', 'email', 'password', 'name', 'subscription_tier', 'preferences', 'preferences.categories', 'preferences.max_price',
    'preferences.in_stock_only', 'traits', 'domain', 'lifecycle', 'lifecycle.preset', 'lifecycle.initial_state'].map((key) => `personas[].${key}`),
])
export const PRODUCT_KEYS = new Set(['products', ...['id', 'name', 'category', 'price', 'stock', 'description'].map((key) => `products[].${key}`)])

/** Honoured mappings whose keys are free-form data, not config. */
const FREE_FORM = new Set(['consistency.personas.default_persona.traits', 'lifecycle.presets[].defaults', 'personas[].traits', 'reality_continuum.groups'])

/**
 * Warns about every key of `value` that is not in `known`, however deep, list items included.
 * `path` is where a key is (`lifecycle.presets[1].name`), `shape` how `known` spells it
 * (`lifecycle.presets[].name`). Values of the wrong type are left to the compile step.
 */
export function collectUnknown(value: unknown, path: string, shape: string, known: ReadonlySet<string>, warnings: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectUnknown(item, `${path}[${i}]`, `${shape}[]`, known, warnings))
    return
  }
  if (!value || typeof value !== 'object') return
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key
    const childShape = shape ? `${shape}.${key}` : key
    if (!known.has(childShape)) {
      const knownBelow = [...known].some((k) => k.startsWith(`${childShape}.`) || k.startsWith(`${childShape}[]`))
      if (!knownBelow) {
        warnings.push(`${childPath}: not supported by Verisim yet; ignored`)
        continue
      }
    }
    if (!FREE_FORM.has(childShape)) collectUnknown(child, childPath, childShape, known, warnings)
  }
}

const CHANNELS = ['http', 'websocket', 'webhooks']

/**
 * MockForge's switches for sharing one state across channels: Verisim always does, so they are
 * checked, and a value asking for less is a warning rather than silently ignored.
 */
export function checkSharedState(config: Record<string, unknown>, warnings: string[]): void {
  const always = 'Verisim always shares one state across HTTP, WebSocket and webhooks; ignored'
  for (const path of ['websocket.use_shared_state', 'webhooks.use_shared_state', 'consistency.persona_graphs.enabled']) {
    const [section, sub, key] = path.split('.') as [string, string, string?]
    const parent = optionalRecord(config[section], section)
    const holder = key ? optionalRecord(parent?.[sub], `${section}.${sub}`) : parent
    if (optionalBoolean(holder?.[key ?? sub], path) === false) warnings.push(`${path}: false is not supported: ${always}`)
  }
  const reality = optionalRecord(config.reality, 'reality')
  optionalString(reality?.state_model, 'reality.state_model')
  if (reality?.share_state_across !== undefined) {
    const shared = list(reality.share_state_across, 'reality.share_state_across').map((c, i) => {
      const channel = string(c, `reality.share_state_across[${i}]`)
      if (!CHANNELS.includes(channel)) fail(`reality.share_state_across[${i}]`, `one of ${CHANNELS.join(', ')}`, channel)
      return channel
    })
    const missing = CHANNELS.filter((c) => !shared.includes(c))
    if (missing.length > 0) warnings.push(`reality.share_state_across: leaving out ${missing.join(', ')} is not supported: ${always}`)
  }
}
