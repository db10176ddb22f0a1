// Event-time statistics a watermark operator gathers per batch: the input of the watermark and of `eventTime` progress.

/** Event-time statistics of one batch, in milliseconds: Spark's EventTimeStats (max, min, running mean, count). */
export interface EventTimeStats {
  max: number
  min: number
  avg: number
  count: number
}

export const emptyStats = (): EventTimeStats => ({
  max: Number.NEGATIVE_INFINITY,
  min: Number.POSITIVE_INFINITY,
  avg: 0,
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
    return
  }
  into.max = Math.max(into.max, that.max)
  into.min = Math.min(into.min, that.min)
  into.count += that.count
  into.avg += ((that.avg - into.avg) * that.count) / into.count
}

/** The average event time (ms) progress reports: Spark prints `avg.toLong`, its running mean truncated toward zero. */
export const averageMs = (stats: EventTimeStats): number => Math.trunc(stats.avg)
