/**
 * What a read of a world that is still loading needs first: entities by key, what links from a
 * graph node (`[workspace, node]`), or everything.
 */
export type Need = { keys: string[] } | { links: [string, string] } | 'all'

/**
 * Thrown by a synchronous read that a world still loading cannot answer yet (an entity it has not
 * read, or any enumeration). The engine reads what is needed and runs the request again, as if
 * it had waited before running it: a run that changed something before it was stopped is undone first.
 */
export class NotLoaded extends Error {
  override readonly name = 'NotLoaded'

  constructor(readonly need: Need) {
    super(`The world is still loading: ${need === 'all' ? 'everything' : 'keys' in need ? `entities ${need.keys.join(', ')}` : `links from ${need.links[1]}`} must be read first.`)
  }
}
