// `FROM … PIVOT (agg [AS] alias, … FOR col IN (value [AS alias], …))`: the relation pivoted by buildPivot.
import type * as ast from '../../grammar/index.js'
import { quoteNameParts } from '../analyzer/identifiers.js'
import { buildPivot } from '../analyzer/pivot.js'
import { alias, call, columnRef, type Expr, literal } from '../expr/expression.js'
import type { LogicalPlan } from '../logical/plan.js'
import { STRING } from '../types/data-types.js'
import type { BindContext } from './bind-context.js'
import { constantValue } from './constants.js'
import { bindExpr } from './expressions.js'
import { atLoc } from './source-locations.js'

const withAlias = (node: ast.NamedExpr, ctx: BindContext): Expr => {
  const bound = bindExpr(node.expr, ctx)
  return node.alias === undefined ? bound : alias(bound, node.alias)
}

export function bindPivot(child: LogicalPlan, pivot: ast.Pivot, ctx: BindContext): LogicalPlan {
  const columns = pivot.columns.map((name) => columnRef(quoteNameParts([name])))
  // Several columns pivot as one struct of them (Spark's CreateStruct), its fields named after them.
  const pivotColumn =
    columns.length === 1
      ? columns[0]!
      : call(
          'named_struct',
          pivot.columns.flatMap((name, i) => [literal(name, STRING), columns[i]!]),
        )
  return atLoc(pivot.loc, () =>
    buildPivot(
      child,
      {
        pivotColumn,
        aggregates: pivot.aggregates.map((a) => withAlias(a, ctx)),
        values: pivot.values.map((v) => ({
          value: bindExpr(v.expr, ctx),
          ...(v.alias !== undefined && { alias: v.alias }),
        })),
      },
      (e) => {
        const value = constantValue(e, ctx)
        return value === null || value === undefined ? null : String(value)
      },
    ),
  )
}
