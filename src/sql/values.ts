// VALUES (inline tables): rows of constant expressions, widened to common column types, evaluated to a LocalRelation.
import type * as ast from '../../grammar/index.js'
import { buildProject, buildUnion } from '../analyzer/plan-builder.js'
import { AnalysisException } from '../common/errors.js'
import { alias, dataTypeOf, type Expr, exists } from '../expr/expression.js'
import { castTo, widerType } from '../expr/functions/coercion.js'
import { sqlText } from '../expr/sql-text.js'
import type { LogicalPlan } from '../logical/plan.js'
import type { DataType } from '../types/data-types.js'
import type { BindContext } from './bind-context.js'
import { evaluateToRelation, oneRowRelation } from './constants.js'
import { bindExpr } from './expressions.js'
import { atLoc, resolveAt } from './source-locations.js'

/** The type every row's value of a column is cast to (Spark's wider type), or Spark's error when there is none. */
function columnType(rows: readonly (readonly Expr[])[], column: number): DataType {
  return rows
    .map((row) => dataTypeOf(row[column]!))
    .reduce((wider, type) => {
      const common = widerType(wider, type)
      if (!common) {
        throw new AnalysisException(
          `Invalid inline table. Found incompatible types in the column \`col${column + 1}\` for inline table.`,
          { errorClass: 'INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE' },
        )
      }
      return common
    })
}

/** Spark's Nondeterministic expressions among the built-ins: their value depends on the row's position or the run. */
const NONDETERMINISTIC = new Set(['rand', 'random', 'randn', 'uuid', 'shuffle', 'monotonically_increasing_id'])

/** What ResolveInlineTables rejects: aggregates, window functions and nondeterministic calls. */
const cannotEvaluate = (e: Expr): boolean =>
  e.kind === 'Agg' || e.kind === 'WindowExpr' || (e.kind === 'Fn' && NONDETERMINISTIC.has(e.name))

/**
 * `VALUES (1, 'a'), (2, 'b')`: columns `col1`, `col2`, … (an alias renames them), as Spark names them. Each row is
 * a projection of the one-row relation with its values cast to the column types; the union is computed now.
 */
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
    return row.map((e) => {
      const resolved = resolveAt(bindExpr(e, ctx), one.output, ctx.locs)
      if (exists(resolved, cannotEvaluate)) {
        throw new AnalysisException(
          `Invalid inline table. Cannot evaluate the expression "${sqlText(resolved)}" in inline table definition.`,
          { errorClass: 'INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE' },
        ).at(e.loc)
      }
      return resolved
    })
  })
  const types = Array.from({ length: width }, (_, i) => atLoc(node.loc, () => columnType(rows, i)))
  const projections = rows.map((row, index) =>
    atLoc(node.rows[index]![0]?.loc ?? node.loc, () =>
      buildProject(
        one,
        row.map((e, i) => alias(castTo(e, types[i]!), `col${i + 1}`)),
      ),
    ),
  )
  const union = projections.slice(1).reduce((all, row) => buildUnion(all, row, false), projections[0]!)
  return evaluateToRelation(union, ctx)
}
