// GROUPING SETS / ROLLUP / CUBE (Spark's ResolveGroupingAnalytics): an Expand emits each row once per grouping set,
// with the keys the set leaves out set to null and a spark_grouping_id; an Aggregate then groups by the keys and id.
import { AnalysisException } from '../common/errors.js'
import { canonicalKey } from '../expr/canonical.js'
import {
  type Attribute,
  alias,
  attribute,
  cast,
  childrenOf,
  type Expr,
  literal,
  toAttribute,
  withChildren,
} from '../expr/expression.js'
import { isGroupingFunction } from '../expr/functions/grouping.js'
import { sqlText } from '../expr/sql-text.js'
import { expand, type LogicalPlan, project } from '../logical/plan.js'
import { BYTE, INTEGER, LONG } from '../types/data-types.js'
import { buildAggregate, refuseAggregateKeys, unwrap } from './aggregate-builder.js'
import { toNamedExpr } from './naming.js'
import { resolveCall, resolveExpr } from './resolve-expr.js'

/** ROLLUP(e1, ..., en) as grouping sets of positions: every prefix, longest first (Spark's Rollup.selectedGroupByExprs). */
export function rollupSets<T>(groups: readonly (readonly T[])[]): T[][] {
  const sets: T[][] = []
  for (let n = groups.length; n >= 0; n--) sets.push(groups.slice(0, n).flat())
  return sets
}

/** CUBE(e1, ..., en): every subset, in Spark's order (the first group's sets with it, then without it). */
export function cubeSets<T>(groups: readonly (readonly T[])[]): T[][] {
  if (groups.length === 0) return [[]]
  const rest = cubeSets(groups.slice(1))
  return [...rest.map((s) => [...groups[0]!, ...s]), ...rest]
}

/** `GROUP BY a, CUBE(b, c)`: one set per combination of the items' sets, concatenated (a plain item is one set). */
export function crossSets<T>(items: readonly (readonly (readonly T[])[])[]): T[][] {
  return items.reduce<T[][]>((acc, sets) => acc.flatMap((a) => sets.map((s) => [...a, ...s])), [[]])
}

/** Spark's grouping ids are bit masks in a BIGINT; Rivulet holds them in doubles, exact to 2^53. */
const MAX_GROUPING_COLUMNS = 52

/**
 * The aggregation over grouping sets: `groupBy` are the distinct grouping expressions (resolved or not, against
 * `child`), `sets` the grouping sets as lists of expressions among them, `aggregateExprs` the output list, `having` an
 * optional condition. grouping(e) and grouping_id(...) read bits of the grouping id: bit n-1-i is 1 when the set
 * leaves out the i-th grouping expression.
 */
