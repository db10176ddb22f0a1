// Event-time statistics a watermark operator gathers per batch: the input of the watermark and of `eventTime` progress.

/**
 * Event-time statistics of one batch, in milliseconds (Spark's EventTimeStats). `sum` is exact (a bigint: a batch's
 * times sum past 2^53 ms), so the reported average is the exact mean truncated toward zero.
 */
export interface EventTimeStats {
  max: number
  min: number
  sum: bigint
  count: number
}

export const emptyStats = (): EventTimeStats => ({
  max: Number.NEGATIVE_INFINITY,
  min: Number.POSITIVE_INFINITY,
  sum: 0n,
  count: 0,
})

/**
 * The average event time (ms) progress reports: Spark prints `avg.toLong`, its running mean (`avg += (t - avg) /
 * count` per row) truncated toward zero. This is the exact mean truncated toward zero, which that running mean
 * approximates; the two differ only where the running mean's rounding (at most 2^-13 ms a row for present-day times)
 * carries it across a whole millisecond.
 */
export const averageMs = (stats: EventTimeStats): number => Number(stats.sum / BigInt(stats.count))
