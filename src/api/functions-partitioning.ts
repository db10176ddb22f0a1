// pyspark.sql.functions' partition transforms (years, months, days, hours, bucket): arguments of a table writer's
// partitionedBy in Spark. Rivulet has no such writer, so, as Spark does anywhere else, evaluating one fails with
// PARTITION_TRANSFORM_EXPRESSION_NOT_IN_PARTITIONED_BY.

import { IllegalArgumentException } from '../common/errors.js'
import { partitionTransformName } from '../expr/functions/partition-transforms.js'
import { type Column, literalExpr } from './column.js'
import { type ColumnOrName, c, fn } from './function-args.js'

const transform =
  (name: string) =>
  (col: ColumnOrName): Column =>
    fn(partitionTransformName(name), c(col))

/** Partition transform: the year of a date or timestamp (only inside a table writer's partitionedBy). */
export const years = transform('years')
/** Partition transform: the month of a date or timestamp (only inside a table writer's partitionedBy). */
export const months = transform('months')
/** Partition transform: the day of a date or timestamp (only inside a table writer's partitionedBy). */
export const days = transform('days')
/** Partition transform: the hour of a timestamp (only inside a table writer's partitionedBy). */
export const hours = transform('hours')
/** Partition transform: a hash bucket in [0, numBuckets) (only inside a table writer's partitionedBy). */
export const bucket = (numBuckets: Column | number, col: ColumnOrName): Column => {
  if (typeof numBuckets !== 'number' && !(numBuckets as Column | undefined)?.expr) {
    throw new IllegalArgumentException(
      `[NOT_COLUMN_OR_INT] Argument \`numBuckets\` should be a Column or int, got ${typeof numBuckets}.`,
    )
  }
  return fn(
    partitionTransformName('bucket'),
    typeof numBuckets === 'number' ? literalExpr(numBuckets) : numBuckets.expr,
    c(col),
  )
}
