// VALUES (inline tables): rows of constant expressions, widened to common column types, evaluated to a LocalRelation.
import type * as ast from '../../grammar/index.js'
import { buildProject, buildUnion } from '../analyzer/plan-builder.js'
import { AnalysisException } from '../common/errors.js'
import { alias } from '../expr/expression.js'
import type { LogicalPlan } from '../logical/plan.js'
import type { BindContext } from './bind-context.js'
import { evaluateToRelation, oneRowRelation } from './constants.js'
import { bindExpr } from './expressions.js'
import { atLoc, resolveAt } from './source-locations.js'

/** `VALUES (1, 'a'), (2, 'b')`: columns `col1`, `col2`, … (an alias renames them), as Spark names them. */
export function bindValues(node: ast.Values, ctx: BindContext): LogicalPlan {
  const width = node.rows[0]?.length ?? 0
  const one = oneRowRelation()
  const rows = node.rows.map((row, index) => {
    if (row.length !== width) {
      throw new AnalysisException(
        `Invalid inline table. Inline table expected ${width} columns but found ${row.length} columns in row ${index}.`,
        { errorClass: 'INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH' },
      ).at(row[0]?.loc ?? node.loc)
    }
    const exprs = row.map((e, i) => alias(resolveAt(bindExpr(e, ctx), one.output, ctx.locs), `col${i + 1}`))
    return atLoc(row[0]?.loc ?? node.loc, () => buildProject(one, exprs))
  })
  const union = rows.slice(1).reduce((all, row) => atLoc(node.loc, () => buildUnion(all, row, false)), rows[0]!)
  return evaluateToRelation(union, ctx)
}
