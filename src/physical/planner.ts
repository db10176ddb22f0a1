// The physical planner: a logical plan becomes a tree of operators, planned once per query start. Stateful
// operators get ids in post-order (children first), as Spark numbers `state/<operatorId>`.
import type { OutputMode } from '../connectors/sink.js'
import { canonicalKey, commonSubexpressions } from '../expr/canonical.js'
import {
  type Agg,
  type Attribute,
  alias,
  attribute,
  collect,
  dataTypeOf,
  type Expr,
  type Fn,
  type NamedExpr,
  nullableOf,
  transformDown,
} from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import type {
  Aggregate,
  Deduplicate,
  FlatMapGroupsWithState,
  InitialState,
  LogicalPlan,
  StreamingRelation,
  TransformWithState,
} from '../logical/plan.js'
import { watermarkDelayOf } from '../logical/plan.js'
import { childrenOf, planNodes } from '../logical/plan-spec.js'
import { type EventTimeKey, paneLayout, placingKeyCount } from '../operators/aggregate-exec.js'
import { type DedupeSpec, dedupeOperatorName } from '../operators/dedupe-exec.js'
import type { WindowSlicing } from '../operators/window-slices.js'
import { extractAsyncUdfs } from './async-udfs.js'
import { narrowJoinOutput, planJoin } from './join-planning.js'
import type { PhysicalKind, PhysicalPlan } from './physical-plan.js'
import { sourceReadColumns } from './source-columns.js'
import { withWindowGroupLimit } from './window-group-limit.js'
import { paneOf, slicedWindow } from './window-slicing.js'

export interface PlannedQuery {
  readonly root: PhysicalPlan
  /** The plan's streaming sources; index i is the one SourceScanExec(i) reads (Spark's `sources/<i>` order). */
  readonly sources: readonly StreamingRelation[]
  /** Per source, the columns the query reads of it (all of them, or fewer: see sourceReadColumns). */
  readonly readColumns: readonly (readonly Attribute[])[]
}

export interface PlanningOptions {
  readonly outputMode: OutputMode
  /** Sliding-window aggregations keep slide-long panes instead of windows (`rivulet.sql.slidingWindowPanes`). */
  readonly windowPanes?: boolean
  /** State partitions of keyed stateful operators (`spark.sql.shuffle.partitions`, as the checkpoint pins it). */
  readonly numPartitions?: number
}

/**
 * Streaming leaves in plan order, each once: their positions are the source indexes. A plan that reads one
 * relation twice (a self-join or self-union of one DataFrame) reads one source.
 */
export function streamingSources(plan: LogicalPlan): StreamingRelation[] {
  return [...new Set(planNodes(plan).filter((n): n is StreamingRelation => n.kind === 'StreamingRelation'))]
}

/** The event-time column among attributes: the one carrying a watermark delay (a window's `end` for a window). */
function eventTimeIn(attributes: readonly Expr[]): EventTimeKey | undefined {
  const index = attributes.findIndex((a) => a.kind === 'Attribute' && watermarkDelayOf(a) !== undefined)
  if (index < 0) return undefined
  const type = (attributes[index] as { dataType: { kind: string; fields?: readonly { name: string }[] } }).dataType
  return { index, field: type.kind === 'struct' ? type.fields!.findIndex((f) => f.name === 'end') : -1 }
}

/**
 * A Filter right below a Project, told which of its computations the projection repeats, so that it hands their
 * results on with the rows it keeps (expr/handed-results.ts) instead of the projection computing them again.
 */
function handingOn(child: PhysicalPlan, projectList: readonly Expr[]): PhysicalPlan {
  if (child.kind !== 'Filter') return child
  const handOn = commonSubexpressions([child.condition], projectList)
  return handOn.length === 0 ? child : Object.freeze({ ...child, handOn })
}

/** A node's fields before it gets its id (distributed over the kinds). */
type NodeFields = PhysicalPlan extends infer N ? (N extends PhysicalPlan ? Omit<N, 'id'> : never) : never

/** Builds node records: ids by kind (children first), Spark's operator ids for stateful nodes (top first). */
export class NodeFactory {
  private readonly counts = new Map<PhysicalKind, number>()

  constructor(
    readonly operatorIds: ReadonlyMap<LogicalPlan, number>,
    readonly numPartitions: number,
  ) {}

  node<F extends NodeFields>(fields: F): Extract<PhysicalPlan, { kind: F['kind'] }> {
    const count = this.counts.get(fields.kind) ?? 0
    this.counts.set(fields.kind, count + 1)
    return Object.freeze({ ...fields, id: `${fields.kind}-${count}` }) as unknown as Extract<
      PhysicalPlan,
      { kind: F['kind'] }
    >
  }

