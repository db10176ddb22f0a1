// `spark.master` for a local session: how many threads run a query's partitioned stages — `local` (1), `local[N]`,
// `local[*]` (the machine's cores) — and Spark's error for anything else.
import { availableParallelism } from 'node:os'
import { IllegalArgumentException } from '../../common/errors.js'

/** The thread count a master URL asks for. */
export function masterThreads(master: string): number {
  const text = master.trim()
  if (text === 'local') return 1
  const match = /^local\[(\*|[1-9]\d*)(?:,\s*\d+)?\]$/.exec(text)
  if (!match) {
    throw new IllegalArgumentException(`Could not parse Master URL: '${master}'`)
  }
  return match[1] === '*' ? availableParallelism() : Number(match[1])
}
