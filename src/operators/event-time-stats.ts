// Event-time statistics a watermark operator gathers per batch: the input of the watermark and of `eventTime` progress.

/**
 * Event-time statistics of one batch, in milliseconds: Spark's EventTimeStats (max, min, running mean `avg`, count),
 * and the times' exact sum (a bigint: a batch's times sum past 2^53 ms). `avg` is NaN in statistics merged by
 * adding sums (the parallel runtime's merge of its workers'), whose average is then the exact mean.
 */
export interface EventTimeStats {
  max: number
  min: number
  avg: number
  sum: bigint
  count: number
}

export const emptyStats = (): EventTimeStats => ({
  max: Number.NEGATIVE_INFINITY,
  min: Number.POSITIVE_INFINITY,
  avg: Number.NaN,
  sum: 0n,
  count: 0,
})

/** Folds `that` into `into` as Spark's EventTimeStats.merge does (the mean weighted by the counts). */
export function mergeStats(into: EventTimeStats, that: EventTimeStats): void {
  if (that.count === 0) return
  if (into.count === 0) {
    into.max = that.max
    into.min = that.min
    into.count = that.count
    into.avg = that.avg
    into.sum = that.sum
    return
  }
  into.max = Math.max(into.max, that.max)
  into.min = Math.min(into.min, that.min)
  into.count += that.count
  into.avg += ((that.avg - into.avg) * that.count) / into.count
  into.sum += that.sum
}

/**
 * The average event time (ms) progress reports: Spark prints `avg.toLong`, its running mean truncated toward zero;
 * where the statistics were merged by sums (avg NaN), the exact mean truncated toward zero.
 */
export const averageMs = (stats: EventTimeStats): number =>
  Number.isNaN(stats.avg) ? Number(stats.sum / BigInt(stats.count)) : Math.trunc(stats.avg)
