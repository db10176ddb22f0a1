// TransformWithStateExec: runs a user's StatefulProcessor over keyed input (Spark's TransformWithStateExec). The
// processor's `init` runs once when the query starts and declares its state variables as state tables; each batch then
// runs, in Spark's order:
//   1. initial state (batch 0 only): handleInitialState per initial-state row, key by key
//   2. input: handleInputRows once per key with all the key's rows (EventTime mode drops rows at or behind the
//      watermark late rows are judged against)
//   3. timers: each timer with expiry ≤ the batch timestamp (ProcessingTime) or ≤ the watermark (EventTime), earliest
//      first, goes to handleExpiredTimer and is deleted
//   4. TTL: state values whose expiration ≤ the batch timestamp are removed
// Every phase works on its keys in one batched lookup per state variable and writes once at its end. Handlers may
// return iterables, async iterables or promises: the operator awaits only then.
import { batchFromRows, concatBatches, type RecordBatch } from '../../arrow/index.js'
import { IllegalStateException } from '../../common/errors.js'
import { logWarning } from '../../common/log.js'
import { userCode } from '../../common/user-code.js'
import type { Attribute } from '../../expr/expression.js'
import { schemaOf } from '../../logical/plan.js'
import type { StructType } from '../../types/struct-type.js'
import { distinctKeys, groupRows, KeyGrouper, RowObjects } from '../grouped-input.js'
import { dropLateRows } from '../late-rows.js'
import type { Collector, OpenContext, Operator, OperatorContext } from '../operator.js'
import { andThen, collectOutput, forEach, inSequence, type Step } from '../run-steps.js'
import { newMetrics, type StateMetrics } from '../state-metrics.js'
import type { ExpiredTimerInfo, ProcessorLike, TimeMode, TimerValues } from './processor-api.js'
import { userFunctionError } from './processor-errors.js'
import { ProcessorHandle } from './processor-handle.js'

export interface InitialStateSpec {
  readonly batches: readonly RecordBatch[]
  readonly input: readonly Attribute[]
  readonly keyIndexes: readonly number[]
  readonly dataIndexes: readonly number[]
}

export interface TransformWithStateSpec {
  readonly processorId: string
  readonly input: readonly Attribute[]
  /** The grouping columns, as input indexes. */
  readonly keyIndexes: readonly number[]
  /** The columns the processor's rows carry, as input indexes. */
  readonly dataIndexes: readonly number[]
  readonly timeMode: TimeMode
  readonly outputMode: 'append' | 'update'
  /** The watermarked input column (EventTime mode drops late rows by it), or -1. */
  readonly eventTimeIndex: number
  readonly initialState?: InitialStateSpec
}

/** Calls `fn`, turning what it throws or rejects with into Spark's error for the processor function. */
function guarded(functionName: string, fn: () => Step): Step {
  let pending: Step
  try {
    pending = fn()
  } catch (error) {
    throw userFunctionError(error, functionName)
  }
  if (!pending) return
  return pending.catch((error: unknown) => {
    throw userFunctionError(error, functionName)
  })
}

export class TransformWithStateExec implements Operator {
  readonly schema: StructType
  private readonly inputSchema: StructType
  private readonly dataSchema: StructType
  private readonly keySchema: StructType
  private processor!: ProcessorLike
  private handle!: ProcessorHandle
  private metrics: StateMetrics = newMetrics('transformWithStateExec')
  private variableCounts: Record<string, number> = {}
  private pending: RecordBatch[] = []
  private readonly grouper: KeyGrouper

  constructor(
    private readonly spec: TransformWithStateSpec,
    output: readonly Attribute[],
  ) {
    this.schema = schemaOf(output)
    this.inputSchema = schemaOf(spec.input)
    this.keySchema = schemaOf(spec.keyIndexes.map((i) => spec.input[i]!))
    this.dataSchema = schemaOf(spec.dataIndexes.map((i) => spec.input[i]!))
    this.grouper = new KeyGrouper(spec.keyIndexes.map((i) => spec.input[i]!.dataType))
  }

  open(ctx: OpenContext): void {
    this.processor = userCode<ProcessorLike>(this.spec.processorId)
    this.metrics = ctx.metrics
    this.handle = new ProcessorHandle(ctx.state, this.keySchema, this.spec.timeMode, this.metrics)
    this.handle.state = 'CREATED'
    const init = guarded('init', () => {
      const result = this.processor.init(this.handle) as unknown
      if (result instanceof Promise) throw new IllegalStateException('init must be synchronous: it declares state')
    })
    if (init) throw new IllegalStateException('init must be synchronous')
    this.variableCounts = { ...this.metrics.customMetrics }
    this.handle.state = 'INITIALIZED'
  }

  wantsNoDataBatch(): boolean {
    return this.spec.timeMode === 'EventTime'
  }

  processingTimeDueMs(): number | undefined {
    return this.spec.timeMode === 'ProcessingTime' ? this.handle.timers!.earliestMs() : undefined
  }

  process(batch: RecordBatch, ctx: OperatorContext): void {
    const late = this.spec.timeMode === 'EventTime' && this.spec.eventTimeIndex >= 0
    const kept = late ? dropLateRows(batch, this.inputSchema, this.spec.eventTimeIndex, ctx.lateWatermarkMs) : batch
    this.metrics.numRowsDroppedByWatermark += batch.numRows - kept.numRows
    if (kept.numRows > 0) this.pending.push(kept)
  }