  /** An AsyncEvalUDF node computing async UDF calls over `child` into `results`. */
  readonly asyncEval = (child: PhysicalPlan, calls: readonly Fn[], results: readonly Attribute[]): PhysicalPlan =>
    this.node({ kind: 'AsyncEvalUDF', calls, results, child, output: [...child.output, ...results] })

  /** The hash exchange placing rows by `keys` below a keyed stateful operator. */
  exchange(child: PhysicalPlan, keys: readonly Expr[]): PhysicalPlan {
    return this.node({ kind: 'Exchange', child, keys, numPartitions: this.numPartitions, output: child.output })
  }
}

/**
 * An Aggregate becomes the stateful operator (key columns, then one column per distinct aggregate call) over an
 * exchange on its keys, and a projection computing the requested outputs from those columns, keeping the logical
 * output ids.
 */
function planAggregate(
  node: Aggregate,
  factory: NodeFactory,
  child: PhysicalPlan,
  windowSlicing: WindowSlicing | undefined,
  streaming: boolean,
): PhysicalPlan {
  const { keys, slicing } = panesLast(node.groupingExprs, windowSlicing)
  const calls: Agg[] = []
  const seen = new Set<string>()
  for (const e of node.aggregateExprs) {
    for (const call of collect(e, (n): n is Agg => n.kind === 'Agg')) {
      const key = canonicalKey(call)
      if (!seen.has(key)) {
        seen.add(key)
        calls.push(call)
      }
    }
  }
  const keyAttrs = keys.map((k) =>
    k.kind === 'Attribute'
      ? attribute(k.name, k.dataType, k.nullable, k.metadata)
      : attribute(sqlText(k), dataTypeOf(k), nullableOf(k)),
  )
  const callAttrs = calls.map((c) => attribute(sqlText(c), c.dataType, c.nullable))
  const byKey = new Map<string, Expr>([
    ...keys.map((k, i) => [canonicalKey(k), keyAttrs[i]!] as const),
    ...calls.map((c, i) => [canonicalKey(c), callAttrs[i]!] as const),
  ])
  const stateOutput = [...keyAttrs, ...callAttrs]
  const projectList: NamedExpr[] = node.aggregateExprs.map((e, i) => {
    const inner = e.kind === 'Alias' ? e.child : e
    const rewritten = transformDown(inner, (n) => byKey.get(canonicalKey(n)))
    return alias(rewritten, node.output[i]!.name, node.output[i]!.id)
  })
  const sessionKey = keys.findIndex((k) => k.kind === 'SessionWindow')
  const spec = { keys, calls, input: node.child.output, output: stateOutput, eventTimeKey: eventTimeIn(keys), slicing }
  // A session window is no placing key: a key's sessions merge in one partition, whatever their times.
  const placing = sessionKey >= 0 ? keys.filter((_, i) => i !== sessionKey) : keys.slice(0, placingKeyCount(spec))
  const input = streaming ? factory.exchange(child, placing) : child
  // A batch aggregation keeps its groups for one epoch on one thread: one partition, no state.
  const stateful = {
    operatorId: streaming ? (factory.operatorIds.get(node) ?? -1) : -1,
    numPartitions: streaming ? factory.numPartitions : 1,
    child: input,
    output: stateOutput,
  }
  const save =
    sessionKey >= 0
      ? factory.node({
          kind: 'SessionWindowStateStoreSave',
          ...stateful,
          operatorName: 'sessionWindowStateStoreSaveExec',
          spec: { ...spec, sessionKey },
        })
      : factory.node({
          kind: 'StateStoreSave',
          ...stateful,
          operatorName: 'stateStoreSave',
          stateLayout: paneLayout(slicing),
          spec,
        })
  return factory.node({ kind: 'Project', projectList, child: save, output: node.output })
}

/** The grouping keys with the pane key, if any, moved last, where it places no row (placingKeyCount). */
function panesLast(
  grouping: readonly Expr[],
  slicing: WindowSlicing | undefined,
): { keys: readonly Expr[]; slicing: WindowSlicing | undefined } {
  if (!slicing) return { keys: grouping, slicing }
  const keys = [...grouping.filter((_, i) => i !== slicing.keyIndex), grouping[slicing.keyIndex]!]
  return { keys, slicing: { ...slicing, keyIndex: keys.length - 1 } }
}

function dedupeSpec(node: Deduplicate): DedupeSpec {
  const input = node.child.output
  const candidates = node.withinWatermark ? input : node.keys
  const key = eventTimeIn(candidates)
  const eventAttr = key ? candidates[key.index]! : undefined
  return {
    keys: node.keys,
    input,
    eventTime:
      eventAttr && key ? { index: input.findIndex((a) => a.id === eventAttr.id), field: key.field } : undefined,
    withinWatermarkDelayMs: node.withinWatermark && eventAttr ? watermarkDelayOf(eventAttr) : undefined,
  }
}

