// The analyzer's builders for stateful plans (aggregate, sort, deduplicate, window assignment) that SQL binds to.
import { AnalysisException } from '../common/errors.js'
import type { Expr } from '../expr/expression.js'
import type { LogicalPlan } from '../logical/plan.js'

// These are the signatures of src/analyzer/aggregate-builder.ts, which is being written; until it lands, each
// reports that the construct is not available, and this file becomes `export { … } from` that module.
const pending = (what: string) => new AnalysisException(`${what} is not supported yet.`)

export function buildAggregate(
  _child: LogicalPlan,
  _groupingExprs: readonly Expr[],
  _aggregateExprs: readonly Expr[],
  _having?: Expr,
): LogicalPlan {
  throw pending('Aggregation')
}

export function buildSort(_child: LogicalPlan, _orders: readonly Expr[]): LogicalPlan {
  throw pending('ORDER BY')
}

export function buildDeduplicate(
  _child: LogicalPlan,
  _columnNames: readonly string[] | undefined,
  _withinWatermark: boolean,
): LogicalPlan {
  throw pending('DISTINCT')
}

export function buildWindowAssign(
  _child: LogicalPlan,
  _timeColumn: Expr,
  _windowDuration: Expr,
  _slideDuration?: Expr,
): LogicalPlan {
  throw pending('A window table-valued function')
}
