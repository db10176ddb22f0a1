// Per-kind behaviour of logical nodes — children, rebuilding with new children, one-line display — in one table,
// so a new node kind without a spec does not compile.
import { treeText } from '../common/tree-text.js'
import type { Attribute, Expr } from '../expr/expression.js'
import { explainExpr } from './explain-expr.js'
import {
  aggregate,
  deduplicate,
  eventTimeWatermark,
  expand,
  filter,
  flatMapGroupsWithState,
  generate,
  type JoinHint,
  join,
  type LogicalPlan,
  limit,
  mapInArrow,
  type PlanKind,
  project,
  resolvedHint,
  sort,
  subqueryAlias,
  transformWithState,
  union,
  window,
} from './plan.js'

/** The node type of a plan kind. */
export type NodeOf<K extends PlanKind> = Extract<LogicalPlan, { kind: K }>

interface PlanSpec<K extends PlanKind> {
  children(node: NodeOf<K>): readonly LogicalPlan[]
  withChildren(node: NodeOf<K>, children: readonly LogicalPlan[]): LogicalPlan
  /** Spark-style one-line description, e.g. `Project [value#0, (n#1 + 1) AS m#3]`. */
  describe(node: NodeOf<K>): string
  /** The expressions the node evaluates (for analysis checks and rewrites). */
  expressions(node: NodeOf<K>): readonly Expr[]
}

/** Spark's hint text on a join: `leftHint=(strategy=broadcast)`. */
const hintText = (hint: JoinHint) =>
  [hint.left && `leftHint=(strategy=${hint.left})`, hint.right && `rightHint=(strategy=${hint.right})`]
    .filter((h) => h !== undefined)
    .map((h) => `, ${h}`)
    .join('')
const list = (exprs: readonly Expr[]) => `[${exprs.map(explainExpr).join(', ')}]`
const attrs = (output: readonly Attribute[]) => list(output)
const leaf = { children: () => [], withChildren: (node: LogicalPlan) => node, expressions: () => [] }

export const planSpecs: { [K in PlanKind]: PlanSpec<K> } = {
  StreamingRelation: {
    ...leaf,
    describe: (n) => `StreamingRelation ${n.format}, ${attrs(n.output)}`,
  },
  LocalRelation: {
    ...leaf,
    describe: (n) => `LocalRelation ${attrs(n.output)}`,
  },
  Project: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => project(child!, n.projectList, n.hiddenOutput),
    describe: (n) => `Project ${list(n.projectList)}`,
    expressions: (n) => n.projectList,
  },
  Filter: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => filter(child!, n.condition),
    describe: (n) => `Filter ${explainExpr(n.condition)}`,
    expressions: (n) => [n.condition],
  },
  Generate: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => generate(child!, n.generator, n.generatorOutput),
    describe: (n) => `Generate ${explainExpr(n.generator)}, false, ${attrs(n.generatorOutput)}`,
    expressions: (n) => [n.generator],
  },
  Expand: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => expand(child!, n.projections, n.output),
    describe: (n) => `Expand [${n.projections.map(list).join(', ')}], ${attrs(n.output)}`,
    expressions: (n) => n.projections.flat(),
  },
  Union: {
    children: (n) => n.children,
    withChildren: (_, children) => union(children),
    describe: () => 'Union false, false',
    expressions: () => [],
  },
  Limit: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => limit(child!, n.limit),
    describe: (n) => `GlobalLimit ${n.limit}`,
    expressions: () => [],
  },
  SubqueryAlias: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => subqueryAlias(child!, n.alias),
    describe: (n) => `SubqueryAlias ${n.alias}`,
    expressions: () => [],
  },
  Aggregate: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => aggregate(child!, n.groupingExprs, n.aggregateExprs),
    describe: (n) => `Aggregate ${list(n.groupingExprs)}, ${list(n.aggregateExprs)}`,
    expressions: (n) => [...n.groupingExprs, ...n.aggregateExprs],
  },
  EventTimeWatermark: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => eventTimeWatermark(child!, n.eventTime, n.delayMs),
    describe: (n) => `EventTimeWatermark ${explainExpr(n.eventTime)}: ${n.delayMs / 1000} seconds`,
    expressions: (n) => [n.eventTime],
  },
  Deduplicate: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => deduplicate(child!, n.keys, n.withinWatermark),
    describe: (n) => `${n.withinWatermark ? 'DeduplicateWithinWatermark' : 'Deduplicate'} ${attrs(n.keys)}`,
    expressions: (n) => n.keys,
  },
  MapInArrow: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => mapInArrow(child!, n.functionId, n.functionName, n.output),
    describe: (n) =>
      `MapInArrow ${n.functionName}(${n.child.output.map((a) => explainExpr(a)).join(', ')}), ${attrs(n.output)}`,
    // The function reads every column of its input.
    expressions: (n) => n.child.output,
  },
  TransformWithState: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => {
      const { kind: _kind, child: _child, isStreaming: _streaming, ...fields } = n
      return transformWithState(child!, fields)
    },
    describe: (n) =>
      `TransformWithState ${n.processorName}, ${attrs(n.groupingAttributes)}, ${n.timeMode}, ${n.operatorOutputMode}, ${attrs(n.output)}`,
    // The processor reads every column its rows carry.
    expressions: (n) => [...n.groupingAttributes, ...n.dataAttributes],
  },
  FlatMapGroupsWithState: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => {
      const { kind: _kind, child: _child, isStreaming: _streaming, ...fields } = n
      return flatMapGroupsWithState(child!, fields)
    },
    describe: (n) =>
      `${n.isMapGroupsWithState ? 'MapGroupsWithState' : 'FlatMapGroupsWithState'} ${n.functionName}, ${attrs(n.groupingAttributes)}, ${n.operatorOutputMode}, ${n.timeout}, ${attrs(n.output)}`,
    expressions: (n) => [...n.groupingAttributes, ...n.dataAttributes],
  },
  Sort: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => sort(child!, n.order),
    describe: (n) => `Sort ${list(n.order)}, true`,
    expressions: (n) => n.order,
  },
  Window: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => window(child!, n.windowExpressions, n.partitionSpec, n.orderSpec),
    describe: (n) => `Window ${list(n.windowExpressions)}, ${list(n.partitionSpec)}, ${list(n.orderSpec)}`,
    expressions: (n) => [...n.windowExpressions, ...n.partitionSpec, ...n.orderSpec],
  },
  Join: {
    children: (n) => [n.left, n.right],
    withChildren: (n, [left, right]) => join(left!, right!, n.joinType, n.condition, n.hint),
    describe: (n) => `Join ${n.joinType}${n.condition ? `, ${explainExpr(n.condition)}` : ''}${hintText(n.hint)}`,
    expressions: (n) => (n.condition ? [n.condition] : []),
  },
  ResolvedHint: {
    children: (n) => [n.child],
    withChildren: (n, [child]) => resolvedHint(child!, n.strategy),
    describe: (n) => `ResolvedHint (strategy=${n.strategy})`,
    expressions: () => [],
  },
}

