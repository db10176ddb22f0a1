// Results a filter already computed, handed on with the rows it kept: the projection above reads a repeated
// subexpression (q21's regexp_extract, q14's 0.908 * price) from them instead of computing it again.
//
// Why this is safe: the results are of deterministic, row-wise computations (canonical.ts: commonSubexpressions)
// over the filter's input batch, whose rows `rows` are the kept batch. Row k of the kept batch's value is then row
// rows[k] of the result, exactly what computing it again would give; and a result handed on was computed without
// error on a superset of the kept rows, so reading it neither raises an error that computing it would not, nor hides
// one that computing it would raise. Nothing is computed here: only results that exist are handed on.
import { type RecordBatch, take } from '../arrow/index.js'
import { type EvalContext, isScalar, type Vec } from './functions/vector.js'

interface Handed {
  /** The kept rows of the batch the results are over; null when every row was kept (the same batch). */
  readonly rows: Int32Array | null
  /** The results, by compile.ts's key (canonical key and type). */
  readonly results: ReadonlyMap<string, Vec>
  /** What the results may depend on besides the rows (current_timestamp(), the session time zone). */
  readonly zone: string
  readonly batchTimestampMicros: number
}

/** Keyed by the batch object the filter emitted; an entry lives as long as that batch. */
const handed = new WeakMap<RecordBatch, Handed>()

/** Records `results` (over the filter's input) for `kept`, the filter's output of rows `rows` (null: all). */
export function handOnResults(
  kept: RecordBatch,
  rows: Int32Array | null,
  results: ReadonlyMap<string, Vec>,
  ctx: EvalContext,
): void {
  if (results.size === 0) return
  handed.set(kept, { rows, results, zone: ctx.zone, batchTimestampMicros: ctx.batchTimestampMicros })
}

/** The value of the computation `key` over `batch`'s rows when a filter handed it on, else undefined. */
export function handedResult(batch: RecordBatch, key: string, ctx: EvalContext): Vec | undefined {
  const entry = handed.get(batch)
  if (entry === undefined || entry.zone !== ctx.zone || entry.batchTimestampMicros !== ctx.batchTimestampMicros)
    return undefined
  const result = entry.results.get(key)
  if (result === undefined || entry.rows === null || isScalar(result)) return result
  return take(result, entry.rows)
}
