// Shared pieces of the benchmark scripts: command-line options, and keyed events generated straight into Arrow.
import { type Column, makeBatch, numericColumn, type RecordBatch } from '../src/arrow/index.js'
import {
  col,
  LongType,
  MemoryStream,
  SparkSession,
  StructField,
  StructType,
  TimestampType,
  window,
} from '../src/index.js'

/** `--name value` from the command line, as a number. */
export function option(name: string, fallback: number): number {
  const args = process.argv.slice(2)
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? Number(args[at + 1]) : fallback
}

/** An int64 column's words (low, high per row; value = high · 2^32 + low unsigned), read in place without BigInt. */
export function int64WordsOf(column: Column): Int32Array {
  const values = column.values as BigInt64Array
  return new Int32Array(values.buffer, values.byteOffset, column.length * 2)
}

/** The nearest-rank percentile `p` (0–100) of `values` (any order); NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export const KEYED_EVENTS = StructType([StructField('key', LongType()), StructField('ts', TimestampType())])

export interface KeyedEventOptions {
  readonly events: number
  readonly keys: number
  /** Event-time spacing between consecutive events, in microseconds (default 1 ms). */
  readonly spacingMicros?: number
  /** Keys in sequence (event i has key i mod keys) instead of drawn from a seeded generator. */
  readonly sequential?: boolean
  readonly batchRows?: number
}

/** Events with a long key and an increasing timestamp, in record batches of `batchRows` (default 100,000). */
export function keyedEvents(options: KeyedEventOptions): RecordBatch[] {
  const { events, keys, spacingMicros = 1000, sequential = false, batchRows = 100_000 } = options
  const batches: RecordBatch[] = []
  let seed = 42
  for (let start = 0; start < events; start += batchRows) {
    const n = Math.min(batchRows, events - start)
    const key = new Float64Array(n)
    const ts = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) | 0
      key[i] = sequential ? (start + i) % keys : (seed >>> 8) % keys
      ts[i] = 1_700_000_000_000_000 + (start + i) * spacingMicros
    }
    batches.push(
      makeBatch(KEYED_EVENTS, [numericColumn(LongType(), key, null), numericColumn(TimestampType(), ts, null)], n),
    )
  }
  return batches
}

export interface WindowedRun {
  /** Wall time of the timed batches (the first, warm-up one excluded when `warmup` is set). */
  readonly ms: number
  /** The last progress's first state operator. */
  readonly state: { readonly numRowsTotal: number; readonly memoryUsedBytes: number } | undefined
}

/**
 * Runs the windowed count over `input`, one micro-batch per batch, on a fresh session with `conf`, checkpointed in
 * `checkpoint` when given; with `warmup`, the first batch runs before the clock starts.
 */
export async function runWindowedCount(
  input: readonly RecordBatch[],
  options: { conf?: Readonly<Record<string, string>>; checkpoint?: string; warmup?: boolean } = {},
): Promise<WindowedRun> {
  const spark = new SparkSession()
  for (const [key, value] of Object.entries(options.conf ?? {})) spark.conf.set(key, value)
  const stream = new MemoryStream(spark, KEYED_EVENTS)
  let writer = windowedCountWriter(stream)
  if (options.checkpoint) writer = writer.option('checkpointLocation', options.checkpoint)
  const query = writer.start()
  const timed = options.warmup ? input.slice(1) : input
  if (options.warmup && input[0]) stream.addData(input[0])
  await query.processAllAvailable()
  const started = performance.now()
  for (const batch of timed) {
    stream.addData(batch)
    await query.processAllAvailable()
  }
  const ms = performance.now() - started
  const state = query.lastProgress?.stateOperators[0]
  await query.stop()
  // Its UI server too: a bench runs many sessions in one process, each of which would hold a port.
  await spark.stop()
  return { ms, state }
}

/** The windowed aggregation the throughput benchmarks run: a 10 s tumbling count per key, update mode, noop sink. */
export function windowedCountWriter(stream: MemoryStream) {
  return stream
    .toDF()
    .withWatermark('ts', '1 second')
    .groupBy(window(col('ts'), '10 seconds'), col('key'))
    .count()
    .writeStream.outputMode('update')
    .format('noop')
}
