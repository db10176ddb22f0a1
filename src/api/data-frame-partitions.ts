// repartition() and coalesce() arguments, checked as PySpark and Spark's Repartition do. A static DataFrame's result
// is one in-memory batch, so there are no partitions to change: the checks are all these methods do.
import { IllegalArgumentException } from '../common/errors.js'
import { Column } from './column.js'
import { pyTypeName } from './py-type-name.js'

/** Spark's Repartition requirement. */
export function checkPartitions(numPartitions: number): void {
  if (!Number.isInteger(numPartitions) || numPartitions <= 0) {
    throw new IllegalArgumentException(`requirement failed: Number of partitions (${numPartitions}) must be positive.`)
  }
}

/** The partitioning columns of `repartition(numPartitions, ...cols)` or `repartition(...cols)`, after the checks. */
export function repartitionKeys(numPartitions: unknown, cols: readonly (Column | string)[]): (Column | string)[] {
  if (typeof numPartitions === 'number') {
    checkPartitions(numPartitions)
    return [...cols]
  }
  if (numPartitions instanceof Column || typeof numPartitions === 'string') return [numPartitions, ...cols]
  throw new IllegalArgumentException(
    `Argument \`numPartitions\` should be a Column, int or str, got ${pyTypeName(numPartitions)}.`,
    { errorClass: 'NOT_COLUMN_OR_INT_OR_STR' },
  )
}
