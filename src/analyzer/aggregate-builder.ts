// Builds analyzed plans for the stateful operations: aggregation (with event-time windows), sorting, watermarks
// and deduplication — shared by the DataFrame API and SQL.

import { AnalysisException, IllegalArgumentException } from '../common/errors.js'
import { intervalDelayMs, parseInterval } from '../common/interval.js'
import { canonicalKey } from '../expr/canonical.js'
import {
  type Attribute,
  alias,
  attribute,
  childrenOf,
  collect,
  dataTypeOf,
  type Expr,
  exists,
  fn,
  inheritedMetadata,
  literal,
  type NamedExpr,
  type SortOrder,
  sortOrder,
  type TimeWindow,
  toAttribute,
  transformDown,
} from '../expr/expression.js'
import { isGroupingCall, unsupportedGroupingExpression } from '../expr/functions/grouping.js'
import { sqlText } from '../expr/sql-text.js'
import {
  aggregate,
  deduplicate,
  eventTimeWatermark,
  filter,
  generate,
  type LogicalPlan,
  project,
  sort,
  WATERMARK_DELAY_KEY,
} from '../logical/plan.js'
import { BOOLEAN, LONG, sqlTypeName } from '../types/data-types.js'
import { isWindowType, WINDOW_TYPE } from '../types/window-type.js'
import { aggregateWithWindows, hasWindow } from './extract-windows.js'
import { exposeReferenced, resolutionInput, withOutputOf } from './hidden-columns.js'
import { toNamedExpr } from './naming.js'
import { resolveColumnName, resolveExpr } from './resolve-expr.js'

const isAggregate = (e: Expr) => e.kind === 'Agg'

/** An expression without its alias, if it has one. */
export const unwrap = (e: Expr): Expr => (e.kind === 'Alias' ? e.child : e)

/**
 * Plans `window(ts, size, slide, start)`: a tumbling window is one struct per row, computed by a projection
 * (rows without a time are filtered out first); a sliding window becomes a Generate adding one row per window a
 * row falls in. Either way the `window` column keeps the time column's watermark, so state can be evicted by
 * `window.end`.
 */
export function planTimeWindow(child: LogicalPlan, window: TimeWindow): { plan: LogicalPlan; column: Attribute } {
  const time = window.timeColumn
  if (window.windowMicros === window.slideMicros) {
    const column = alias(window, 'window')
    const withTime = filter(child, fn('is_not_null', [time], BOOLEAN, false))
    return { plan: project(withTime, [...child.output, column]), column: toAttribute(column) }
  }
  const delay = inheritedMetadata(time)[WATERMARK_DELAY_KEY]
  const metadata = delay === undefined ? {} : { [WATERMARK_DELAY_KEY]: delay }
  const column = attribute('window', WINDOW_TYPE, false, metadata)
  const expand = fn(
    'window_expand',
    [time, literal(window.windowMicros, LONG), literal(window.slideMicros, LONG), literal(window.startMicros, LONG)],
    WINDOW_TYPE,
    false,
  )
  return { plan: generate(child, expand, [column]), column }
}

/** The SQL TVF form: `child` plus a `window` column from `window(timeColumn, size, slide)`. */
export function buildWindowAssign(
  child: LogicalPlan,
  timeColumn: Expr,
  windowDuration: Expr,
  slideDuration?: Expr,
): LogicalPlan {
  const call: Expr = {
    kind: 'Call',
    name: 'window',
    args: [timeColumn, windowDuration, ...(slideDuration ? [slideDuration] : [])],
    distinct: false,
  }
  const resolved = resolveExpr(call, child.output)
  if (resolved.kind !== 'TimeWindow')
    throw new AnalysisException('A window table function needs a time column and interval durations.')
  return planTimeWindow(child, resolved).plan
}

/** Spark's GROUP_BY_AGGREGATE check: no grouping expression may contain an aggregate function. */
export function refuseAggregateKeys(grouping: readonly Expr[]): void {
  const found = grouping.find((g) => exists(g, isAggregate))
  if (found === undefined) return
  throw new AnalysisException(`Aggregate functions are not allowed in GROUP BY, but found ${sqlText(found)}.`, {
    errorClass: 'GROUP_BY_AGGREGATE',
  })
}

function missingAggregation(e: Expr): AnalysisException {
  return new AnalysisException(
    `The non-aggregating expression "${sqlText(e)}" is based on columns which are not participating in the GROUP BY clause. Add the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value(${sqlText(e)})" if you do not care which of the values within a group is returned.`,
    { errorClass: 'MISSING_AGGREGATION' },
  )
}

