// writeStream.foreach(writer): each row of each micro-batch handed to user code, with Spark's ForeachWriter contract —
// per partition of an epoch: open(partitionId, epochId); if it returned true, process(row) for every row; then
// close(error) — called whenever open returned (true or false), with the error process threw, or null. The sink's
// output is one partition (id 0) per epoch. Async methods are awaited (rows in order).
import { type RecordBatch, type Row, rowsOf } from '../../arrow/index.js'
import { SparkError, SparkException } from '../../common/errors.js'
import type { StructType } from '../../types/struct-type.js'
import type { Sink } from '../sink.js'

/** A ForeachWriter: `process` is required; `open` (default: true) and `close` are optional. */
export interface ForeachWriter {
  /** Whether to process this partition's rows of epoch `epochId` (false skips them, e.g. when already written). */
  open?(partitionId: number, epochId: number): boolean | Promise<boolean>
  process(row: Row): void | Promise<void>
  /** Called after `open` returned: `error` is what `process` threw, or null. */
  close?(error: Error | null): void | Promise<void>
}

/** A function processing each row (PySpark's `foreach(f)`), or a writer object. */
export type ForeachTarget = ForeachWriter | ((row: Row) => void | Promise<void>)

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'

/** Spark's FOREACH_USER_FUNCTION_ERROR around an error the writer threw (Spark's own errors pass through). */
function userError(error: unknown): Error {
  if (error instanceof SparkError && error.errorClass !== undefined) return error
  const reason = error instanceof Error ? error.message : String(error)
  return new SparkException(`An error occurred in the user provided function in foreach sink. Reason: ${reason}`, {
    errorClass: 'FOREACH_USER_FUNCTION_ERROR',
    cause: error,
  })
}

export class ForeachWriterSink implements Sink {
  readonly description = 'ForeachWriterTable'
  private readonly writer: ForeachWriter

  constructor(
    target: ForeachTarget,
    private readonly schema: StructType,
  ) {
    this.writer = typeof target === 'function' ? { process: target } : target
  }

  addBatch(batchId: number, batch: RecordBatch): Promise<void> {
    return this.addBatches(batchId, [batch])
  }

  async addBatches(epochId: number, batches: readonly RecordBatch[]): Promise<void> {
    const { writer } = this
    const opened = writer.open ? await writer.open(0, epochId) : true
    let failure: Error | null = null
    if (opened) {
      try {
        for (const batch of batches) {
          for (const row of rowsOf(batch, this.schema)) {
            const pending = writer.process(row)
            if (isThenable(pending)) await pending
          }
        }
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error))
      }
    }
    await writer.close?.(failure)
    if (failure) throw userError(failure)
  }
}
