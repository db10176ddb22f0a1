// Join strategy hints by the names Spark accepts (`broadcast(df)`, `df.hint('merge')`, `/*+ SHUFFLE_HASH(t) */`).
import type { JoinStrategy } from '../logical/plan.js'

const STRATEGIES: Readonly<Record<string, JoinStrategy>> = {
  broadcast: 'broadcast',
  broadcastjoin: 'broadcast',
  mapjoin: 'broadcast',
  merge: 'merge',
  shuffle_merge: 'merge',
  mergejoin: 'merge',
  shuffle_hash: 'shuffle_hash',
  shuffle_replicate_nl: 'shuffle_replicate_nl',
}

/** The strategy a hint name asks for (case-insensitive), or undefined for a hint that is not a join strategy. */
export function joinStrategyOfHint(name: string): JoinStrategy | undefined {
  return STRATEGIES[name.toLowerCase()]
}
