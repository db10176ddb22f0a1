// Per-kind behaviour of physical nodes — children, the one-line explain() text, and the operator that runs the node —
// in one table, so a new node kind without its operator does not compile.
import { IllegalStateException } from '../common/errors.js'
import { treeText } from '../common/tree-text.js'
import type { Attribute, Expr } from '../expr/expression.js'
import { explainExpr } from '../logical/explain-expr.js'
import { schemaOf } from '../logical/plan.js'
import { AggregateExec } from '../operators/aggregate-exec.js'
import { AsyncUdfEvalExec } from '../operators/async-udf-eval-exec.js'
import { BatchJoinExec, type BatchJoinSpec } from '../operators/batch-join-exec.js'
import { BatchJoinGroupLimitExec } from '../operators/batch-join-group-limit-exec.js'
import { DedupeExec } from '../operators/dedupe-exec.js'
import { ExchangeExec } from '../operators/exchange-exec.js'
import { ExpandExec } from '../operators/expand-exec.js'
import { FilterExec } from '../operators/filter-exec.js'
import { FlatMapGroupsWithStateExec } from '../operators/flat-map-groups-with-state-exec.js'
import { GenerateExec } from '../operators/generate-exec.js'
import { LimitExec } from '../operators/limit-exec.js'
import { MapInArrowExec } from '../operators/map-in-arrow-exec.js'
import type { Operator } from '../operators/operator.js'
import { PartialAggregateExec } from '../operators/partial-aggregate-exec.js'
import { ProjectExec } from '../operators/project-exec.js'
import { LocalScanExec, SourceScanExec } from '../operators/scan-exec.js'
import { SessionWindowExec } from '../operators/session-window-exec.js'
import { SortExec } from '../operators/sort-exec.js'
import { StreamStaticJoinExec } from '../operators/stream-static-join-exec.js'
import { StreamingLimitExec } from '../operators/streaming-limit-exec.js'
import { SymmetricHashJoinExec } from '../operators/symmetric-hash-join-exec.js'
import type { SymmetricJoinSpec } from '../operators/symmetric-join-spec.js'
import { TransformWithStateExec } from '../operators/transform-with-state/transform-with-state-exec.js'
import { UnionExec } from '../operators/union-exec.js'
import { WatermarkExec } from '../operators/watermark-exec.js'
import { WindowExec } from '../operators/window-exec.js'
import { WindowGroupLimitExec } from '../operators/window-group-limit-exec.js'
import type { PhysicalKind, PhysicalPlan, StatefulNode } from './physical-plan.js'
import { staticInput } from './static-input.js'

type NodeOf<K extends PhysicalKind> = Extract<PhysicalPlan, { kind: K }>

interface PhysicalSpec<K extends PhysicalKind> {
  children(node: NodeOf<K>): readonly PhysicalPlan[]
  /** The node over other children (same count and order as `children`). */
  withChildren(node: NodeOf<K>, children: readonly PhysicalPlan[]): PhysicalPlan
  /** Spark-style one-line description, e.g. `Filter (value#0 > 1)`. */
  describe(node: NodeOf<K>): string
  /** A running operator for the node (one per query, or per worker). */
  instantiate(node: NodeOf<K>): Operator
  /** Plans explain() prints under the node besides its children (a stream–static join's static side). */
  explained?(node: NodeOf<K>): readonly PhysicalPlan[]
}

const list = (exprs: readonly { kind: string }[]) => `[${exprs.map((e) => explainExpr(e as never)).join(', ')}]`
/** Aggregate calls as Spark names their modes: `[partial_count(1)]`, `[merge_count(1)]`. */
const prefixed = (prefix: string, calls: readonly Expr[]) => `[${calls.map((c) => prefix + explainExpr(c)).join(', ')}]`
const unary = (node: { child: PhysicalPlan }) => [node.child]
/**
 * A batch dropDuplicates as Spark plans it (ReplaceDeduplicateWithAggregate): grouped by the keys, the first value of
 * every other column.
 */
const batchDedupe = ({ keys, input }: { keys: readonly Attribute[]; input: readonly Attribute[] }) => {
  const rest = input.filter((a) => !keys.some((k) => k.id === a.id))
  return `HashAggregate(keys=${list(keys)}, functions=[${rest.map((a) => `first(${explainExpr(a)}, false)`).join(', ')}])`
}
const leaf = () => []
const overChild = <N extends { child: PhysicalPlan }>(node: N, [child]: readonly PhysicalPlan[]): N =>
  Object.freeze({ ...node, child: child! })
