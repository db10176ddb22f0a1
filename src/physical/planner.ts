// The physical planner: a logical plan becomes a tree of operators, planned once per query start. Stateful
// operators get ids in post-order (children first), as Spark numbers `state/<operatorId>`.
import type { OutputMode } from '../connectors/sink.js'
import { canonicalKey } from '../expr/canonical.js'
import {
  type Agg,
  alias,
  attribute,
  collect,
  dataTypeOf,
  type Expr,
  type NamedExpr,
  nullableOf,
  transformDown,
} from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import type { Aggregate, Deduplicate, LogicalPlan, StreamingRelation } from '../logical/plan.js'
import { schemaOf, watermarkDelayOf } from '../logical/plan.js'
import { childrenOf, planNodes } from '../logical/plan-spec.js'
import { AggregateExec, type EventTimeKey } from '../operators/aggregate-exec.js'
import { DedupeExec } from '../operators/dedupe-exec.js'
import { FilterExec } from '../operators/filter-exec.js'
import { GenerateExec } from '../operators/generate-exec.js'
import { LimitExec } from '../operators/limit-exec.js'
import type { Operator } from '../operators/operator.js'
import { ProjectExec } from '../operators/project-exec.js'
import { LocalScanExec, SourceScanExec } from '../operators/scan-exec.js'
import { SessionWindowExec } from '../operators/session-window-exec.js'
import { SortExec } from '../operators/sort-exec.js'
import { StreamingLimitExec } from '../operators/streaming-limit-exec.js'
import { UnionExec } from '../operators/union-exec.js'
import { WatermarkExec } from '../operators/watermark-exec.js'
import type { WindowSlicing } from '../operators/window-slices.js'
import type { PhysicalNode } from './physical-plan.js'
import { paneOf, slicedWindow } from './window-slicing.js'

export interface PlannedQuery {
  readonly root: PhysicalNode
  /** The plan's streaming sources; index i is the one SourceScanExec(i) reads (Spark's `sources/<i>` order). */
  readonly sources: readonly StreamingRelation[]
}

export interface PlanningOptions {
  readonly outputMode: OutputMode
  /** Sliding-window aggregations keep slide-long panes instead of windows (`rivulet.sql.slidingWindowPanes`). */
  readonly windowPanes?: boolean
}

/** Streaming leaves in plan order: their positions are the source indexes. */
export function streamingSources(plan: LogicalPlan): StreamingRelation[] {
  return planNodes(plan).filter((n): n is StreamingRelation => n.kind === 'StreamingRelation')
}

/** The event-time column among attributes: the one carrying a watermark delay (a window's `end` for a window). */
function eventTimeIn(attributes: readonly Expr[]): EventTimeKey | undefined {
  const index = attributes.findIndex((a) => a.kind === 'Attribute' && watermarkDelayOf(a) !== undefined)
  if (index < 0) return undefined
  const type = (attributes[index] as { dataType: { kind: string; fields?: readonly { name: string }[] } }).dataType
  return { index, field: type.kind === 'struct' ? type.fields!.findIndex((f) => f.name === 'end') : -1 }
}

/**
 * An Aggregate becomes the stateful operator (key columns, then one column per distinct aggregate call) and a
 * projection computing the requested outputs from those columns, keeping the logical output ids.
 */
function planAggregate(
  node: Aggregate,
  stateId: number,
  idFor: (kind: string) => string,
  child: PhysicalNode,
  slicing: WindowSlicing | undefined,
): PhysicalNode {
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
  const keys = node.groupingExprs
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
  const session = keys.findIndex((k) => k.kind === 'SessionWindow')
  const spec = { keys, calls, input: node.child.output, output: stateOutput, eventTimeKey: eventTimeIn(keys), slicing }
  const op =
    session >= 0
      ? new SessionWindowExec(idFor('session'), stateId, { ...spec, sessionKey: session })
      : new AggregateExec(idFor('aggregate'), stateId, spec)
  return {
    op: new ProjectExec(idFor('project'), projectList, stateOutput, node.output),
    children: [{ op, children: [child] }],
  }
}

function planDeduplicate(node: Deduplicate, stateId: number, id: string): DedupeExec {
  const input = node.child.output
  const candidates = node.withinWatermark ? input : node.keys
  const key = eventTimeIn(candidates)
  const eventAttr = key ? candidates[key.index]! : undefined
  return new DedupeExec(id, stateId, {
    keys: node.keys,
    input,
    eventTime:
      eventAttr && key ? { index: input.findIndex((a) => a.id === eventAttr.id), field: key.field } : undefined,
    withinWatermarkDelayMs: node.withinWatermark && eventAttr ? watermarkDelayOf(eventAttr) : undefined,
  })
}

export function planQuery(plan: LogicalPlan, options: PlanningOptions = { outputMode: 'append' }): PlannedQuery {
  const sources = streamingSources(plan)
  let nextId = 0
  let nextStateId = 0
  const idFor = (kind: string) => `${kind}-${nextId++}`
  // Sliding-window aggregations that run on panes, and the window_expand each replaces.
  const sliced = new Map<LogicalPlan, WindowSlicing>()
  const paneGenerates = new Set<LogicalPlan>()
  for (const node of planNodes(plan)) {
    const found = node.kind === 'Aggregate' && options.windowPanes !== false ? slicedWindow(node) : undefined
    if (!found) continue
    sliced.set(node, found.slicing)
    paneGenerates.add(found.generate)
  }
  const build = (node: LogicalPlan): PhysicalNode => {
    const children = childrenOf(node).map(build)
    const leaf = (op: Operator): PhysicalNode => ({ op, children })
    switch (node.kind) {
      case 'StreamingRelation':
        return leaf(new SourceScanExec(idFor('scan'), sources.indexOf(node), schemaOf(node.output), node.source.format))
      case 'LocalRelation':
        return leaf(new LocalScanExec(idFor('local'), schemaOf(node.output), node.batches))
      case 'Project':
        return leaf(new ProjectExec(idFor('project'), node.projectList, node.child.output, node.output))
      case 'Filter':
        return leaf(new FilterExec(idFor('filter'), node.condition, node.child.output))
      case 'Generate': {
        if (!paneGenerates.has(node))
          return leaf(new GenerateExec(idFor('generate'), node.generator, node.child.output, node.output))
        const { pane, notNull } = paneOf(node)
        const window = node.generatorOutput[0]!
        const list = [...node.child.output, alias(pane, window.name, window.id)]
        const filter = { op: new FilterExec(idFor('filter'), notNull, node.child.output), children }
        return { op: new ProjectExec(idFor('project'), list, node.child.output, node.output), children: [filter] }
      }
      case 'Union':
        return leaf(new UnionExec(idFor('union'), schemaOf(node.output)))
      case 'Limit':
        return node.isStreaming && options.outputMode === 'append'
          ? leaf(new StreamingLimitExec(idFor('limit'), nextStateId++, schemaOf(node.output), node.limit))
          : leaf(new LimitExec(idFor('limit'), schemaOf(node.output), node.limit))
      case 'SubqueryAlias':
        return children[0]!
      case 'Sort':
        return leaf(new SortExec(idFor('sort'), node.order, node.child.output))
      case 'Aggregate':
        return planAggregate(node, nextStateId++, idFor, children[0]!, sliced.get(node))
      case 'EventTimeWatermark':
        return leaf(new WatermarkExec(idFor('watermark'), node.eventTime, node.delayMs, node.child.output))
      case 'Deduplicate':
        return leaf(planDeduplicate(node, nextStateId++, idFor('dedupe')))
    }
  }
  return { root: build(plan), sources }
}
