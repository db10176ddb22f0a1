// The rate-micro-batch source (Spark's RatePerMicroBatchProvider): exactly rowsPerBatch rows per micro-batch.
import { makeBatch, numericColumn, type RecordBatch } from '../../arrow/index.js'
import { AnalysisException, IllegalArgumentException } from '../../common/errors.js'
import { LONG, TIMESTAMP } from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import { maxRows, type ReadLimit } from '../read-limit.js'
import { type Offset, optionRecord, optionsOf, type Source, type SourceProvider } from '../source.js'

export interface RatePerMicroBatchOptions {
  readonly rowsPerBatch: number
  /** Undefined when not set: one partition (Rivulet reads a source on one thread). */
  readonly numPartitions: number | undefined
  /** The timestamp (ms) of batch 0's rows. */
  readonly startTimestamp: number
  /** How far the timestamp advances each batch (ms). */
  readonly advanceMillisPerBatch: number
}

/** Spark's RatePerMicroBatchStreamOffset, written as `{"offset":N,"timestamp":T}`. */
type RateOffset = { readonly offset: number; readonly timestamp: number }

const SCHEMA = StructType([StructField('timestamp', TIMESTAMP), StructField('value', LONG)])

export function parseRatePerMicroBatchOptions(options: Options): RatePerMicroBatchOptions {
  const check = (key: string, value: number, min: 0 | 1) => {
    if (value < min) {
      throw new IllegalArgumentException(
        `Invalid value '${value}'. The option '${key}' must be ${min === 1 ? 'positive' : 'non-negative'}`,
      )
    }
    return value
  }
  return {
    rowsPerBatch: check('rowsPerBatch', options.getInt('rowsPerBatch', 0), 1),
    numPartitions: options.has('numPartitions')
      ? check('numPartitions', options.getInt('numPartitions', 1), 1)
      : undefined,
    startTimestamp: check('startTimestamp', options.getInt('startTimestamp', 0), 0),
    advanceMillisPerBatch: check('advanceMillisPerBatch', options.getInt('advanceMillisPerBatch', 1000), 0),
  }
}

/**
 * The rows of (start, end]: values [start.offset, end.offset), partition p taking `start.offset + p + k *
 * numPartitions` in order, every row stamped with the start offset's timestamp.
 */
export function ratePerMicroBatch(options: RatePerMicroBatchOptions, start: RateOffset, end: RateOffset): RecordBatch {
  const count = end.offset - start.offset
  const values = new Float64Array(count)
  const timestamps = new Float64Array(count).fill(start.timestamp * 1000)
  const partitions = options.numPartitions ?? 1
  let k = 0
  for (let p = 0; p < partitions; p++) {
    for (let value = start.offset + p; value < end.offset; value += partitions) values[k++] = value
  }
  return makeBatch(SCHEMA, [numericColumn(TIMESTAMP, timestamps, null), numericColumn(LONG, values, null)], count)
}

/**
 * Batch k holds values [k * rowsPerBatch, (k + 1) * rowsPerBatch), stamped startTimestamp + k *
 * advanceMillisPerBatch, however the query is triggered. As in Spark, rowsPerBatch is the default read limit
 * (maxRows) but every trigger takes exactly rowsPerBatch rows whatever limit it is given (Trigger.Once included),
 * and Trigger.AvailableNow reads one batch.
 */
export class RatePerMicroBatchSource implements Source {
  readonly schema = SCHEMA
  readonly description: string
  readonly defaultReadLimit: ReadLimit
  private availableNow: { end: RateOffset | undefined } | undefined

  constructor(private readonly options: RatePerMicroBatchOptions) {
    const { rowsPerBatch, numPartitions, startTimestamp, advanceMillisPerBatch } = options
    this.defaultReadLimit = maxRows(rowsPerBatch)
    this.description = `RatePerMicroBatchStream[rowsPerBatch=${rowsPerBatch}, numPartitions=${numPartitions ?? 1}, startTimestamp=${startTimestamp}, advanceMsPerBatch=${advanceMillisPerBatch}]`
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.availableNow = { end: undefined }
  }

  async latestOffset(start: Offset | null): Promise<Offset> {
    if (this.availableNow?.end) return this.availableNow.end
    const from = this.offsetOf(start)
    const end: RateOffset = {
      offset: Math.min(from.offset + this.options.rowsPerBatch, Number.MAX_SAFE_INTEGER),
      timestamp: from.timestamp + this.options.advanceMillisPerBatch,
    }
    if (this.availableNow) this.availableNow.end = end
    return end
  }

  async getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]> {
    const from = this.offsetOf(start)
    const to = this.offsetOf(end)
    return from.offset === to.offset ? [] : [ratePerMicroBatch(this.options, from, to)]
  }

  commit(): void {}

  async stop(): Promise<void> {}

  /** An offset from the log; null is the initial offset (0, startTimestamp). */
  private offsetOf(offset: Offset | null): RateOffset {
    if (offset === null) return { offset: 0, timestamp: this.options.startTimestamp }
    const { offset: at, timestamp } = offset as Partial<RateOffset>
    if (typeof at !== 'number' || typeof timestamp !== 'number') {
      throw new IllegalArgumentException(
        `The offset ${JSON.stringify(offset)} is not a rate-micro-batch offset {"offset":N,"timestamp":T}`,
      )
    }
    return { offset: at, timestamp }
  }
}

export const ratePerMicroBatchProvider: SourceProvider = {
  format: 'rate-micro-batch',
  describe(options: Options, userSchema: StructType | undefined) {
    if (userSchema) {
      throw new AnalysisException('RatePerMicroBatchProvider source does not support user-specified schema.')
    }
    parseRatePerMicroBatchOptions(options)
    return { format: 'rate-micro-batch', options: optionRecord(options), schema: SCHEMA }
  },
  create: (source) => new RatePerMicroBatchSource(parseRatePerMicroBatchOptions(optionsOf(source))),
}
