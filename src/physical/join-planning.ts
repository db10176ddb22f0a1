// How a logical Join runs: two static inputs in one epoch as a hash join on the equi-join keys (a nested-loop join
// without keys), building the side a hint names or the smaller one; a stream with a static input as a stateless
// stream–static join that keeps the static side hashed; two streams as Spark's symmetric hash join, with an
// exchange on each side's keys and the state eviction rules Spark derives from watermarks and range conditions.
import { AnalysisException } from '../common/errors.js'
import { isDeterministic } from '../expr/canonical.js'
import { type Attribute, collect, dataTypeOf, type Expr } from '../expr/expression.js'
import { castTo, widerType } from '../expr/functions/coercion.js'
import { explainExpr } from '../logical/explain-expr.js'
import { conjunction, extractEquiJoinKeys, readsOnly, splitConjuncts } from '../logical/join-conditions.js'
import { stateValueBounds } from '../logical/join-state-watermark.js'
import { type Join, type JoinType, type LogicalPlan, watermarkDelayOf } from '../logical/plan.js'
import { childrenOf } from '../logical/plan-spec.js'
import type { BatchJoinSpec, JoinKeyPairs, JoinStrategyName } from '../operators/batch-join-exec.js'
import type { JoinSideSpec, StateEviction, TimeColumn } from '../operators/symmetric-join-spec.js'
import type { DataType } from '../types/data-types.js'
import type { PhysicalPlan } from './physical-plan.js'
import type { NodeFactory } from './planner.js'

/** Spark's spark.sql.autoBroadcastJoinThreshold default: a side estimated at most this big is broadcast. */
const BROADCAST_THRESHOLD_BYTES = 10 * 1024 * 1024

/** Spark's DataType.defaultSize, for size estimates. */
function defaultSize(t: DataType): number {
  switch (t.kind) {
    case 'boolean':
    case 'byte':
    case 'null':
      return 1
    case 'short':
      return 2
    case 'integer':
    case 'float':
    case 'date':
      return 4
    case 'string':
      return 20
    case 'binary':
      return 100
    case 'struct':
      return t.fields.reduce((n, f) => n + defaultSize(f.dataType), 0)
    case 'array':
      return defaultSize(t.elementType)
    case 'map':
      return defaultSize(t.keyType) + defaultSize(t.valueType)
    default:
      return 8
  }
}

/** Spark's size estimate without statistics: rows × (8 + default sizes) for local rows, unknown for streams. */
export function estimatedBytes(plan: LogicalPlan): number {
  if (plan.kind === 'LocalRelation') {
    const rows = plan.batches.reduce((n, b) => n + b.numRows, 0)
    return rows * (8 + plan.output.reduce((n, a) => n + defaultSize(a.dataType), 0))
  }
  if (plan.kind === 'StreamingRelation') return Number.POSITIVE_INFINITY
  if (plan.kind === 'Limit') return Math.min(estimatedBytes(plan.child), plan.limit * 64)
  return childrenOf(plan).reduce((n, c) => n + estimatedBytes(c), 0)
}

const canBuildLeft = (t: JoinType) => t === 'Inner' || t === 'Cross' || t === 'RightOuter' || t === 'FullOuter'
const canBuildRight = (t: JoinType) => t !== 'RightOuter'

/** The side to hash: a `broadcast` hint's (if the join type allows building it), else the smaller one. */
function buildSideOf(node: Join): 'left' | 'right' {
  const t = node.joinType
  if (node.hint.right === 'broadcast' && canBuildRight(t)) return 'right'
  if (node.hint.left === 'broadcast' && canBuildLeft(t)) return 'left'
  if (!canBuildRight(t)) return 'left'
  if (!canBuildLeft(t)) return 'right'
  return estimatedBytes(node.left) < estimatedBytes(node.right) ? 'left' : 'right'
}

/** The equi-join keys with each pair of one type (the wider of the two), and the rest of the condition. */
function joinKeys(node: Join): { keys: JoinKeyPairs | undefined; residual: Expr | undefined } {
  const found = extractEquiJoinKeys(node.condition, node.left.output, node.right.output)
  if (found.leftKeys.length === 0) return { keys: undefined, residual: node.condition }
  const leftKeys: Expr[] = []
  const rightKeys: Expr[] = []
  found.leftKeys.forEach((l, i) => {
    const r = found.rightKeys[i]!
    const type = widerType(dataTypeOf(l), dataTypeOf(r)) ?? dataTypeOf(l)
    leftKeys.push(castTo(l, type))
    rightKeys.push(castTo(r, type))
  })
  return { keys: { leftKeys, rightKeys, nullSafe: found.nullSafe }, residual: found.residual }
}

function batchSpec(node: Join, streamStatic: boolean): BatchJoinSpec {
  const { keys, residual } = joinKeys(node)
  const buildSide = streamStatic ? (node.left.isStreaming ? 'right' : 'left') : buildSideOf(node)
  const built = buildSide === 'left' ? node.left : node.right
  const hinted = node.hint[buildSide] === 'broadcast'
  const small = streamStatic || hinted || estimatedBytes(built) <= BROADCAST_THRESHOLD_BYTES
  const cartesian =
    (node.hint.left === 'shuffle_replicate_nl' || node.hint.right === 'shuffle_replicate_nl') &&
    (node.joinType === 'Inner' || node.joinType === 'Cross')
  const strategy: JoinStrategyName = keys
    ? small && node.joinType !== 'FullOuter'
      ? 'BroadcastHashJoin'
      : 'ShuffledHashJoin'
    : cartesian && !streamStatic
      ? 'CartesianProduct'
      : 'BroadcastNestedLoopJoin'
  return {
    joinType: node.joinType,
    left: node.left.output,
    right: node.right.output,
    output: node.output,
    keys,
    condition: keys ? residual : node.condition,
    buildSide,
    strategy,
  }
}