const asLeaf = <N>(node: N): N => node
const overChildren = <N extends { children: readonly PhysicalPlan[] }>(node: N, children: readonly PhysicalPlan[]) =>
  Object.freeze({ ...node, children })
const inputOf = (node: { child: PhysicalPlan }): readonly Attribute[] => node.child.output
const orNull = (e: Expr | undefined) => (e ? explainExpr(e) : 'null')
/** Spark's text of a hash join: `BroadcastHashJoin [k#1], [k#2], Inner, BuildRight, (v#3 > 1), false`. */
function joinText(spec: BatchJoinSpec): string {
  const build = spec.buildSide === 'left' ? 'BuildLeft' : 'BuildRight'
  const condition = spec.condition ? `, ${explainExpr(spec.condition)}` : ''
  switch (spec.strategy) {
    case 'BroadcastHashJoin':
      return `BroadcastHashJoin ${list(spec.keys!.leftKeys)}, ${list(spec.keys!.rightKeys)}, ${spec.joinType}, ${build}${condition}, false`
    case 'ShuffledHashJoin':
      return `ShuffledHashJoin ${list(spec.keys!.leftKeys)}, ${list(spec.keys!.rightKeys)}, ${spec.joinType}, ${build}${condition}`
    case 'BroadcastNestedLoopJoin':
      return `BroadcastNestedLoopJoin ${build}, ${spec.joinType}${condition}`
    case 'CartesianProduct':
      return `CartesianProduct${condition ? ` ${explainExpr(spec.condition!)}` : ''}`
  }
}
/** Spark's text of a stream-stream join, its condition split and its state cleanup predicates. */
function symmetricJoinText(spec: SymmetricJoinSpec): string {
  const cleanup = (side: SymmetricJoinSpec['left']) =>
    side.eviction === undefined ? 'null' : side.eviction.kind === 'key' ? 'key predicate' : 'value predicate'
  return `${list(spec.left.keys)}, ${list(spec.right.keys)}, ${spec.joinType}, condition = [ leftOnly = ${orNull(spec.left.only)}, rightOnly = ${orNull(spec.right.only)}, both = ${orNull(spec.both)}, full = ${orNull(spec.full)} ]`.concat(
    `, state cleanup [ left ${cleanup(spec.left)}, right ${cleanup(spec.right)} ]`,
  )
}
const stateInfo = (node: StatefulNode) => `state ${node.operatorId}, numPartitions = ${node.numPartitions}`

