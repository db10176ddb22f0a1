// The operator contract: one interface with optional hooks; the runtime pushes batches through a tree of them.
import type { RecordBatch } from '../arrow/index.js'
import type { OutputMode } from '../connectors/sink.js'
import type { EvalContext } from '../expr/functions/vector.js'
import type { StructType } from '../types/struct-type.js'

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
}

export interface Collector {
  emit(batch: RecordBatch): void
}

export interface Operator {
  /** Stable id derived from the plan's structure (persisted for stateful operators). */
  readonly id: string
  /** The schema of emitted batches. */
  readonly schema: StructType
  /** One line for explain() and tests. */
  display(): string
  /** Leaves only: the batches this operator feeds into the plan for the current epoch. */
  produce?(ctx: OperatorContext): readonly RecordBatch[]
  open?(ctx: OperatorContext): Promise<void>
  /** Handles one input batch; `input` says which child it came from (for multi-input operators). */
  process(batch: RecordBatch, ctx: OperatorContext, out: Collector, input: number): void
  /** Called once per epoch after all input: emit per output mode, evict by watermark. */
  onBatchEnd?(ctx: OperatorContext, out: Collector): void
  close?(): Promise<void>
}

/** The evaluation context kernels need for one batch. */
export function evalContext(ctx: OperatorContext, length: number): EvalContext {
  return { length, zone: ctx.zone, batchTimestampMicros: ctx.batchTimestampMicros }
}