/** The `end` field of a window struct, or -1 for a timestamp column. */
const timeField = (type: DataType) => (type.kind === 'struct' ? type.fields.findIndex((f) => f.name === 'end') : -1)

/**
 * Spark's findEventTimeColumn: the side's watermarked column, of which a stream may have one (the same column more
 * than once is fine).
 */
function eventTimeColumn(output: readonly Attribute[]): TimeColumn | undefined {
  const watermarked = output.filter((a) => watermarkDelayOf(a) !== undefined)
  if (new Set(watermarked.map((a) => a.id)).size > 1) {
    throw new AnalysisException(
      `More than one event time columns are available. Please ensure there is at most one event time column per stream. event time columns: (${watermarked.map(explainExpr).join(',')})`,
    )
  }
  const first = watermarked[0]
  return first && { index: output.indexOf(first), field: timeField(first.dataType) }
}

/** Spark's getStateWatermarkPredicates for one side. */
function evictionOf(
  side: readonly Attribute[],
  other: readonly Attribute[],
  keys: readonly Expr[],
  keyOrdinal: number,
  full: Expr | undefined,
): StateEviction | undefined {
  if (keyOrdinal >= 0) return { kind: 'key', keyIndex: keyOrdinal, field: timeField(dataTypeOf(keys[keyOrdinal]!)) }
  const column = eventTimeColumn(side)
  if (!column) return undefined
  const bounds = stateValueBounds(side, other, full)
  return bounds.length > 0 ? { kind: 'value', column, bounds } : undefined
}

function symmetricSides(node: Join): { left: JoinSideSpec; right: JoinSideSpec; keys: JoinKeyPairs; residual?: Expr } {
  const { keys, residual } = joinKeys(node)
  if (!keys) throw new AnalysisException('Stream-stream join without equality predicate is not supported')
  const left = node.left.output
  const right = node.right.output
  // Spark's JoinConditionSplitPredicates: deterministic conjuncts reading one side only (a conjunct reading no
  // column reads both) run on that side's rows; the rest on pairs.
  const conjuncts = splitConjuncts(residual)
  const leftOnly = conjuncts.filter((c) => isDeterministic(c) && readsOnly(c, left))
  const rightOnly = conjuncts.filter((c) => isDeterministic(c) && readsOnly(c, right))
  const both = conjuncts.filter((c) => !isDeterministic(c) || (!readsOnly(c, left) && !readsOnly(c, right)))
  const watermarkedKey = (ks: readonly Expr[]) =>
    ks.findIndex((k) => k.kind === 'Attribute' && watermarkDelayOf(k) !== undefined)
  const keyOrdinal = watermarkedKey(keys.leftKeys) >= 0 ? watermarkedKey(keys.leftKeys) : watermarkedKey(keys.rightKeys)
  const side = (input: readonly Attribute[], other: readonly Attribute[], own: Expr[], ks: readonly Expr[]) => ({
    input,
    keys: ks,
    only: conjunction(own),
    eviction: evictionOf(input, other, ks, keyOrdinal, residual),
    lateColumn: eventTimeColumn(input),
  })
  return {
    left: side(left, right, leftOnly, keys.leftKeys),
    right: side(right, left, rightOnly, keys.rightKeys),
    keys,
    residual: conjunction(both),
  }
}

/** The physical plan of a join over its planned children. */
export function planJoin(node: Join, left: PhysicalPlan, right: PhysicalPlan, factory: NodeFactory): PhysicalPlan {
  const { output } = node
  if (!node.isStreaming) return factory.node({ kind: 'BatchJoin', left, right, spec: batchSpec(node, false), output })
  if (!(node.left.isStreaming && node.right.isStreaming)) {
    const streamIsLeft = node.left.isStreaming
    return factory.node({
      kind: 'StreamStaticJoin',
      stream: streamIsLeft ? left : right,
      static: streamIsLeft ? right : left,
      spec: batchSpec(node, true),
      output,
    })
  }
  const sides = symmetricSides(node)
  const residual = joinKeys(node).residual
  return factory.node({
    kind: 'StreamingSymmetricHashJoin',
    operatorId: factory.operatorIds.get(node)!,
    operatorName: 'symmetricHashJoin',
    numPartitions: factory.numPartitions,
    left: factory.exchange(left, sides.keys.leftKeys),
    right: factory.exchange(right, sides.keys.rightKeys),
    spec: {
      joinType: node.joinType === 'Cross' ? 'Inner' : (node.joinType as never),
      left: sides.left,
      right: sides.right,
      nullSafe: sides.keys.nullSafe,
      both: sides.residual,
      full: residual,
      output,
    },
    output,
  })
}

/**
 * A static join under a projection emits only the columns the projection reads (Spark's pruning, pushed into the
 * join's output so that each pair gathers fewer columns); the node keeps its id, and its explain text is unchanged.
 */
export function narrowJoinOutput(child: PhysicalPlan, reads: readonly Expr[]): PhysicalPlan {
  if (child.kind !== 'BatchJoin' && child.kind !== 'StreamStaticJoin') return child
  const { left, right } = child.spec
  const leftIds = new Set(left.map((a) => a.id))
  // A self-join whose sides share attribute ids could not say which side a read column comes from.
  if (right.some((a) => leftIds.has(a.id))) return child
  const read = new Set(reads.flatMap((e) => collect(e, (x): x is Attribute => x.kind === 'Attribute').map((a) => a.id)))
  const output = child.output.filter((a) => read.has(a.id))
  if (output.length === child.output.length) return child
  return Object.freeze({ ...child, spec: { ...child.spec, output }, output })
}
