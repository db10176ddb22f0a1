// PartialAggregateExec: Spark's HashAggregate(partial) below an exchange — an epoch's rows folded per key into
// aggregation buffers, so one row per key and epoch, not one per input row, crosses to the worker owning the key; the
// stateful aggregate above the exchange merges the buffers (AggregateSpec.mergesPartials).
//
//   rows ──► key table (fresh each epoch) ──► accumulators ──(epoch end)──► keys ++ each call's buffer columns
//
// When keys hardly repeat, hashing buys nothing (as Spark skips partial aggregation that does not reduce): an epoch
// measures its first SAMPLE_ROWS rows, and if they made more than PASS_THROUGH_RATIO groups per row, what it holds
// goes out and its other rows — and every row of the next epochs — pass through as one-row buffers, batch by batch,
// until an epoch measures again, one in REMEASURE_EVERY.
import { type Column, makeBatch, type RecordBatch, sliceBatch } from '../arrow/index.js'
import type { Accumulator } from '../expr/aggregates/spec.js'
import { compileExprs, type Kernel } from '../expr/compile.js'
import { type Agg, type Attribute, dataTypeOf, type Expr } from '../expr/expression.js'
import { materialize } from '../expr/functions/vector.js'
import { schemaOf } from '../logical/plan.js'
import { KeyTable } from '../state/key-table.js'
import type { DataType } from '../types/data-types.js'
import type { StructType } from '../types/struct-type.js'
import { AggregateArguments } from './aggregate-arguments.js'
import { accumulatorFor } from './distinct-accumulator.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from './operator.js'

/** Above this share of groups per input row, hashing saves too little to keep doing it. */
const PASS_THROUGH_RATIO = 0.8
/** The rows of a measuring epoch that decide (Nexmark q5's keys: 0.08 groups per row, the JSON bench's: 0.95). */
const SAMPLE_ROWS = 16_384
/** While passing through, one epoch in this many hashes again to see whether keys repeat now. */
const REMEASURE_EVERY = 8

export class PartialAggregateExec implements Operator {
  readonly schema: StructType
  private readonly inputSchema: StructType
  private readonly keyKernels: readonly Kernel[]
  private readonly keyTypes: readonly DataType[]
  private readonly args: AggregateArguments
  private table: KeyTable
  private accumulators: Accumulator[]
  /** Rows hashed this epoch. */
  private rowsIn = 0
  /** Whether this epoch still measures (its first SAMPLE_ROWS rows decide whether to hash). */
  private measuring = true
  /** Epochs left to pass through, this one included (0: hashing). */
  private passThrough = 0
  private ids = new Int32Array(0)

  constructor(
    keys: readonly Expr[],
    private readonly calls: readonly Agg[],
    input: readonly Attribute[],
    output: readonly Attribute[],
  ) {
    this.schema = schemaOf(output)
    this.inputSchema = schemaOf(input)
    this.keyKernels = compileExprs(keys, input)
    this.keyTypes = keys.map(dataTypeOf)
    this.args = new AggregateArguments(calls, input)
    this.table = new KeyTable(this.keyTypes)
    this.accumulators = calls.map(accumulatorFor)
  }

  process(batch: RecordBatch, ctx: OperatorContext, out: Collector): void {
    if (this.passThrough > 0) {
      this.passOn(batch, ctx, out)
      return
    }
    const sample = SAMPLE_ROWS - this.rowsIn
    if (!this.measuring || batch.numRows <= sample) {
      this.hash(batch, ctx, out)
      return
    }
    this.hash(sliceBatch(batch, this.inputSchema, 0, sample), ctx, out)
    this.process(sliceBatch(batch, this.inputSchema, sample, batch.numRows - sample), ctx, out)
  }

  onWatermark(_ctx: OperatorContext, out: Collector): void {
    if (this.table.size > PASS_THROUGH_RATIO * this.rowsIn && this.passThrough === 0 && this.rowsIn > 0)
      this.passThrough = REMEASURE_EVERY
    this.flush(out)
    if (this.passThrough > 0) this.passThrough--
    this.measuring = this.passThrough === 0
  }

  /** Folds a batch into the epoch's groups; a measuring epoch decides once it has seen SAMPLE_ROWS rows. */
  private hash(batch: RecordBatch, ctx: OperatorContext, out: Collector): void {
    const rows = batch.numRows
    const ectx = evalContext(ctx, rows)
    const keys = this.keyKernels.map((kernel) => materialize(kernel(batch, ectx), rows))
    const ids = this.idsFor(rows)
    const before = this.table.capacity
    this.table.findOrInsert(keys, rows, ids)
    this.resetGroups(this.accumulators, before, this.table.capacity)
    this.args.update(this.accumulators, batch, ectx, ids)
    this.rowsIn += rows
    if (!this.measuring || this.rowsIn < SAMPLE_ROWS) return
    this.measuring = false
    if (this.table.size > PASS_THROUGH_RATIO * this.rowsIn) {
      this.flush(out)
      this.passThrough = REMEASURE_EVERY
    }
  }

  /** Each row its own buffer: ids 0..rows-1 in fresh accumulators, emitted now. */
  private passOn(batch: RecordBatch, ctx: OperatorContext, out: Collector): void {
    const rows = batch.numRows
    const ectx = evalContext(ctx, rows)
    const keys = this.keyKernels.map((kernel) => materialize(kernel(batch, ectx), rows))
    const ids = this.idsFor(rows)
    for (let i = 0; i < rows; i++) ids[i] = i
    const accumulators = this.calls.map(accumulatorFor)
    this.resetGroups(accumulators, 0, rows)
    this.args.update(accumulators, batch, ectx, ids)
    out.emit(makeBatch(this.schema, [...keys, ...accumulators.flatMap((a) => a.saveState(ids))], rows))
  }

  /** Emits the groups held (keys, then buffers) and starts empty. */
  private flush(out: Collector): void {
    this.rowsIn = 0
    const groups = this.table.size
    if (groups === 0) return
    const live = this.table.liveGroups()
    const columns: Column[] = [...this.table.keyColumns(live), ...this.accumulators.flatMap((a) => a.saveState(live))]
    out.emit(makeBatch(this.schema, columns, groups))
    this.table = new KeyTable(this.keyTypes)
    this.accumulators = this.calls.map(accumulatorFor)
  }

  private idsFor(rows: number): Int32Array {
    if (this.ids.length < rows) this.ids = new Int32Array(Math.max(rows, this.ids.length * 2))
    return this.ids.subarray(0, rows)
  }

  /** Makes room for groups below `to` and clears the new ones from `from`. */
  private resetGroups(accumulators: readonly Accumulator[], from: number, to: number): void {
    if (to <= from) return
    for (const accumulator of accumulators) {
      accumulator.grow(to)
      for (let g = from; g < to; g++) accumulator.reset(g)
    }
  }
}
