// BatchJoinExec: a join of two static inputs (a batch query, or the static plan inside a streaming query). Both
// inputs are buffered; when the epoch's input is complete the build side is hashed on its keys (or, for a
// nested-loop join without keys, kept whole) and every batch of the other side probes it.
import { concatBatches, type RecordBatch } from '../arrow/index.js'
import type { Attribute, Expr } from '../expr/expression.js'
import { type JoinType, schemaOf } from '../logical/plan.js'
import type { StructType } from '../types/struct-type.js'
import { HashedRelation, JoinKeys } from './hashed-relation.js'
import { JoinProbe, joinShape } from './join-kernel.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from './operator.js'
import type { GroupLimit } from './window-group-limit-exec.js'

/** A join's equi-join keys, pairwise. */
export interface JoinKeyPairs {
  readonly leftKeys: readonly Expr[]
  readonly rightKeys: readonly Expr[]
  /** Per pair: `<=>` (nulls match nulls) rather than `=`. */
  readonly nullSafe: readonly boolean[]
}

/** Spark's physical strategy names, as explain() prints the join. */
export type JoinStrategyName = 'BroadcastHashJoin' | 'ShuffledHashJoin' | 'BroadcastNestedLoopJoin' | 'CartesianProduct'

export interface BatchJoinSpec {
  readonly joinType: JoinType
  readonly left: readonly Attribute[]
  readonly right: readonly Attribute[]
  readonly output: readonly Attribute[]
  /** Equi-join keys; undefined for a nested-loop join. */
  readonly keys: JoinKeyPairs | undefined
  /** The rest of the condition, over left then right columns. */
  readonly condition: Expr | undefined
  readonly buildSide: 'left' | 'right'
  readonly strategy: JoinStrategyName
  /**
   * The WindowGroupLimit right above an inner join, when there is one: the join then emits only the pairs it keeps
   * (BatchJoinGroupLimitExec), gathering the output columns for those alone. The limit above stays in the plan
   * and hands them on (its `limitedBelow`).
   */
  readonly groupLimit?: GroupLimit
}

/** The build side of a spec as a relation over `batch`, and the probe side's keys. */
export function buildRelation(
  spec: BatchJoinSpec,
  batch: RecordBatch,
  ctx: OperatorContext,
): { relation: HashedRelation; probeKeys: JoinKeys | undefined } {
  if (!spec.keys) return { relation: HashedRelation.all(batch), probeKeys: undefined }
  const { leftKeys, rightKeys, nullSafe } = spec.keys
  const buildIsLeft = spec.buildSide === 'left'
  const buildKeys = new JoinKeys(buildIsLeft ? leftKeys : rightKeys, buildIsLeft ? spec.left : spec.right, nullSafe)
  const probeKeys = new JoinKeys(buildIsLeft ? rightKeys : leftKeys, buildIsLeft ? spec.right : spec.left, nullSafe)
  return { relation: HashedRelation.build(buildKeys, batch, evalContext(ctx, batch.numRows)), probeKeys }
}

export class BatchJoinExec implements Operator {
  readonly schema: StructType
  private readonly shape
  private inputs: [RecordBatch[], RecordBatch[]] = [[], []]

  constructor(private readonly spec: BatchJoinSpec) {
    this.schema = schemaOf(spec.output)
    this.shape = joinShape(spec.joinType, spec.left, spec.right, spec.output, spec.condition)
  }

  process(batch: RecordBatch, _ctx: OperatorContext, _out: Collector, input: number): void {
    this.inputs[input]!.push(batch)
  }

  onWatermark(ctx: OperatorContext, out: Collector): void {
    const [left, right] = this.inputs
    this.inputs = [[], []]
    const buildIsLeft = this.spec.buildSide === 'left'
    const buildSchema = schemaOf(buildIsLeft ? this.spec.left : this.spec.right)
    const build = concatBatches(buildSchema, buildIsLeft ? left : right)
    const { relation, probeKeys } = buildRelation(this.spec, build, ctx)
    const probe = new JoinProbe(this.shape, relation, buildIsLeft, probeKeys)
    for (const batch of buildIsLeft ? right : left) probe.probe(batch, evalContext(ctx, batch.numRows), out)
    probe.finish(out)
  }
}