/**
 * A pass over plan nodes as a table with one handler per kind, so a new node kind fails to compile until the pass
 * says what it does with it (instead of falling into a `default` that assumes, say, one child).
 */
export type PlanTable<R, A extends readonly unknown[] = []> = {
  readonly [K in PlanKind]: (node: NodeOf<K>, ...args: A) => R
}

/** The handler for `node`'s kind. */
export const planHandlerFor = <R, A extends readonly unknown[]>(table: PlanTable<R, A>, node: LogicalPlan) =>
  table[node.kind] as (node: LogicalPlan, ...args: A) => R

function specOf<K extends PlanKind>(node: NodeOf<K>): PlanSpec<K> {
  return planSpecs[node.kind as K] as PlanSpec<K>
}

export const childrenOf = (node: LogicalPlan): readonly LogicalPlan[] => specOf(node).children(node as never)
export const describeNode = (node: LogicalPlan): string => specOf(node).describe(node as never)
export const expressionsOf = (node: LogicalPlan): readonly Expr[] => specOf(node).expressions(node as never)

/** The node rebuilt over new children (factories recompute the output); identity when nothing changed. */
export function withNewChildren(node: LogicalPlan, children: readonly LogicalPlan[]): LogicalPlan {
  const current = childrenOf(node)
  if (current.length === children.length && current.every((c, i) => c === children[i])) return node
  return specOf(node).withChildren(node as never, children)
}

/** Bottom-up rewrite of a plan. */
export function transformPlanUp(node: LogicalPlan, rule: (n: LogicalPlan) => LogicalPlan): LogicalPlan {
  return rule(
    withNewChildren(
      node,
      childrenOf(node).map((c) => transformPlanUp(c, rule)),
    ),
  )
}

/** Every node in pre-order. */
export function planNodes(node: LogicalPlan): LogicalPlan[] {
  return [node, ...childrenOf(node).flatMap(planNodes)]
}

/** Spark's tree rendering: one node per line, children under `+- ` (last) or `:- ` (others). */
export function treeString(node: LogicalPlan, describe: (n: LogicalPlan) => string = describeNode): string {
  return treeText(node, childrenOf, describe)
}
