// The operator contract: one interface with optional hooks, run in this order per query and per batch:
//   open(ctx)                once, at start: declare state tables (the runtime restores them before the first batch)
//   process(batch, ctx, out) per input batch (may return a promise: user code, other threads)
//   onWatermark(ctx, out)    once per batch after all input, no-data batches included: emit per output mode, evict
//   commit(ctx)              after the sink took the batch and state was persisted
//   close()                  once, when the query ends
import type { RecordBatch } from '../arrow/index.js'
import type { OutputMode } from '../connectors/sink.js'
import type { SourceTask } from '../connectors/source.js'
import type { EvalContext } from '../expr/functions/vector.js'
import type { StateDeclarations } from '../state/operator-state.js'
import type { StructType } from '../types/struct-type.js'
import type { EventTimeStats } from './event-time-stats.js'
import type { StateMetrics } from './state-metrics.js'

/** Per-batch parameters, passed down instead of being kept in operator fields. */
export interface OperatorContext {
  readonly batchId: number
  /** Session time zone. */
  readonly zone: string
  /** The batch timestamp in microseconds (`current_timestamp()` for the whole batch). */
  readonly batchTimestampMicros: number
  /** The event-time watermark this batch runs with (ms): state older than it is evicted or emitted. */
  readonly watermarkMs: number
  /** The watermark late rows are judged against (ms): the previous batch's, as Spark does since 3.4. */
  readonly lateWatermarkMs: number
  readonly outputMode: OutputMode
  /** False for batch (static) queries: blocking operators emit everything at the end of the single epoch. */
  readonly isStreaming: boolean
  /** Rows from each source for this batch, by source index (read by scan operators). */
  readonly sourceBatches: ReadonlyMap<number, readonly RecordBatch[]>
  /** Sources whose rows arrive while the batch runs (see Source.streamBatch), in place of `sourceBatches`. */
  readonly sourceStreams?: ReadonlyMap<number, AsyncIterable<RecordBatch>>
  /** Sources read by worker threads this batch: their read tasks, by source index (in place of rows). */
  readonly sourceTasks?: ReadonlyMap<number, readonly SourceTask[]>
  /**
   * Each stateful operator's own watermarks, by operator id (Spark's propagation through chained stateful
   * operators: after a stream-stream join they trail the global ones). The executor hands a stateful operator a
   * context whose `watermarkMs` / `lateWatermarkMs` are its entry here.
   */
  readonly operatorWatermarks?: ReadonlyMap<number, OperatorWatermarks>
}

/** A stateful operator's watermarks for one batch (ms). */
export interface OperatorWatermarks {
  /** Its input watermark this batch: state at or before it is evicted or emitted. */
  readonly evictionMs: number
  /** Its input watermark in the previous batch: rows at or before it are late. */
  readonly lateMs: number
}

/** What an operator gets once, when the query starts. */
export interface OpenContext {
  readonly outputMode: OutputMode
  readonly isStreaming: boolean
  /** Declares the operator's state tables (stateful operators only). */
  readonly state: StateDeclarations
  /** Spark's state metrics of this operator; the runtime resets them at the start of each batch. */
  readonly metrics: StateMetrics
}

export interface Collector {
  emit(batch: RecordBatch): void
}

export interface Operator {
  /** The schema of emitted batches. */
  readonly schema: StructType
  open?(ctx: OpenContext): void
  /** Leaves only: the batches this operator feeds into the plan for the current epoch (a stream: as they come). */
  produce?(ctx: OperatorContext): readonly RecordBatch[] | AsyncIterable<RecordBatch>
  /** Handles one input batch; `input` says which child it came from (for multi-input operators). */
  process(batch: RecordBatch, ctx: OperatorContext, out: Collector, input: number): void | Promise<void>
  /** After all input of a batch (every batch, including no-data batches): emit per output mode, evict state. */
  onWatermark?(ctx: OperatorContext, out: Collector): void | Promise<void>
  /** Whether a no-data batch would emit or evict something once the watermark moves past what this batch used. */
  wantsNoDataBatch?(outputMode: OutputMode): boolean
  /** The processing time (ms) at which a no-data batch would fire something (a timer, a timeout), if any. */
  processingTimeDueMs?(): number | undefined
  /** Watermark operators: the event times seen since the last call (taken once per batch by the runtime). */
  takeEventTimeStats?(): EventTimeStats
  /** The batch is durable (sink written, state persisted). */
  commit?(ctx: OperatorContext): void
  close?(): void
}

/** The evaluation context kernels need for one batch. */
export function evalContext(ctx: OperatorContext, length: number): EvalContext {
  return { length, zone: ctx.zone, batchTimestampMicros: ctx.batchTimestampMicros }
}