/** Checks that outside aggregate calls, an aggregate output refers only to grouping expressions. */
function checkGrouped(e: Expr, groupingKeys: ReadonlySet<string>): void {
  if (groupingKeys.has(canonicalKey(e)) || e.kind === 'Agg' || e.kind === 'Literal') return
  if (e.kind === 'Attribute') throw missingAggregation(e)
  for (const child of childrenOf(e)) checkGrouped(child, groupingKeys)
}

/** grouping()/grouping_id() left after grouping analytics rewrote its own: used without GROUPING SETS/CUBE/ROLLUP. */

function checkAggregateArguments(e: Expr): void {
  if (exists(e, isGroupingCall)) throw unsupportedGroupingExpression()
  for (const agg of collect(e, (n): n is Extract<Expr, { kind: 'Agg' }> => n.kind === 'Agg')) {
    if (agg.args.some((a) => exists(a, isAggregate))) {
      throw new AnalysisException(
        'It is not allowed to use an aggregate function in the argument of another aggregate function. Please use the inner aggregate function in a sub-query.',
        { errorClass: 'NESTED_AGGREGATE_FUNCTION' },
      )
    }
  }
}

/**
 * GROUP BY `groupingExprs` computing `aggregateExprs` (the output list: grouping columns and aggregate calls, in
 * any expression), optionally filtered by `having`. A window(...) grouping becomes a window-assignment Generate
 * under the Aggregate; SELECT items equal to a grouping expression are matched to it.
 */
export function buildAggregate(
  child: LogicalPlan,
  groupingExprs: readonly Expr[],
  aggregateExprs: readonly Expr[],
  having?: Expr,
): LogicalPlan {
  if (aggregateExprs.some(hasWindow))
    return aggregateWithWindows(child, groupingExprs, aggregateExprs, having, buildAggregate)
  let input = child
  let grouping = groupingExprs.map((e) => resolveExpr(e, child.output))
  const windows = grouping.filter((g) => unwrap(g).kind === 'TimeWindow' || unwrap(g).kind === 'SessionWindow')
  if (windows.length > 1) {
    throw new AnalysisException(
      'Multiple time/session window expressions would result in a cartesian product of rows, therefore they are currently not supported.',
    )
  }
  const replacements = new Map<string, Expr>()
  for (const g of windows) {
    const inner = unwrap(g)
    if (inner.kind !== 'TimeWindow') continue
    const planned = planTimeWindow(input, inner)
    input = planned.plan
    replacements.set(canonicalKey(inner), planned.column)
    grouping = grouping.map((x) => (x === g ? planned.column : x))
  }
  refuseAggregateKeys(grouping)
  // Aliases are kept (their canonical key is their child's): `window(...) AS w` stays named w.
  const substitute = (e: Expr) =>
    transformDown(e, (n) => (n.kind === 'Alias' ? undefined : replacements.get(canonicalKey(n))))
  const resolveOutput = (e: Expr) => substitute(resolveExpr(e, input.output))
  // An alias naming a window column by its own name adds nothing (`window(...) AS window` is the window column).
  const dropNoopAlias = (e: Expr) =>
    e.kind === 'Alias' && e.child.kind === 'Attribute' && e.child.name === e.name ? e.child : e
  const outputs = aggregateExprs.map((e) => toNamedExpr(dropNoopAlias(resolveOutput(e))))
  const groupingKeys = new Set(grouping.map((g) => canonicalKey(unwrap(g))))
  for (const e of outputs) {
    checkAggregateArguments(e)
    checkGrouped(unwrap(e), groupingKeys)
  }
  const groupingForPlan = grouping.map(unwrap)
  if (having === undefined) return aggregate(input, groupingForPlan, outputs)

  // HAVING: aggregates it uses but the output lacks are computed as hidden columns, then projected away.
  const condition = resolveOutput(having)
  if (exists(condition, isGroupingCall)) throw unsupportedGroupingExpression()
  checkGrouped(condition, groupingKeys)
  const hidden: NamedExpr[] = []
  const byKey = new Map(outputs.map((o) => [canonicalKey(unwrap(o)), toAttribute(o)] as const))
  const rewritten = transformDown(condition, (n) => {
    if (n.kind !== 'Agg' && !groupingKeys.has(canonicalKey(n))) return undefined
    const key = canonicalKey(n)
    const existing = byKey.get(key)
    if (existing) return existing
    const extra = alias(n, sqlText(n))
    hidden.push(extra)
    const attr = toAttribute(extra)
    byKey.set(key, attr)
    return attr
  })
  if (dataTypeOf(rewritten).kind !== 'boolean') {
    throw new AnalysisException(
      `Cannot resolve "${sqlText(condition)}" due to data type mismatch: Filter expression "${sqlText(condition)}" of type "${sqlTypeName(dataTypeOf(condition))}" is not a boolean.`,
      { errorClass: 'DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN' },
    )
  }
  const full = aggregate(input, groupingForPlan, [...outputs, ...hidden])
  const filtered = filter(full, rewritten)
  return hidden.length === 0 ? filtered : project(filtered, outputs.map(toAttribute))
}

