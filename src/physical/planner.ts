// The physical planner: a logical plan becomes a tree of operators, planned once per query start.
import { UnsupportedOperationException } from '../common/errors.js'
import type { LogicalPlan, StreamingRelation } from '../logical/plan.js'
import { schemaOf } from '../logical/plan.js'
import { planNodes } from '../logical/plan-spec.js'
import { FilterExec } from '../operators/filter-exec.js'
import { GenerateExec } from '../operators/generate-exec.js'
import { LimitExec } from '../operators/limit-exec.js'
import type { Operator } from '../operators/operator.js'
import { ProjectExec } from '../operators/project-exec.js'
import { LocalScanExec, SourceScanExec } from '../operators/scan-exec.js'
import { SortExec } from '../operators/sort-exec.js'
import { UnionExec } from '../operators/union-exec.js'
import type { PhysicalNode } from './physical-plan.js'

export interface PlannedQuery {
  readonly root: PhysicalNode
  /** The plan's streaming sources; index i is the one SourceScanExec(i) reads (Spark's `sources/<i>` order). */
  readonly sources: readonly StreamingRelation[]
}

/** Streaming leaves in plan order: their positions are the source indexes. */
export function streamingSources(plan: LogicalPlan): StreamingRelation[] {
  return planNodes(plan).filter((n): n is StreamingRelation => n.kind === 'StreamingRelation')
}

export function planQuery(plan: LogicalPlan): PlannedQuery {
  const sources = streamingSources(plan)
  let next = 0
  const idFor = (kind: string) => `${kind}-${next++}`
  const build = (node: LogicalPlan): PhysicalNode => {
    const make = (op: Operator, ...children: LogicalPlan[]): PhysicalNode => ({ op, children: children.map(build) })
    switch (node.kind) {
      case 'StreamingRelation':
        return make(new SourceScanExec(idFor('scan'), sources.indexOf(node), schemaOf(node.output), node.source.format))
      case 'LocalRelation':
        return make(new LocalScanExec(idFor('local'), schemaOf(node.output), node.batches))
      case 'Project':
        return make(new ProjectExec(idFor('project'), node.projectList, node.child.output, node.output), node.child)
      case 'Filter':
        return make(new FilterExec(idFor('filter'), node.condition, node.child.output), node.child)
      case 'Generate':
        return make(new GenerateExec(idFor('generate'), node.generator, node.child.output, node.output), node.child)
      case 'Union':
        return make(new UnionExec(idFor('union'), schemaOf(node.output)), ...node.children)
      case 'Limit':
        return make(new LimitExec(idFor('limit'), schemaOf(node.output), node.limit), node.child)
      case 'SubqueryAlias':
        return build(node.child)
      case 'Sort':
        return make(new SortExec(idFor('sort'), node.order, node.child.output), node.child)
      case 'Aggregate':
      case 'EventTimeWatermark':
      case 'Deduplicate':
        throw new UnsupportedOperationException(`${node.kind} is not supported yet`)
    }
  }
  return { root: build(plan), sources }
}
