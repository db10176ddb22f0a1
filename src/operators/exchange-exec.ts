// ExchangeExec: where rows change partitions (Spark's HashPartitioning exchange). When one operator instance owns
// every partition — a single thread — it passes batches through: the stateful operator above keeps each key's rows
// in that key's partition of its state, so nothing needs to move or be copied. Across workers the runtime routes
// rows by `pmod(hash(keys), n)` instead (see physical-plan.ts's ExchangeNode).
import { type Column, partitionIds, type RecordBatch, sparkHash, takeRows } from '../arrow/index.js'
import type { DataType } from '../types/data-types.js'
import type { StructType } from '../types/struct-type.js'
import type { Collector, Operator, OperatorContext } from './operator.js'

export class ExchangeExec implements Operator {
  constructor(readonly schema: StructType) {}

  process(batch: RecordBatch, _ctx: OperatorContext, out: Collector): void {
    out.emit(batch)
  }
}

/**
 * The exchange kernel across threads: each row's partition is `pmod(hash(keys), numPartitions)` (Spark's
 * HashPartitioning) and partition p belongs to thread `p % threads`; returns, per thread, the rows it gets (null when
 * none), rows keeping their order.
 */
export function routeRows(
  batch: RecordBatch,
  schema: StructType,
  keys: readonly Column[],
  keyTypes: readonly DataType[],
  numPartitions: number,
  threads: number,
): (RecordBatch | null)[] {
  const rows = batch.numRows
  if (rows === 0) return Array.from({ length: threads }, () => null)
  const owners = partitionIds(sparkHash(keys, keyTypes, rows), numPartitions)
  const counts = new Int32Array(threads + 1)
  for (let i = 0; i < rows; i++) {
    owners[i] = owners[i]! % threads
    counts[owners[i]! + 1]!++
  }
  if (counts[owners[0]! + 1] === rows)
    return Array.from({ length: threads }, (_, t) => (t === owners[0] ? batch : null))
  for (let t = 1; t <= threads; t++) counts[t]! += counts[t - 1]!
  const order = new Int32Array(rows)
  const next = counts.slice(0, threads)
  for (let i = 0; i < rows; i++) order[next[owners[i]!]!++] = i
  return Array.from({ length: threads }, (_, t) =>
    counts[t + 1] === counts[t] ? null : takeRows(batch, schema, order.subarray(counts[t]!, counts[t + 1]!)),
  )
}