  onWatermark(ctx: OperatorContext, out: Collector): Step {
    Object.assign(this.metrics.customMetrics, this.variableCounts)
    const started = performance.now()
    const handle = this.handle
    handle.batchTimestampMs = ctx.batchTimestampMicros / 1000
    handle.watermarkMs = ctx.watermarkMs
    const timerValues: TimerValues = {
      getCurrentProcessingTimeInMs: () => handle.batchTimestampMs,
      getCurrentWatermarkInMs: () => handle.watermarkMs,
    }
    const rows: unknown[] = []
    const input = this.pending
    this.pending = []
    const done = inSequence([
      () =>
        ctx.batchId === 0 && this.spec.initialState
          ? this.initialState(this.spec.initialState, timerValues)
          : undefined,
      () => this.inputRows(input, timerValues, rows),
      () => {
        handle.state = 'DATA_PROCESSED'
        return this.expiredTimers(ctx, timerValues, rows)
      },
      () => {
        handle.state = 'TIMER_PROCESSED'
        let removed = 0
        for (const variable of handle.variables) removed += variable.removeExpired(handle.batchTimestampMs)
        this.metrics.customMetrics.numValuesRemovedDueToTTLExpiry = removed
        handle.state = 'INITIALIZED'
      },
    ])
    return andThen(done, () => {
      if (rows.length > 0) out.emit(batchFromRows(this.schema, rows as Record<string, unknown>[]))
      this.metrics.allUpdatesTimeMs += performance.now() - started
      this.metrics.numRowsTotal = handle.variables.reduce((sum, v) => sum + v.size, 0)
    })
  }

  private initialState(spec: InitialStateSpec, timerValues: TimerValues): Step {
    const handleInitialState = this.processor.handleInitialState
    if (!handleInitialState) {
      throw new IllegalStateException(
        'transformWithState was given an initial state, but the processor has no handleInitialState',
      )
    }
    const schema = schemaOf(spec.input)
    const batch = concatBatches(schema, spec.batches)
    const types = spec.keyIndexes.map((i) => spec.input[i]!.dataType)
    const { keys, order, starts } = groupRows(batch, spec.keyIndexes, types)
    const rows = new RowObjects(
      batch,
      schema,
      schema.fields.map((_, i) => i),
    )
    this.handle.beginPhase(keys)
    const step = forEach(keys.size, (k) => {
      this.handle.k = k
      return forEach(starts[k + 1]! - starts[k]!, (j) =>
        guarded('handleInitialState', () =>
          handleInitialState.call(this.processor, keys.tuple(k), rows.at(order[starts[k]! + j]!), timerValues),
        ),
      )
    })
    return andThen(step, () => this.handle.endPhase())
  }

  private inputRows(input: readonly RecordBatch[], timerValues: TimerValues, out: unknown[]): Step {
    if (input.length === 0) return
    const batch = concatBatches(this.inputSchema, input)
    const { keys, order, starts } = this.grouper.groupRows(batch, this.spec.keyIndexes)
    const rows = new RowObjects(batch, this.dataSchema, this.spec.dataIndexes)
    this.handle.beginPhase(keys)
    const step = forEach(keys.size, (k) => {
      this.handle.k = k
      return guarded('handleInputRows', () =>
        collectOutput(
          this.processor.handleInputRows(keys.tuple(k), rows.range(order, starts[k]!, starts[k + 1]!), timerValues),
          out,
        ),
      )
    })
    return andThen(step, () => this.handle.endPhase())
  }

  private expiredTimers(ctx: OperatorContext, timerValues: TimerValues, out: unknown[]): Step {
    const { timers } = this.handle
    if (!timers) return
    const threshold = this.spec.timeMode === 'ProcessingTime' ? this.handle.batchTimestampMs : ctx.watermarkMs
    const due = timers.takeDue(threshold)
    if (due.count === 0) return
    this.metrics.customMetrics.numExpiredTimers = due.count
    const { keys, keyOf } = distinctKeys(
      due.keys,
      this.keySchema.fields.map((f) => f.dataType),
      due.count,
    )
    const handle = this.handle
    handle.beginPhase(keys)
    const step = forEach(due.count, (i) => {
      const k = keyOf[i]!
      const expiry = due.expiriesMs[i]!
      handle.k = k
      handle.firingTimerMs = expiry
      const info: ExpiredTimerInfo = { getExpiryTimeInMs: () => expiry }
      const fired = guarded('handleExpiredTimer', () =>
        collectOutput(this.processor.handleExpiredTimer?.(keys.tuple(k), timerValues, info), out),
      )
      return andThen(fired, () => {
        // As in Spark, the firing timer is deleted after its handler ran, even if the handler registered it again.
        timers.delete(keys, k, expiry, false)
        handle.firingTimerMs = undefined
      })
    })
    return andThen(step, () => handle.endPhase())
  }

  close(): void {
    if (!this.processor) return
    try {
      const closing = this.processor.close?.()
      if (closing instanceof Promise)
        closing.catch((error: unknown) => logWarning('TransformWithStateExec', String(error)))
    } catch (error) {
      logWarning('TransformWithStateExec', `close() of the stateful processor failed: ${String(error)}`)
    }
  }
}
