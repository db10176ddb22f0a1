// The Source contract: offsets, batches between offsets, and commits — what the micro-batch runtime drives.
import type { RecordBatch } from '../arrow/index.js'
import type { StructType } from '../types/struct-type.js'
import { Options } from './options.js'
import type { ReadLimit } from './read-limit.js'

/** A source's position, serializable to JSON (it is written to the offset log). */
export type Offset = number | string | boolean | null | readonly Offset[] | { readonly [key: string]: Offset }

/** What a source needs from the query that runs it. */
export interface SourceContext {
  /** Session time zone and confs, read-only. */
  readonly conf: (key: string) => string | undefined
  /** `<checkpoint>/sources/<index>` when the query has a checkpoint, for sources that persist metadata. */
  readonly metadataPath: string | undefined
  /** The query's batch timestamp clock (ms), so tests can drive time deterministically. */
  readonly now: () => number
}

/**
 * A streaming source, admission-controlled as Spark's SupportsAdmissionControl. Each trigger the runtime asks for the
 * end of the next batch with `latestOffset(start, limit)`, records it in the offset log, then reads the batch
 * (start, end]. Reading the same range twice returns the same rows (replay after a failure) for replayable sources.
 */
export interface Source {
  readonly schema: StructType
  /** Spark's progress description, e.g. `TextSocketV2[host: localhost, port: 9999]`. */
  readonly description: string
  /**
   * The limit the source's options ask for (`maxFilesPerTrigger`, `maxBytesPerTrigger`, ...), which the runtime
   * passes to `latestOffset` — except under Trigger.Once, which reads everything. Absent: `readAll()`.
   */
  readonly defaultReadLimit?: ReadLimit
  /**
   * The end offset of the next batch: how far data is available past `start` (the end of the last batch, null
   * before the first), admitting no more than `limit` allows. Null: no data yet; `start`: nothing to read now.
   * May open connections lazily.
   */
  latestOffset(start: Offset | null, limit: ReadLimit): Promise<Offset | null>
  /**
   * The latest offset available regardless of the limit, as of the last `latestOffset` call (progress's
   * `latestOffset`); null when the source cannot tell. Absent: progress shows the batch's end offset.
   */
  reportLatestOffset?(): Offset | null
  /**
   * Spark's ReportsSourceMetrics: the source's `metrics` in progress, given the end offset of the batch just run
   * (null when none ran yet). Absent: no metrics.
   */
  metrics?(latestConsumed: Offset | null): Readonly<Record<string, string>>
  /**
   * Trigger.AvailableNow (Spark's SupportsTriggerAvailableNow): called once before the first batch; the source fixes
   * the end of the data available now, and later `latestOffset` calls never go past it (limits still apply). The
   * runtime wraps sources without it so that they read everything available at the start in one batch.
   */
  prepareForTriggerAvailableNow?(): Promise<void>
  /**
   * Under Trigger.AvailableNow: how much of what was available at the start has been admitted into batches, in the
   * source's unit (`files`, `offsets`), for the terminal progress bar; undefined when unknown.
   */
  backlog?(): { readonly done: number; readonly total: number; readonly unit: string } | undefined
  /** The rows in (start, end]; `start` null means from the beginning. */
  getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]>
  /**
   * The rows of getBatch(start, end) as they are read — in any order across the source's partitions, each partition's
   * in order — so the query processes them while the rest is read, and never holds the whole batch. The runtime uses
   * it where one scan on the driver reads the source; the batch's end is in the offset log before the first row is
   * read, as for getBatch. Leaving the iteration early stops the reading.
   */
  streamBatch?(start: Offset | null, end: Offset): AsyncIterable<RecordBatch>
  /**
   * The rows in (start, end] as read tasks — plain data any thread can carry out with the provider's `readTasks`
   * (a file each, for file sources) — so reading and parsing run on the worker threads of a parallel stage.
   */
  getTasks?(start: Offset | null, end: Offset): Promise<readonly SourceTask[]>
  /** Data up to `end` was processed and committed; the source may forget it. */
  commit(end: Offset): void
  stop(): Promise<void>
  /** Registers a callback for new data, so the default trigger can run the next batch without polling. */
  onDataAvailable?(listener: () => void): void
  /** Fatal asynchronous errors (a dropped connection) are reported here and fail the query. */
  onError?(listener: (error: Error) => void): void
}

/** A piece of a batch's reading, as plain data (a file to read, with what the reader needs to know about it). */
export type SourceTask = Readonly<Record<string, unknown>> & {
  /** What reading it costs, roughly (bytes): tasks are spread over threads by it. */
  readonly weight: number
}

/** A source as a plan names it — plain data: the format, its options, and what `load()` resolved. */
export interface SourceDescription {
  readonly format: string
  /** The options as given (keys compare case-insensitively). */
  readonly options: Readonly<Record<string, string>>
  /** The schema `load()` resolved: the user's, the format's own, or inferred. */
  readonly schema: StructType
  /**
   * Spark's Scan.readSchema after SupportsPushDownRequiredColumns: the fields of `schema` (in its order) the query
   * reads, when it reads fewer than all. A source may then build batches of only these columns; batches of the whole
   * schema are narrowed by the scan. Absent: every column is read.
   */
  readonly readSchema?: StructType
  readonly path?: string
  /** File sources: the columns read from `col=value` directories, last in the schema. */
  readonly partitionColumns?: readonly string[]
}

/** A named source format (`socket`, `rate`, `csv`, ...). */
export interface SourceProvider {
  readonly format: string
  /** Validates the options at `load()` (Spark's errors for missing or bad ones) and describes the source. */
  describe(
    options: Options,
    userSchema: StructType | undefined,
    path: string | undefined,
    conf: (key: string) => string | undefined,
  ): SourceDescription
  /** The running source of one start of a query, from the plan's description of it. */
  create(source: SourceDescription, context: SourceContext): Source
  /** Carries out read tasks of a described source (see `Source.getTasks`), on any thread. */
  readTasks?(
    source: SourceDescription,
    tasks: readonly SourceTask[],
    conf: (key: string) => string | undefined,
  ): Promise<RecordBatch[]>
}

/** The options of a description, for a provider's parser. */
export const optionsOf = (source: SourceDescription): Options => new Options(Object.entries(source.options))

/** A description's options as plain data. */
export const optionRecord = (options: Options): Record<string, string> => Object.fromEntries(options.entries())
