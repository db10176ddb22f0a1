// describe() and summary(): Spark's StatFunctions.summary as a plan — one map of statistic → string value per
// numeric or string column, aggregated in one pass, then exploded to one row per statistic.
import { IllegalArgumentException } from '../common/errors.js'
import { isNumeric } from '../types/data-types.js'
import { Column } from './column.js'
import type { DataFrame } from './data-frame.js'
import {
  approx_count_distinct,
  array,
  avg,
  col,
  count,
  count_distinct,
  create_map,
  element_at,
  explode,
  get,
  lit,
  max,
  min,
  percentile_approx,
  stddev,
} from './functions.js'

/** summary()'s statistics when none are named. */
const DEFAULT_STATISTICS = ['count', 'mean', 'stddev', 'min', '25%', '50%', '75%', 'max']
/** describe()'s statistics. */
export const DESCRIBE_STATISTICS = ['count', 'mean', 'stddev', 'min', 'max']

/** The named statistics, each an aggregate of the column (`casted`: strings cast to double). */
const NAMED: ReadonlyMap<string, (column: Column, casted: Column) => Column> = new Map([
  ['count', (column: Column) => count(column)],
  ['count_distinct', (column: Column) => count_distinct(column)],
  ['approx_count_distinct', (column: Column) => approx_count_distinct(column)],
  ['mean', (_: Column, casted: Column) => avg(casted)],
  ['stddev', (_: Column, casted: Column) => stddev(casted)],
  ['min', (column: Column) => min(column)],
  ['max', (column: Column) => max(column)],
])

/** The fraction a `25%` statistic names (Spark's "Unable to parse ... as a percentile" otherwise). */
function percentileOf(stat: string): number {
  const text = stat.slice(0, -1).trim()
  const value = text === '' ? Number.NaN : Number(text)
  if (Number.isNaN(value)) throw new IllegalArgumentException(`Unable to parse ${stat} as a percentile`)
  return value / 100
}

/**
 * Statistics of the numeric and string columns, all as strings, in a first `summary` column naming each statistic:
 * `count`, `count_distinct`, `approx_count_distinct`, `mean`, `stddev`, `min`, `max`, or a percentile like `75%`
 * (approximate, as percentile_approx with accuracy 10000). Strings are cast to double for mean, stddev and
 * percentiles (null when not numbers).
 */
export function summaryOf(df: DataFrame, statistics: readonly string[]): DataFrame {
  const stats = statistics.length > 0 ? statistics : DEFAULT_STATISTICS
  const percentiles = stats.filter((s) => s.endsWith('%')).map(percentileOf)
  if (!percentiles.every((p) => p >= 0 && p <= 1)) {
    throw new IllegalArgumentException('requirement failed: Percentiles must be in the range [0, 1]')
  }
  for (const stat of stats) {
    if (!stat.endsWith('%') && !NAMED.has(stat.toLowerCase())) {
      throw new IllegalArgumentException(`${stat} is not a recognised statistic`)
    }
  }
  const attrs = df.plan.output.filter((a) => isNumeric(a.dataType) || a.dataType.kind === 'string')
  if (attrs.length === 0) {
    return df.sparkSession.createDataFrame(
      stats.map((s) => [s]),
      'summary STRING',
    )
  }
  const maps = attrs.map((a) => {
    const column = new Column(a)
    const casted = a.dataType.kind === 'string' ? column.cast('double') : column
    const quantiles = percentiles.length > 0 ? percentile_approx(casted, percentiles, 10000) : undefined
    let next = 0
    const entries = stats.flatMap((stat) => {
      const named = NAMED.get(stat.toLowerCase())
      const value = named ? named(column, casted) : get(quantiles!, next++)
      return [lit(stat), value.cast('string')]
    })
    return create_map(...entries).alias(a.name)
  })
  return df
    .agg(...maps)
    .withColumn('summary', explode(array(...stats.map((s) => lit(s)))))
    .select(col('summary'), ...attrs.map((a) => element_at(col(a.name), col('summary')).alias(a.name)))
}