/** The watermarked column among attributes (its index), or -1. */
const watermarkedIndex = (attributes: readonly Expr[]) =>
  attributes.findIndex((a) => a.kind === 'Attribute' && watermarkDelayOf(a) !== undefined)

/**
 * What a per-key processor's node shares with the others: its operator id and partitions (streaming: over an exchange
 * on the grouping keys), and its key, data and event-time columns by index in its input.
 */
function perKeyParts(node: TransformWithState | FlatMapGroupsWithState, factory: NodeFactory, child: PhysicalPlan) {
  const input = node.child.output
  const indexOf = (a: { id: number }) => input.findIndex((b) => b.id === a.id)
  const streaming = node.isStreaming
  return {
    operatorId: streaming ? (factory.operatorIds.get(node) ?? -1) : -1,
    numPartitions: streaming ? factory.numPartitions : 1,
    child: streaming ? factory.exchange(child, node.groupingAttributes) : child,
    spec: {
      input,
      keyIndexes: node.groupingAttributes.map(indexOf),
      dataIndexes: node.dataAttributes.map(indexOf),
      eventTimeIndex: watermarkedIndex(input),
      ...(node.initialState ? { initialState: initialStateSpec(node.initialState) } : {}),
    },
  }
}

/** A transformWithState processor over its keys' rows. */
function planTransformWithState(node: TransformWithState, factory: NodeFactory, child: PhysicalPlan): PhysicalPlan {
  const { spec, ...parts } = perKeyParts(node, factory, child)
  return factory.node({
    kind: 'TransformWithState',
    ...parts,
    operatorName: 'transformWithStateExec',
    processorName: node.processorName,
    spec: { ...spec, processorId: node.processorId, timeMode: node.timeMode, outputMode: node.operatorOutputMode },
    output: node.output,
  })
}

/** An initial state's rows, with its key and data columns by index. */
function initialStateSpec(initial: InitialState) {
  const indexOf = (a: { id: number }) => initial.output.findIndex((b) => b.id === a.id)
  return {
    batches: initial.batches,
    input: initial.output,
    keyIndexes: initial.groupingAttributes.map(indexOf),
    dataIndexes: initial.dataAttributes.map(indexOf),
  }
}

/** A flatMapGroupsWithState / mapGroupsWithState function over its keys' rows. */
function planFlatMapGroupsWithState(
  node: FlatMapGroupsWithState,
  factory: NodeFactory,
  child: PhysicalPlan,
): PhysicalPlan {
  const { spec, ...parts } = perKeyParts(node, factory, child)
  return factory.node({
    kind: 'FlatMapGroupsWithState',
    ...parts,
    operatorName: 'flatMapGroupsWithState',
    functionName: node.functionName,
    operatorOutputMode: node.operatorOutputMode,
    spec: {
      ...spec,
      functionId: node.functionId,
      stateType: node.stateType,
      timeout: node.timeout,
      isMapGroupsWithState: node.isMapGroupsWithState,
    },
    output: node.output,
  })
}

/** Whether a logical node runs as a stateful operator in a streaming query with this output mode. */
function isStatefulNode(node: LogicalPlan, outputMode: OutputMode): boolean {
  if (!node.isStreaming) return false
  return (
    node.kind === 'Aggregate' ||
    node.kind === 'Deduplicate' ||
    node.kind === 'TransformWithState' ||
    node.kind === 'FlatMapGroupsWithState' ||
    (node.kind === 'Limit' && outputMode === 'append') ||
    (node.kind === 'Join' && node.left.isStreaming && node.right.isStreaming)
  )
}

/** Spark's operator ids: stateful operators numbered from the top of the plan down (IncrementalExecution's rule). */
function statefulOperatorIds(plan: LogicalPlan, outputMode: OutputMode): Map<LogicalPlan, number> {
  const ids = new Map<LogicalPlan, number>()
  for (const node of planNodes(plan)) if (isStatefulNode(node, outputMode)) ids.set(node, ids.size)
  return ids
}

