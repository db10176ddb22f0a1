// The physical plan as data: frozen records tagged by `kind` — a source is named by its index and format, a stateful
// operator by its operator id — built once per query by the planner, printed by explain(), compared in tests, and
// turned into running operators by `instantiate` (physical-specs.ts).
import type { RecordBatch } from '../arrow/index.js'
import type { Agg, Alias, Attribute, Expr, Fn, NamedExpr, SortOrder } from '../expr/expression.js'
import type { StaticFiles } from '../logical/plan.js'
import type { AggregateSpec } from '../operators/aggregate-exec.js'
import type { BatchJoinSpec } from '../operators/batch-join-exec.js'
import type { DedupeSpec } from '../operators/dedupe-exec.js'
import type { FlatMapGroupsWithStateSpec } from '../operators/flat-map-groups-with-state-exec.js'
import type { SessionSpec } from '../operators/session-window-exec.js'
import type { SymmetricJoinSpec } from '../operators/symmetric-join-spec.js'
import type { TransformWithStateSpec } from '../operators/transform-with-state/transform-with-state-exec.js'
import type { RankLikeFunction } from '../operators/window-group-limit-exec.js'

interface Node {
  /** Stable within a query: the kind and its ordinal among nodes of that kind, children first. */
  readonly id: string
  readonly output: readonly Attribute[]
}

interface Unary extends Node {
  readonly child: PhysicalPlan
}

/** What every stateful node carries: Spark's operator id (`state/<operatorId>`) and state partitions. */
export interface Stateful {
  readonly operatorId: number
  /** Spark's name for the operator in progress (`stateOperators[].operatorName`) and in the checkpoint. */
  readonly operatorName: string
  readonly numPartitions: number
  /** What the state rows mean when not what Spark's operator keeps (e.g. window panes); checked on restart. */
  readonly stateLayout?: string
}

export interface StreamScanNode extends Node {
  readonly kind: 'StreamScan'
  /** The source's position among the query's sources (`sources/<i>`, offsets order). */
  readonly sourceIndex: number
  readonly format: string
}

export interface LocalScanNode extends Node {
  readonly kind: 'LocalScan'
  readonly batches: readonly RecordBatch[]
  /** A static read of files: read again when they changed since `batches` were read. */
  readonly files?: StaticFiles
}

export interface ProjectNode extends Unary {
  readonly kind: 'Project'
  readonly projectList: readonly NamedExpr[]
}

export interface FilterNode extends Unary {
  readonly kind: 'Filter'
  readonly condition: Expr
  /** The computations of `condition` a Project right above repeats: handed on with the kept rows, not recomputed. */
  readonly handOn?: readonly Expr[]
}

export interface GenerateNode extends Unary {
  readonly kind: 'Generate'
  readonly generator: Fn
}

export interface ExpandNode extends Unary {
  readonly kind: 'Expand'
  readonly projections: readonly (readonly Expr[])[]
}

export interface UnionNode extends Node {
  readonly kind: 'Union'
  readonly children: readonly PhysicalPlan[]
}

export interface LimitNode extends Unary {
  readonly kind: 'Limit'
  readonly limit: number
}

export interface SortNode extends Unary {
  readonly kind: 'Sort'
  readonly order: readonly SortOrder[]
}

/** Window functions over a batch query's whole input (see WindowExec). */
export interface WindowNode extends Unary {
  readonly kind: 'Window'
  readonly windowExpressions: readonly Alias[]
  readonly partitionSpec: readonly Expr[]
  readonly orderSpec: readonly SortOrder[]
}

/** Spark's WindowGroupLimit: the rows whose rank-like function value is at most `limit`, below a Window. */
export interface WindowGroupLimitNode extends Unary {
  readonly kind: 'WindowGroupLimit'
  readonly partitionSpec: readonly Expr[]
  readonly orderSpec: readonly SortOrder[]
  readonly rankLike: RankLikeFunction
  readonly limit: number
  /**
   * The inner join below already keeps only the rows this limit keeps (BatchJoinGroupLimitExec): the limit hands its
   * input on as it comes.
   */
  readonly limitedBelow: boolean
}

export interface WatermarkNode extends Unary {
  readonly kind: 'EventTimeWatermark'
  readonly eventTime: Attribute
  readonly delayMs: number
}

/** Async user-defined functions evaluated once per batch into `results`, appended to the child's columns. */
export interface AsyncEvalUdfNode extends Unary {
  readonly kind: 'AsyncEvalUDF'
  readonly calls: readonly Fn[]
  readonly results: readonly Attribute[]
}

