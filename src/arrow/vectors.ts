// Arrow Vectors for user code: arrow_udf and mapInArrow hand users apache-arrow Vectors and RecordBatches, and take
// back Vectors, typed arrays or plain arrays. Wrapping a column in a Vector and unwrapping a one-chunk Vector copy
// nothing.
import { makeVector, type Vector } from 'apache-arrow'
import type { Column } from './column.js'
import { concatColumns } from './take.js'

export type { Vector } from 'apache-arrow'

/** A Vector over a column (no copy). */
export function vectorOf(column: Column): Vector {
  return makeVector(column)
}

/** Whether a value is an apache-arrow Vector. */
export function isVector(value: unknown): value is Vector {
  return typeof value === 'object' && value !== null && Array.isArray((value as Vector).data) && 'type' in value
}

/** The column of a Vector: its one chunk, or its chunks concatenated. */
export function columnOfVector(vector: Vector): Column {
  const chunks = vector.data as Column[]
  return chunks.length === 1 ? chunks[0]! : concatColumns(chunks)
}
