// Late rows: a row whose event time is at or behind the watermark late rows are judged against (the previous batch's,
// as Spark does since 3.4) is dropped by stateful operators that follow event time; a null event time is not late.
import { bitAt, columnsOf, numbersOf, type RecordBatch, takeRows, validityOf } from '../arrow/index.js'
import type { StructType } from '../types/struct-type.js'

/** The rows of `batch` whose event time (column `index`, µs) is after `lateWatermarkMs`. */
export function dropLateRows(
  batch: RecordBatch,
  schema: StructType,
  index: number,
  lateWatermarkMs: number,
): RecordBatch {
  const column = columnsOf(batch)[index]!
  const times = numbersOf(column)
  const valid = validityOf(column)
  const threshold = lateWatermarkMs * 1000
  const kept: number[] = []
  for (let i = 0; i < batch.numRows; i++) {
    if ((valid !== null && !bitAt(valid, i)) || times[i]! > threshold) kept.push(i)
  }
  return kept.length === batch.numRows ? batch : takeRows(batch, schema, kept)
}
