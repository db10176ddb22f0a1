// PIVOT (Spark's ResolvePivot): one aggregate column per pivot value and aggregate, each aggregating only the rows
// whose pivot column equals the value, grouped by the given columns (SQL: every column the pivot does not use).
import { AnalysisException } from '../common/errors.js'
import {
  type Agg,
  type Attribute,
  agg,
  alias,
  cast,
  childrenOf,
  collect,
  dataTypeOf,
  type Expr,
  literal,
  withChildren,
} from '../expr/expression.js'
import { canCast } from '../expr/functions/cast.js'
import { sqlText } from '../expr/sql-text.js'
import type { LogicalPlan } from '../logical/plan.js'
import { BOOLEAN, type DataType, STRING, sqlTypeName } from '../types/data-types.js'
import { buildAggregate } from './aggregate-builder.js'
import { quoteNameParts } from './identifiers.js'
import { toNamedExpr } from './naming.js'
import { resolveCall, resolveExpr } from './resolve-expr.js'

/** A pivot value, `2012` or `2012 AS first` (an alias names its columns). */
export interface PivotValue {
  readonly value: Expr
  readonly alias?: string
}

export interface PivotSpec {
  /** `groupBy(...).pivot(...)`'s columns; undefined for SQL's PIVOT, which groups by every column it does not use. */
  readonly groupBy?: readonly Expr[]
  readonly pivotColumn: Expr
  readonly values: readonly PivotValue[]
  readonly aggregates: readonly Expr[]
}

/** Evaluates a constant expression (a pivot value cast to STRING) to its text, or null. */
export type ConstantText = (e: Expr) => string | null

const hasMap = (t: DataType): boolean =>
  t.kind === 'map' ||
  (t.kind === 'array' && hasMap(t.elementType)) ||
  (t.kind === 'struct' && t.fields.some((f) => hasMap(f.dataType)))

/** Spark's checkValidAggregateExpression: a column outside every aggregate function is not an aggregation. */
function checkAggregation(e: Expr): void {
  if (e.kind === 'Agg') return
  if (e.kind === 'Attribute') {
    throw new AnalysisException(
      `Aggregate expression required for pivot, but '${sqlText(e)}' did not appear in any aggregate function.`,
    )
  }
  for (const child of childrenOf(e)) checkAggregation(child)
}

/** `f(x, ...)` over only the rows whose pivot column is `value`: each argument null elsewhere (aggregates skip nulls;
 * first/last are made to). Literal arguments after the first (a percentage, an accuracy) stay literal. */
function restricted(e: Expr, matches: Expr): Expr {
  if (e.kind !== 'Agg')
    return withChildren(
      e,
      childrenOf(e).map((c) => restricted(c, matches)),
    )
  const onlyMatching = (arg: Expr) => resolveCall('if', [matches, arg, literal(null, dataTypeOf(arg))], false)
  const args = e.args.map((a, i) => (i > 0 && a.kind === 'Literal' ? a : onlyMatching(a)))
  const edge = e.name === 'first' || e.name === 'last'
  return agg(e.name, edge ? [args[0]!, literal(true, BOOLEAN)] : args, e.distinct, e.dataType, e.nullable)
}

export function buildPivot(child: LogicalPlan, spec: PivotSpec, constantText: ConstantText): LogicalPlan {
  const pivotColumn = resolveExpr(spec.pivotColumn, child.output)
  const pivotType = dataTypeOf(pivotColumn)
  if (hasMap(pivotType)) {
    throw new AnalysisException(
      `Invalid pivot column ${quoteNameParts([sqlText(pivotColumn)])}. Pivot columns must be comparable.`,
      { errorClass: 'INCOMPARABLE_PIVOT_COLUMN' },
    )
  }
  const aggregates = spec.aggregates.map((a) => resolveExpr(a, child.output))
  for (const a of aggregates) checkAggregation(a)
  const values = spec.values.map(({ value, alias: name }) => {
    const resolved = resolveExpr(value, child.output)
    if (collect(resolved, (n): n is Attribute | Agg => n.kind === 'Attribute' || n.kind === 'Agg').length > 0) {
      throw new AnalysisException(`Literal expressions required for pivot values, found "${sqlText(resolved)}".`, {
        errorClass: 'NON_LITERAL_PIVOT_VALUES',
      })
    }
    const valueType = dataTypeOf(resolved)
    if (!canCast(valueType, pivotType)) {
      throw new AnalysisException(
        `Invalid pivot value '${sqlText(resolved)}': value data type ${sqlTypeName(valueType)} does not match pivot column data type ${sqlTypeName(pivotType)}.`,
        { errorClass: 'PIVOT_VALUE_DATA_TYPE_MISMATCH' },
      )
    }
    const typed = cast(resolved, pivotType)
    return { typed, name: name ?? constantText(cast(typed, STRING)) ?? 'null' }
  })
  const used = new Set([pivotColumn, ...aggregates].flatMap((e) => collectIds(e)))
  const groupBy = spec.groupBy ?? child.output.filter((a) => !used.has(a.id))
  const single = aggregates.length === 1
  const pivoted = values.flatMap(({ typed, name }) => {
    const matches = resolveCall('eq_null_safe', [pivotColumn, typed], false)
    return aggregates.map((a) => {
      const suffix = single ? '' : `_${toNamedExpr(a).name}`
      return alias(restricted(a.kind === 'Alias' ? a.child : a, matches), `${name}${suffix}`)
    })
  })
  return buildAggregate(child, groupBy, [...groupBy, ...pivoted])
}

const collectIds = (e: Expr): number[] => collect(e, (n): n is Attribute => n.kind === 'Attribute').map((a) => a.id)