export const physicalSpecs: { [K in PhysicalKind]: PhysicalSpec<K> } = {
  StreamScan: {
    children: leaf,
    withChildren: asLeaf,
    describe: (n) => `StreamingScan ${n.format}`,
    instantiate: (n) => new SourceScanExec(n.sourceIndex, schemaOf(n.output)),
  },
  LocalScan: {
    children: leaf,
    withChildren: asLeaf,
    describe: (n) => `LocalTableScan [${n.output.map((a) => a.name).join(', ')}]`,
    instantiate: (n) => new LocalScanExec(schemaOf(n.output), n.batches, n.files),
  },
  Project: {
    children: unary,
    withChildren: overChild,
    describe: (n) => `Project ${list(n.projectList)}`,
    instantiate: (n) => new ProjectExec(n.projectList, inputOf(n), n.output),
  },
  Filter: {
    children: unary,
    withChildren: overChild,
    describe: (n) => `Filter ${explainExpr(n.condition)}`,
    instantiate: (n) => new FilterExec(n.condition, inputOf(n), n.handOn ?? []),
  },
  Generate: {
    children: unary,
    withChildren: overChild,
    describe: (n) => `Generate ${explainExpr(n.generator)}`,
    instantiate: (n) => new GenerateExec(n.generator, inputOf(n), n.output),
  },
  Expand: {
    children: unary,
    withChildren: overChild,
    describe: (n) =>
      `Expand [${n.projections.map(list).join(', ')}], [${n.output.map((a) => explainExpr(a)).join(', ')}]`,
    instantiate: (n) => new ExpandExec(n.projections, inputOf(n), n.output),
  },
  Union: {
    children: (n) => n.children,
    withChildren: overChildren,
    describe: () => 'Union',
    instantiate: (n) => new UnionExec(schemaOf(n.output)),
  },
  Limit: {
    children: unary,
    withChildren: overChild,
    describe: (n) => `GlobalLimit ${n.limit}`,
    instantiate: (n) => new LimitExec(schemaOf(n.output), n.limit),
  },
  Sort: {
    children: unary,
    withChildren: overChild,
    describe: (n) => `Sort ${list(n.order)}, true`,
    instantiate: (n) => new SortExec(n.order, inputOf(n)),
  },
  Window: {
    children: unary,
    withChildren: overChild,
    describe: (n) => `Window ${list(n.windowExpressions)}, ${list(n.partitionSpec)}, ${list(n.orderSpec)}`,
    instantiate: (n) => new WindowExec({ ...n, input: inputOf(n) }),
  },
  WindowGroupLimit: {
    children: unary,
    withChildren: overChild,
    describe: (n) =>
      `WindowGroupLimit ${list(n.partitionSpec)}, ${list(n.orderSpec)}, ${n.rankLike}(), ${n.limit}, Final`,
    instantiate: (n) => new WindowGroupLimitExec({ ...n, input: inputOf(n) }),
  },
  EventTimeWatermark: {
    children: unary,
    withChildren: overChild,
    describe: (n) => `EventTimeWatermark ${explainExpr(n.eventTime)}: ${n.delayMs / 1000} seconds`,
    instantiate: (n) => new WatermarkExec(n.eventTime, inputOf(n)),
  },
  Exchange: {
    children: unary,
    withChildren: overChild,
    describe: (n) => `Exchange hashpartitioning(${n.keys.map(explainExpr).join(', ')}, ${n.numPartitions})`,
    instantiate: (n) => new ExchangeExec(schemaOf(n.output)),
  },
  AsyncEvalUDF: {
    children: unary,
    withChildren: overChild,
    describe: (n) => `AsyncEvalUDF ${list(n.calls)}, ${list(n.results)}`,
    instantiate: (n) => new AsyncUdfEvalExec(n.calls, inputOf(n), n.output),
  },
  MapInArrow: {
    children: unary,
    withChildren: overChild,
    describe: (n) =>
      `MapInArrow ${n.functionName}(${n.child.output.map((a) => explainExpr(a)).join(', ')}), ${list(n.output)}`,
    instantiate: (n) =>
      new MapInArrowExec(
        { functionId: n.functionId, functionName: n.functionName, input: schemaOf(n.child.output) },
        schemaOf(n.output),
      ),
  },
  PartialAggregate: {
    children: unary,
    withChildren: overChild,
    describe: (n) => `HashAggregate(keys=${list(n.keys)}, functions=${prefixed('partial_', n.calls)})`,
    instantiate: (n) => new PartialAggregateExec(n.keys, n.calls, inputOf(n), n.output),
  },
  StateStoreSave: {
    children: unary,
    withChildren: overChild,
    // A batch aggregation (no state) prints as Spark's final HashAggregate does.
    describe: (n) =>
      n.operatorId < 0
        ? `HashAggregate(keys=${list(n.spec.keys)}, functions=${list(n.spec.calls)})`
        : `StateStoreSave ${list(n.spec.keys)}, ${n.spec.mergesPartials ? prefixed('merge_', n.spec.calls) : list(n.spec.calls)}, ${stateInfo(n)}`,
    instantiate: (n) => new AggregateExec(n.spec),
  },
  SessionWindowStateStoreSave: {
    children: unary,
    withChildren: overChild,
    describe: (n) => `SessionWindowStateStoreSave ${list(n.spec.keys)}, ${list(n.spec.calls)}, ${stateInfo(n)}`,
    instantiate: (n) => new SessionWindowExec(n.spec),
  },
  StreamingDeduplicate: {
    children: unary,
    withChildren: overChild,
    describe: (n) =>
      n.operatorId < 0
        ? batchDedupe(n.spec)
        : `${n.spec.withinWatermarkDelayMs === undefined ? 'StreamingDeduplicate' : 'StreamingDeduplicateWithinWatermark'} ${list(n.spec.keys)}, ${stateInfo(n)}`,
    instantiate: (n) => new DedupeExec(n.spec),
  },
  TransformWithState: {
    children: unary,
    withChildren: overChild,
    describe: (n) =>
      `TransformWithStateExec ${n.processorName}, ${list(n.spec.keyIndexes.map((i) => n.spec.input[i]!))}, ${n.spec.timeMode}, ${n.spec.outputMode}, ${stateInfo(n)}`,
    instantiate: (n) => new TransformWithStateExec(n.spec, n.output),
  },
  FlatMapGroupsWithState: {
    children: unary,
    withChildren: overChild,
    describe: (n) =>
      `FlatMapGroupsWithStateExec ${n.functionName}, ${list(n.spec.keyIndexes.map((i) => n.spec.input[i]!))}, ${n.operatorOutputMode}, ${n.spec.timeout}, ${stateInfo(n)}`,
    instantiate: (n) => new FlatMapGroupsWithStateExec(n.spec, n.output),
  },
  RemoteStage: {
    children: leaf,
    withChildren: asLeaf,
    explained: (n) => [n.stage],
    describe: (n) => `RemoteStage ${n.stageId} on ${n.workers} worker threads`,
    instantiate: () => {
      throw new IllegalStateException('A remote stage runs through the query’s worker pool')
    },
  },
  StreamingGlobalLimit: {
    children: unary,
    withChildren: overChild,
    describe: (n) => `StreamingGlobalLimit ${n.limit}, ${stateInfo(n)}`,
    instantiate: (n) => new StreamingLimitExec(schemaOf(n.output), n.limit),
  },
  BatchJoin: {
    children: (n) => [n.left, n.right],
    withChildren: (n, [left, right]) => Object.freeze({ ...n, left: left!, right: right! }),
    describe: (n) => joinText(n.spec),
    instantiate: (n) =>
      n.spec.groupLimit ? new BatchJoinGroupLimitExec(n.spec, n.spec.groupLimit) : new BatchJoinExec(n.spec),
  },
  StreamStaticJoin: {
    children: (n) => [n.stream],
    withChildren: (n, [stream]) => Object.freeze({ ...n, stream: stream! }),
    explained: (n) => (n.spec.buildSide === 'left' ? [n.static, n.stream] : [n.stream, n.static]),
    describe: (n) => joinText(n.spec),
    instantiate: (n) => new StreamStaticJoinExec(n.spec, staticInput(n.static)),
  },
  StreamingSymmetricHashJoin: {
    children: (n) => [n.left, n.right],
    withChildren: (n, [left, right]) => Object.freeze({ ...n, left: left!, right: right! }),
    describe: (n) => `StreamingSymmetricHashJoin ${symmetricJoinText(n.spec)}, ${stateInfo(n)}`,
    instantiate: (n) => new SymmetricHashJoinExec(n.spec),
  },
}