/**
 * ORDER BY: sort orders (or plain expressions, ascending). A column dropped by the projection right below can
 * still be sorted on: it is carried through the projection and removed above the sort, as Spark does.
 */
export function buildSort(child: LogicalPlan, orders: readonly Expr[]): LogicalPlan {
  const asOrder = (e: Expr): SortOrder => (e.kind === 'SortOrder' ? e : sortOrder(e, true, true))
  try {
    const resolved = orders.map((o) => resolveExpr(asOrder(o), resolutionInput(child)) as SortOrder)
    // A hidden USING key (`nt2.k`) is exposed below the sort, then projected away again.
    return withOutputOf(child, sort(exposeReferenced(child, resolved), resolved))
  } catch (error) {
    if (child.kind !== 'Project') throw error
    const below = child.child.output
    const resolved = orders.map((o) => resolveExpr(asOrder(o), [...child.output, ...below]) as SortOrder)
    const needed = new Map<number, Attribute>()
    for (const order of resolved) {
      for (const a of collect(order, (n): n is Attribute => n.kind === 'Attribute')) {
        if (!child.output.some((o) => o.id === a.id)) needed.set(a.id, a)
      }
    }
    const widened = project(child.child, [...child.projectList, ...needed.values()])
    return project(sort(widened, resolved), child.output)
  }
}

/** withWatermark(eventTime, delay): marks a timestamp (or window) column as event time with a lateness bound. */
export function buildWatermark(child: LogicalPlan, eventTime: string, delayThreshold: string): LogicalPlan {
  const column = resolveColumnName(eventTime, child.output)
  const type = dataTypeOf(column)
  if (
    column.kind !== 'Attribute' ||
    !(type.kind === 'timestamp' || type.kind === 'timestamp_ntz' || isWindowType(type))
  ) {
    throw new AnalysisException(
      `The event time \`${eventTime}\` has the invalid type "${sqlTypeName(type)}", but expected "TIMESTAMP".`,
      {
        errorClass: 'EVENT_TIME_IS_NOT_ON_TIMESTAMP_TYPE',
      },
    )
  }
  const interval = parseInterval(delayThreshold)
  if (!interval)
    throw new IllegalArgumentException(
      `The provided interval (${delayThreshold}) did not correspond to a valid interval string.`,
    )
  const delayMs = intervalDelayMs(interval)
  if (delayMs < 0)
    throw new IllegalArgumentException(
      `requirement failed: delay threshold (${delayThreshold}) should not be negative.`,
    )
  if (!child.isStreaming) return child
  return eventTimeWatermark(child, column, delayMs)
}

/** dropDuplicates(cols?) / dropDuplicatesWithinWatermark(cols?): first row per key; all columns when none given. */
export function buildDeduplicate(
  child: LogicalPlan,
  columnNames: readonly string[] | undefined,
  withinWatermark: boolean,
): LogicalPlan {
  if (withinWatermark && !child.isStreaming) {
    throw new AnalysisException('dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets')
  }
  const keys =
    columnNames === undefined || columnNames.length === 0
      ? child.output
      : columnNames.map((name) => {
          const matches = child.output.filter((a) => a.name.toLowerCase() === name.toLowerCase())
          if (matches.length === 0) {
            throw new AnalysisException(
              `Cannot resolve column name "${name}" among (${child.output.map((a) => a.name).join(', ')})`,
              {
                errorClass: 'UNRESOLVED_COLUMN_AMONG_FIELD_NAMES',
              },
            )
          }
          return matches[0]!
        })
  return deduplicate(child, keys, withinWatermark)
}
