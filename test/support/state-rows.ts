// Spark's StateStoreMetricsTest.assertNumStateRows for testStream scenarios: the state rows the last batch left
// (numRowsTotal), and the rows updated, dropped by the watermark and removed summed over the batches run since the
// previous check of the same query run (a restarted query starts counting again).
import type { StreamingQuery } from '../../src/index.js'
import { AssertOnQuery, type StreamAction } from './stream-actions.js'

export interface ExpectedStateRows {
  readonly total: number
  readonly updated: number
  readonly droppedByWatermark?: number
  readonly removed?: number
}

/** A checker for one scenario: `stateRows(total, updated, dropped?)` steps, each comparing with the last check. */
export function stateRowsChecker(operator = 0) {
  let query: StreamingQuery | undefined
  let checkedUpTo = 0
  return (total: number, updated: number, droppedByWatermark = 0, removed?: number): StreamAction =>
    AssertOnQuery(
      (q) => {
        if (q !== query) {
          query = q
          checkedUpTo = 0
        }
        const batches = q.recentProgress.filter((p) => p.stateOperators.length > 0)
        const since = batches.slice(checkedUpTo)
        checkedUpTo = batches.length
        const last = batches[batches.length - 1]
        if (!last) throw new Error('no batch has run')
        const sum = (field: 'numRowsUpdated' | 'numRowsDroppedByWatermark' | 'numRowsRemoved') =>
          since.reduce((n, p) => n + p.stateOperators[operator]![field], 0)
        const actual: ExpectedStateRows = {
          total: last.stateOperators[operator]!.numRowsTotal,
          updated: sum('numRowsUpdated'),
          droppedByWatermark: sum('numRowsDroppedByWatermark'),
          ...(removed === undefined ? {} : { removed: sum('numRowsRemoved') }),
        }
        const expected: ExpectedStateRows = {
          total,
          updated,
          droppedByWatermark,
          ...(removed === undefined ? {} : { removed }),
        }
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          throw new Error(`state rows ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`)
        }
      },
      `state rows: total ${total}, updated ${updated}, dropped by watermark ${droppedByWatermark}${removed === undefined ? '' : `, removed ${removed}`}`,
    )
}
