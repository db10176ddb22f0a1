// BatchJoinGroupLimitExec: an inner batch join under a WindowGroupLimit, run so that only the pairs the limit keeps are
// gathered. A join feeding a group limit would otherwise gather every output column (wide strings included) for
// every pair, for the limit to keep a few per partition: Nexmark q9 joins ~900 K bids to their auctions to keep one
// per auction. Here the join emits narrow pairs: the columns the limit's partition and order keys read, and each
// pair's build row and probe row (two extra int32 columns appended to the sides). The limit ranks those; the output
// columns are gathered from the build batch and the probe batches for the kept pairs alone.
//
// The kept pairs are the rows WindowGroupLimitExec would keep from the join's full output, in the order it emits them
// (the same pairs in the same order go through the same kernel, groupLimitRows); the WindowGroupLimit above stays in
// the plan (Spark's explain text) and hands them on as they come.
import {
  type Column,
  columnsOf,
  concatBatches,
  makeBatch,
  numericColumn,
  type RecordBatch,
  take,
  takeAcross,
} from '../arrow/index.js'
import { compileExpr, type Kernel } from '../expr/compile.js'
import { type Attribute, attribute, collect, type Expr } from '../expr/expression.js'
import { schemaOf } from '../logical/plan.js'
import { IntegerType } from '../types/data-types.js'
import type { StructType } from '../types/struct-type.js'
import { type BatchJoinSpec, buildRelation } from './batch-join-exec.js'
import { JoinProbe, type JoinShape, joinShape } from './join-kernel.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from './operator.js'
import { locate } from './window-exec.js'
import { type GroupLimit, groupLimitOver } from './window-group-limit-exec.js'

/** Row numbers 0 .. n-1 (plus `offset`) as a non-null int column. */
function rowNumbers(n: number, offset: number): Column {
  const values = new Int32Array(n)
  for (let i = 0; i < n; i++) values[i] = offset + i
  return numericColumn(IntegerType(), values, null)
}

/** `batch` with one more column after its own. */
const appended = (schema: StructType, batch: RecordBatch, column: Column): RecordBatch =>
  makeBatch(schema, [...columnsOf(batch), column], batch.numRows)

export class BatchJoinGroupLimitExec implements Operator {
  private readonly buildIsLeft: boolean
  /** The join's sides with the row-number column appended to each (build row, probe row). */
  private readonly buildSchema: StructType
  private readonly probeSchema: StructType
  private readonly narrowShape: JoinShape
  /** Where the build row and the probe row of a pair are among the narrow output's columns. */
  private readonly buildRowAt: number
  private readonly probeRowAt: number
  private readonly partitionKernels: readonly Kernel[]
  private readonly orderKernels: readonly Kernel[]
  /** Per output column: whether it is the build side's (else the probe side's), and its index in that side. */
  private readonly sources: readonly { readonly build: boolean; readonly index: number }[]
  readonly schema: StructType
  private inputs: [RecordBatch[], RecordBatch[]] = [[], []]

  constructor(
    private readonly spec: BatchJoinSpec,
    private readonly limit: GroupLimit,
  ) {
    this.buildIsLeft = spec.buildSide === 'left'
    const buildRow = attribute('__build_row', IntegerType(), false)
    const probeRow = attribute('__probe_row', IntegerType(), false)
    const left = [...spec.left, this.buildIsLeft ? buildRow : probeRow]
    const right = [...spec.right, this.buildIsLeft ? probeRow : buildRow]
    this.buildSchema = schemaOf(this.buildIsLeft ? left : right)
    this.probeSchema = schemaOf(this.buildIsLeft ? right : left)
    const keys: readonly Expr[] = [...limit.partitionSpec, ...limit.orderSpec.map((o) => o.child)]
    const read = new Set(
      keys.flatMap((e) => collect(e, (x): x is Attribute => x.kind === 'Attribute').map((a) => a.id)),
    )
    read.add(buildRow.id)
    read.add(probeRow.id)
    // The kernel gathers a pair's left columns, then its right ones: the narrow output lists them in that order.
    const narrow = [...left, ...right].filter((a) => read.has(a.id))
    this.narrowShape = joinShape(spec.joinType, left, right, narrow, spec.condition)
    this.buildRowAt = narrow.indexOf(buildRow)
    this.probeRowAt = narrow.indexOf(probeRow)
    this.partitionKernels = limit.partitionSpec.map((e) => compileExpr(e, narrow))
    this.orderKernels = limit.orderSpec.map((o) => compileExpr(o.child, narrow))
    const buildIds = (this.buildIsLeft ? spec.left : spec.right).map((a) => a.id)
    const probeIds = (this.buildIsLeft ? spec.right : spec.left).map((a) => a.id)
    this.sources = spec.output.map((a) => {
      const index = buildIds.indexOf(a.id)
      return index >= 0 ? { build: true, index } : { build: false, index: probeIds.indexOf(a.id) }
    })
    this.schema = schemaOf(spec.output)
  }

  process(batch: RecordBatch, _ctx: OperatorContext, _out: Collector, input: number): void {
    this.inputs[input]!.push(batch)
  }

  /** Joins the build side (one batch) with every batch of the probe side, emitting the pairs the limit keeps. */
  onWatermark(ctx: OperatorContext, out: Collector): void {
    const [left, right] = this.inputs
    this.inputs = [[], []]
    const buildSide = schemaOf(this.buildIsLeft ? this.spec.left : this.spec.right)
    const build = concatBatches(buildSide, this.buildIsLeft ? left : right)
    const probes = this.buildIsLeft ? right : left
    // The keys are compiled over the side's own columns: the row numbers appended after them are not read.
    const numbered = appended(this.buildSchema, build, rowNumbers(build.numRows, 0))
    const { relation, probeKeys } = buildRelation(this.spec, numbered, ctx)
    const probe = new JoinProbe(this.narrowShape, relation, this.buildIsLeft, probeKeys)
    const pairs: RecordBatch[] = []
    const collector: Collector = { emit: (batch) => pairs.push(batch) }
    let offset = 0
    for (const batch of probes) {
      const rows = batch.numRows
      probe.probe(appended(this.probeSchema, batch, rowNumbers(rows, offset)), evalContext(ctx, rows), collector)
      offset += rows
    }
    probe.finish(collector)
    const total = pairs.reduce((n, b) => n + b.numRows, 0)
    if (total === 0) return
    const kept = groupLimitOver(this.limit, this.partitionKernels, this.orderKernels, pairs, total, ctx)
    if (kept.length === 0) return
    // The kept pairs' build rows and probe rows (the latter numbered across the probe batches).
    const at = locate(pairs, kept)
    const rowsAt = (column: number) => {
      const out = new Int32Array(kept.length)
      const parts = pairs.map((b) => columnsOf(b)[column]!.values as Int32Array)
      for (let k = 0; k < kept.length; k++) out[k] = parts[at.parts[k]!]![at.within[k]!]!
      return out
    }
    const buildRows = rowsAt(this.buildRowAt)
    const probeAt = locate(probes, rowsAt(this.probeRowAt))
    const buildColumns = columnsOf(build)
    const columns = this.sources.map(({ build, index }) =>
      build
        ? take(buildColumns[index]!, buildRows)
        : takeAcross(
            probes.map((b) => columnsOf(b)[index]!),
            probeAt.parts,
            probeAt.within,
          ),
    )
    out.emit(makeBatch(this.schema, columns, kept.length))
  }
}
