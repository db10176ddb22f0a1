// The rate source: `rowsPerSecond` rows per second with Spark's value and timestamp formulas (ramp-up included).

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeBatch, numericColumn, type RecordBatch } from '../../arrow/index.js'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { AnalysisException, IllegalArgumentException } from '../../common/errors.js'
import { parseTimeStringSeconds } from '../../common/interval.js'
import { LONG, TIMESTAMP } from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import {
  type Offset,
  optionRecord,
  optionsOf,
  type Source,
  type SourceContext,
  type SourceProvider,
} from '../source.js'

export interface RateOptions {
  readonly rowsPerSecond: number
  readonly rampUpTimeSeconds: number
  /** Undefined when not set (Spark's description then says `numPartitions=default`). */
  readonly numPartitions: number | undefined
}

const SCHEMA = StructType([StructField('timestamp', TIMESTAMP), StructField('value', LONG)])

export function parseRateOptions(options: Options): RateOptions {
  const positive = (key: string) => (v: string) => `Invalid value '${v}'. The option '${key}' must be positive`
  const rowsPerSecond = options.getInt('rowsPerSecond', 1, positive('rowsPerSecond'))
  if (rowsPerSecond <= 0) throw new IllegalArgumentException(positive('rowsPerSecond')(String(rowsPerSecond)))
  const rampText = options.getOr('rampUpTime', '0s')
  const rampUpTimeSeconds = parseTimeStringSeconds(rampText)
  if (rampUpTimeSeconds === undefined || rampUpTimeSeconds < 0) {
    throw new IllegalArgumentException(`Invalid value '${rampText}'. The option 'rampUpTime' must not be negative`)
  }
  const numPartitions = options.has('numPartitions')
    ? options.getInt('numPartitions', 1, positive('numPartitions'))
    : undefined
  if (numPartitions !== undefined && numPartitions <= 0)
    throw new IllegalArgumentException(positive('numPartitions')(String(numPartitions)))
  return { rowsPerSecond, rampUpTimeSeconds, numPartitions }
}

/** Spark's `RateStreamProvider.valueAtSecond`: the number of rows generated before second `seconds`. */
export function valueAtSecond(seconds: number, rowsPerSecond: number, rampUpTimeSeconds: number): number {
  const speedDelta = Math.floor(rowsPerSecond / (rampUpTimeSeconds + 1))
  if (seconds <= rampUpTimeSeconds) {
    return seconds % 2 === 1 ? ((seconds + 1) / 2) * speedDelta * seconds : (seconds / 2) * speedDelta * (seconds + 1)
  }
  return (
    valueAtSecond(rampUpTimeSeconds, rowsPerSecond, rampUpTimeSeconds) + (seconds - rampUpTimeSeconds) * rowsPerSecond
  )
}

/**
 * The rows of seconds (startSeconds, endSeconds]: values [valueAt(start), valueAt(end)), partition p taking
 * `rangeStart + p + k * numPartitions` in order, each stamped evenly across the interval.
 */
export function rateBatch(
  options: RateOptions,
  creationTimeMs: number,
  startSeconds: number,
  endSeconds: number,
): RecordBatch {
  const { rowsPerSecond, rampUpTimeSeconds } = options
  const rangeStart = valueAtSecond(startSeconds, rowsPerSecond, rampUpTimeSeconds)
  const rangeEnd = valueAtSecond(endSeconds, rowsPerSecond, rampUpTimeSeconds)
  const count = rangeEnd - rangeStart
  const values = new Float64Array(count)
  const timestamps = new Float64Array(count)
  const partitions = options.numPartitions ?? 1
  const localStartMs = creationTimeMs + startSeconds * 1000
  const msPerValue = ((endSeconds - startSeconds) * 1000) / count
  let k = 0
  for (let p = 0; p < partitions; p++) {
    for (let value = rangeStart + p; value < rangeEnd; value += partitions) {
      values[k] = value
      timestamps[k++] = (localStartMs + Math.round((value - rangeStart) * msPerValue)) * 1000
    }
  }
  return makeBatch(SCHEMA, [numericColumn(TIMESTAMP, timestamps, null), numericColumn(LONG, values, null)], count)
}

export class RateSource implements Source {
  readonly schema = SCHEMA
  readonly description: string
  private readonly creationTimeMs: number

  constructor(
    private readonly options: RateOptions,
    private readonly context: SourceContext,
  ) {
    this.creationTimeMs = creationTime(context)
    const partitions = options.numPartitions === undefined ? 'default' : String(options.numPartitions)
    // Spark's description really lacks the closing bracket.
    this.description = `RateStreamV2[rowsPerSecond=${options.rowsPerSecond}, rampUpTimeSeconds=${options.rampUpTimeSeconds}, numPartitions=${partitions}`
  }

  /**
   * Whole seconds since creation. Spark's rate source takes no read limit (its pace is rowsPerSecond; the
   * rate-micro-batch source is the one with a per-batch row count), so the limit is ignored.
   */
  async latestOffset(): Promise<Offset> {
    return Math.floor((this.context.now() - this.creationTimeMs) / 1000)
  }

  async getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]> {
    const startSeconds = (start as number | null) ?? 0
    if (startSeconds === end) return []
    return [rateBatch(this.options, this.creationTimeMs, startSeconds, end as number)]
  }

  commit(): void {}

  async stop(): Promise<void> {}
}

export const rateProvider: SourceProvider = {
  format: 'rate',
  describe(options: Options, userSchema: StructType | undefined) {
    if (userSchema) throw new AnalysisException('RateStreamProvider source does not support user-specified schema.')
    parseRateOptions(options)
    return { format: 'rate', options: optionRecord(options), schema: SCHEMA }
  },
  create: (source, context) => new RateSource(parseRateOptions(optionsOf(source)), context),
}

/** The query's creation time: persisted in `sources/<i>/0` as `v1\n<ms>` (Spark's format) so restarts keep it. */
function creationTime(context: SourceContext): number {
  if (context.metadataPath === undefined) return context.now()
  const path = join(context.metadataPath, '0')
  if (existsSync(path)) {
    const [version, ms] = readFileSync(path, 'utf8').split('\n')
    if (version === 'v1' && /^\d+$/.test(ms ?? '')) return Number(ms)
    throw new IllegalArgumentException(`The rate source metadata ${path} is unreadable`)
  }
  const now = context.now()
  writeFileAtomic(path, `v1\n${now}`)
  return now
}