export function planQuery(plan: LogicalPlan, options: PlanningOptions = { outputMode: 'append' }): PlannedQuery {
  const sources = streamingSources(plan)
  const readColumns = sourceReadColumns(plan, sources)
  const factory = new NodeFactory(statefulOperatorIds(plan, options.outputMode), options.numPartitions ?? 1)
  // Sliding-window aggregations that run on panes, and the window_expand each replaces.
  const sliced = new Map<LogicalPlan, WindowSlicing>()
  const paneGenerates = new Set<LogicalPlan>()
  for (const node of planNodes(plan)) {
    const found = node.kind === 'Aggregate' && options.windowPanes !== false ? slicedWindow(node) : undefined
    if (!found) continue
    sliced.set(node, found.slicing)
    paneGenerates.add(found.generate)
  }
  const build = (node: LogicalPlan): PhysicalPlan => {
    const children = childrenOf(node).map(build)
    const child = children[0]!
    const { output } = node
    switch (node.kind) {
      case 'StreamingRelation': {
        const sourceIndex = sources.indexOf(node)
        return factory.node({
          kind: 'StreamScan',
          sourceIndex,
          format: node.format,
          output: readColumns[sourceIndex]!,
        })
      }
      case 'LocalRelation':
        return factory.node({ kind: 'LocalScan', batches: node.batches, files: node.files, output })
      case 'Project': {
        const evaluated = extractAsyncUdfs(
          node.projectList,
          narrowJoinOutput(child, node.projectList),
          factory.asyncEval,
        )
        const handing = handingOn(evaluated.child, evaluated.exprs)
        return factory.node({ kind: 'Project', projectList: evaluated.exprs, child: handing, output })
      }
      case 'Filter': {
        const limited = withWindowGroupLimit(node.condition, child, factory)
        const evaluated = extractAsyncUdfs([node.condition], limited, factory.asyncEval)
        if (evaluated.child === limited)
          return factory.node({ kind: 'Filter', condition: node.condition, child: limited, output })
        const filtered = factory.node({
          kind: 'Filter',
          condition: evaluated.exprs[0]!,
          child: evaluated.child,
          output: evaluated.child.output,
        })
        return factory.node({ kind: 'Project', projectList: output, child: filtered, output })
      }
      case 'Generate': {
        if (!paneGenerates.has(node))
          return factory.node({ kind: 'Generate', generator: node.generator, child, output })
        const { pane, notNull } = paneOf(node)
        const window = node.generatorOutput[0]!
        const list = [...node.child.output, alias(pane, window.name, window.id)]
        const filtered = factory.node({ kind: 'Filter', condition: notNull, child, output: node.child.output })
        return factory.node({ kind: 'Project', projectList: list, child: filtered, output })
      }
      case 'Expand':
        return factory.node({ kind: 'Expand', projections: node.projections, child, output })
      case 'Union':
        return factory.node({ kind: 'Union', children, output })
      case 'Limit':
        return isStatefulNode(node, options.outputMode)
          ? factory.node({
              kind: 'StreamingGlobalLimit',
              operatorId: factory.operatorIds.get(node)!,
              operatorName: 'globalLimit',
              numPartitions: 1,
              limit: node.limit,
              child,
              output,
            })
          : factory.node({ kind: 'Limit', limit: node.limit, child, output })
      case 'SubqueryAlias':
        return child
      case 'Sort':
        return factory.node({ kind: 'Sort', order: node.order, child, output })
      case 'Window': {
        const { windowExpressions, partitionSpec, orderSpec } = node
        return factory.node({ kind: 'Window', windowExpressions, partitionSpec, orderSpec, child, output })
      }
      case 'TransformWithState':
        return planTransformWithState(node, factory, child)
      case 'FlatMapGroupsWithState':
        return planFlatMapGroupsWithState(node, factory, child)
      case 'MapInArrow':
        return factory.node({
          kind: 'MapInArrow',
          functionId: node.functionId,
          functionName: node.functionName,
          child,
          output,
        })
      case 'Aggregate':
        return planAggregate(node, factory, child, sliced.get(node), node.isStreaming)
      case 'EventTimeWatermark':
        return factory.node({
          kind: 'EventTimeWatermark',
          eventTime: node.eventTime,
          delayMs: node.delayMs,
          child,
          output,
        })
      case 'Join':
        return planJoin(node, children[0]!, children[1]!, factory)
      case 'ResolvedHint':
        return child
      case 'Deduplicate': {
        const spec = dedupeSpec(node)
        if (!node.isStreaming)
          return factory.node({
            kind: 'StreamingDeduplicate',
            operatorId: -1,
            operatorName: dedupeOperatorName(spec),
            numPartitions: 1,
            spec,
            child,
            output,
          })
        return factory.node({
          kind: 'StreamingDeduplicate',
          operatorId: factory.operatorIds.get(node)!,
          operatorName: dedupeOperatorName(spec),
          numPartitions: factory.numPartitions,
          spec,
          child: factory.exchange(child, node.keys),
          output,
        })
      }
    }
  }
  return { root: build(plan), sources, readColumns }
}
