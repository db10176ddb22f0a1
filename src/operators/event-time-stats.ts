// Event-time statistics a watermark operator gathers per batch: the input of the watermark and of `eventTime` progress.

/** Event-time statistics of one batch, in milliseconds (Spark's EventTimeStats). */
export interface EventTimeStats {
  max: number
  min: number
  sum: number
  count: number
}

export const emptyStats = (): EventTimeStats => ({
  max: Number.NEGATIVE_INFINITY,
  min: Number.POSITIVE_INFINITY,
  sum: 0,
  count: 0,
})