function specOf<K extends PhysicalKind>(node: NodeOf<K>): PhysicalSpec<K> {
  return physicalSpecs[node.kind as K] as PhysicalSpec<K>
}

export const physicalChildren = (node: PhysicalPlan): readonly PhysicalPlan[] => specOf(node).children(node as never)
export const describePhysical = (node: PhysicalPlan): string => specOf(node).describe(node as never)
export const instantiate = (node: PhysicalPlan): Operator => specOf(node).instantiate(node as never)
export const withPhysicalChildren = (node: PhysicalPlan, children: readonly PhysicalPlan[]): PhysicalPlan =>
  specOf(node).withChildren(node as never, children)

/** Nodes with children before parents. */
export function postOrder(root: PhysicalPlan): PhysicalPlan[] {
  const order: PhysicalPlan[] = []
  const visit = (node: PhysicalPlan) => {
    physicalChildren(node).forEach(visit)
    order.push(node)
  }
  visit(root)
  return order
}

/** Nodes with parents before children, left child first (Spark's `collect` order over a plan). */
export function preOrder(root: PhysicalPlan): PhysicalPlan[] {
  const order: PhysicalPlan[] = []
  const visit = (node: PhysicalPlan) => {
    order.push(node)
    physicalChildren(node).forEach(visit)
  }
  visit(root)
  return order
}

/** The indexes of the sources the plan under `root` scans, in plan order. */
export const scannedSources = (root: PhysicalPlan): number[] =>
  postOrder(root).flatMap((n) => (n.kind === 'StreamScan' ? [n.sourceIndex] : []))

/** Spark-style physical plan text: one node per line, children under `+- ` (last) or `:- ` (others). */
export function physicalTreeString(root: PhysicalPlan): string {
  return treeText(root, (node) => specOf(node).explained?.(node as never) ?? physicalChildren(node), describePhysical)
}