/** `mapInArrow`: user code (named by id) over the epoch's batches. */
export interface MapInArrowNode extends Unary {
  readonly kind: 'MapInArrow'
  readonly functionId: string
  readonly functionName: string
}

/** Rows placed in `numPartitions` partitions by Spark's hash of `keys` (HashPartitioning). */
export interface ExchangeNode extends Unary {
  readonly kind: 'Exchange'
  readonly keys: readonly Expr[]
  readonly numPartitions: number
}

/**
 * Spark's HashAggregate(partial): per epoch, the rows folded per key into the calls' aggregation buffers (output: the
 * key columns, then each call's buffer columns), below the exchange of a StateStoreSave that merges them.
 */
export interface PartialAggregateNode extends Unary {
  readonly kind: 'PartialAggregate'
  readonly keys: readonly Expr[]
  readonly calls: readonly Agg[]
}

export interface AggregateNode extends Unary, Stateful {
  readonly kind: 'StateStoreSave'
  readonly spec: AggregateSpec
}

export interface SessionWindowNode extends Unary, Stateful {
  readonly kind: 'SessionWindowStateStoreSave'
  readonly spec: SessionSpec
}

export interface DeduplicateNode extends Unary, Stateful {
  readonly kind: 'StreamingDeduplicate'
  readonly spec: DedupeSpec
}

export interface TransformWithStateNode extends Unary, Stateful {
  readonly kind: 'TransformWithState'
  readonly spec: TransformWithStateSpec
  readonly processorName: string
}

export interface FlatMapGroupsWithStateNode extends Unary, Stateful {
  readonly kind: 'FlatMapGroupsWithState'
  readonly spec: FlatMapGroupsWithStateSpec
  readonly functionName: string
  readonly operatorOutputMode: 'append' | 'update'
}

export interface StreamingLimitNode extends Unary, Stateful {
  readonly kind: 'StreamingGlobalLimit'
  readonly limit: number
}

// ── Joins ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/** A join of two static inputs in one epoch: the build side hashed on the keys, or every pair tried without keys. */
export interface BatchJoinNode extends Node {
  readonly kind: 'BatchJoin'
  readonly left: PhysicalPlan
  readonly right: PhysicalPlan
  readonly spec: BatchJoinSpec
}

/**
 * A streaming input joined with a static one. Only the streaming input is a child: the static plan is run by the
 * join itself, again only when what it reads changed, and its rows stay hashed between batches.
 */
export interface StreamStaticJoinNode extends Node {
  readonly kind: 'StreamStaticJoin'
  readonly stream: PhysicalPlan
  readonly static: PhysicalPlan
  readonly spec: BatchJoinSpec
}

/** Spark's stream-stream join: both inputs buffered in state (four tables), matched symmetrically, evicted by watermark. */
export interface SymmetricHashJoinNode extends Node, Stateful {
  readonly kind: 'StreamingSymmetricHashJoin'
  readonly left: PhysicalPlan
  readonly right: PhysicalPlan
  readonly spec: SymmetricJoinSpec
}

/**
 * Driver side of a stage that runs on worker threads (see stages.ts): a leaf that hands each worker its share of the
 * rows of the sources the stage scans, and emits what the workers' copies of `stage` emit.
 */
export interface RemoteStageNode extends Node {
  readonly kind: 'RemoteStage'
  readonly stageId: number
  /** The sources the stage scans (`StreamScan.sourceIndex`). */
  readonly sourceIndexes: readonly number[]
  readonly stage: PhysicalPlan
  readonly workers: number
}

export type PhysicalPlan =
  | StreamScanNode
  | LocalScanNode
  | ProjectNode
  | FilterNode
  | GenerateNode
  | ExpandNode
  | UnionNode
  | LimitNode
  | SortNode
  | WindowNode
  | WindowGroupLimitNode
  | WatermarkNode
  | ExchangeNode
  | PartialAggregateNode
  | AsyncEvalUdfNode
  | MapInArrowNode
  | AggregateNode
  | SessionWindowNode
  | DeduplicateNode
  | StreamingLimitNode
  | TransformWithStateNode
  | FlatMapGroupsWithStateNode
  | BatchJoinNode
  | StreamStaticJoinNode
  | SymmetricHashJoinNode
  | RemoteStageNode

export type PhysicalKind = PhysicalPlan['kind']

export type StatefulNode = Extract<PhysicalPlan, Stateful>

export const isStatefulNode = (node: PhysicalPlan): node is StatefulNode => 'operatorId' in node