export function buildGroupingSets(
  child: LogicalPlan,
  groupBy: readonly Expr[],
  sets: readonly (readonly Expr[])[],
  aggregateExprs: readonly Expr[],
  having?: Expr,
): LogicalPlan {
  const keys: Expr[] = []
  const positions = new Map<string, number>()
  for (const e of groupBy) {
    const resolved = unwrap(resolveExpr(e, child.output))
    if (resolved.kind === 'TimeWindow' || resolved.kind === 'SessionWindow')
      throw new AnalysisException('Time and session windows in GROUPING SETS, ROLLUP or CUBE are not supported yet.')
    const key = canonicalKey(resolved)
    if (positions.has(key)) continue
    positions.set(key, keys.length)
    keys.push(resolved)
  }
  refuseAggregateKeys(keys)
  if (keys.length > MAX_GROUPING_COLUMNS) {
    throw new AnalysisException(`Grouping sets over more than ${MAX_GROUPING_COLUMNS} columns are not supported.`, {
      errorClass: 'GROUPING_SIZE_LIMIT_EXCEEDED',
    })
  }
  const groupingText = keys.map(sqlText).join(',')
  const positionOf = (e: Expr): number => {
    const resolved = resolveExpr(e, child.output)
    const position = positions.get(canonicalKey(unwrap(resolved)))
    if (position === undefined) {
      throw new AnalysisException(
        `Grouping sets expression ${sqlText(resolved)} is not among the grouping expressions ${groupingText}.`,
      )
    }
    return position
  }
  const setPositions = sets.map((s) => new Set(s.map(positionOf)))

  // Project [child..., key AS name...] → Expand [one projection per set] → Aggregate [keys, gid].
  const aliases = keys.map((k) => alias(k, toNamedExpr(k).name))
  const projected = project(child, [...child.output, ...aliases])
  const keyAttrs = aliases.map(toAttribute)
  const nullableKeys = keyAttrs.map((a) => attribute(a.name, a.dataType, true, a.metadata, a.qualifier, a.id))
  const gid = attribute('spark_grouping_id', LONG, false)
  const signatures = setPositions.map((s) => [...s].sort((a, b) => a - b).join(','))
  const duplicated = new Set(signatures).size !== signatures.length
  const position = duplicated ? [attribute('_gen_grouping_pos', INTEGER, false)] : []
  const n = keys.length
  const projections = setPositions.map((set, index) => {
    let mask = 0
    for (let i = 0; i < n; i++) if (!set.has(i)) mask += 2 ** (n - 1 - i)
    return [
      ...child.output,
      ...keyAttrs.map((a, i) => (set.has(i) ? a : literal(null, a.dataType))),
      literal(mask, LONG),
      ...(duplicated ? [literal(index, INTEGER)] : []),
    ]
  })
  const expanded = expand(projected, projections, [...child.output, ...nullableKeys, gid, ...position])

  const rewrite = (e: Expr): Expr => {
    if (e.kind === 'Agg' || e.kind === 'WindowExpr') return e
    if (e.kind === 'Fn' && isGroupingFunction(e.name)) return groupingBits(e, gid, keys, positions, groupingText)
    if (e.kind !== 'Alias' && e.kind !== 'Literal') {
      const at = positions.get(canonicalKey(e))
      if (at !== undefined) return nullableKeys[at]!
    }
    return withChildren(e, childrenOf(e).map(rewrite))
  }
  const outputs = aggregateExprs.map((e) => rewrite(toNamedExpr(resolveExpr(e, child.output))))
  const condition = having && rewrite(resolveExpr(having, child.output))
  return buildAggregate(expanded, [...nullableKeys, gid, ...position], outputs, condition)
}

/** grouping(e): the bit of `e`'s position, as a TINYINT; grouping_id() or grouping_id(all keys): the id itself. */
function groupingBits(
  call: Extract<Expr, { kind: 'Fn' }>,
  gid: Attribute,
  keys: readonly Expr[],
  positions: ReadonlyMap<string, number>,
  groupingText: string,
): Expr {
  if (call.name === 'grouping_id') {
    const same =
      call.args.length === 0 ||
      (call.args.length === keys.length && call.args.every((a, i) => canonicalKey(a) === canonicalKey(keys[i]!)))
    if (same) return gid
    throw new AnalysisException(
      `Columns of grouping_id (${call.args.map(sqlText).join(',')}) does not match grouping columns (${groupingText}).`,
      { errorClass: 'GROUPING_ID_COLUMN_MISMATCH' },
    )
  }
  const at = positions.get(canonicalKey(call.args[0]!))
  if (at === undefined) {
    throw new AnalysisException(
      `Column of grouping (${sqlText(call.args[0]!)}) can't be found in grouping columns ${groupingText}.`,
      { errorClass: 'GROUPING_COLUMN_MISMATCH' },
    )
  }
  const shifted = resolveCall('shiftright', [gid, literal(keys.length - 1 - at, INTEGER)], false)
  return cast(resolveCall('bitwise_and', [shifted, literal(1, LONG)], false), BYTE)
}
