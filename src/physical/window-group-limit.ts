// Spark's InsertWindowGroupLimit, applied when a Filter is planned over a Window: when the filter keeps a rank-like
// window function (row_number, rank, dense_rank over the default ROWS UNBOUNDED PRECEDING..CURRENT ROW frame) at
// most k per partition (`rn <= k`, `rn < k`, `rn = k`, or the same written the other way round), a WindowGroupLimit
// of k goes below the Window, which then sorts and gathers only the rows that can pass. The Filter stays; a
// projection between it and the Window is looked through.
import type { Expr, WindowExpr } from '../expr/expression.js'
import { splitConjuncts } from '../logical/join-conditions.js'
import type { GroupLimit, RankLikeFunction } from '../operators/window-group-limit-exec.js'
import type { PhysicalPlan } from './physical-plan.js'
import type { NodeFactory } from './planner.js'

/** Spark's spark.sql.optimizer.windowGroupLimitThreshold default: larger limits are left to the Window. */
const WINDOW_GROUP_LIMIT_THRESHOLD = 1000

const RANK_LIKE = new Set<string>(['row_number', 'rank', 'dense_rank'])

/** Functions that read rows after the current one whatever their frame: size-based ones, and lead/lag. */
const READ_AHEAD = new Set<string>(['ntile', 'percent_rank', 'cume_dist', 'lead', 'lag'])

/**
 * Spark's isExpandingWindow: a window expression over ROWS UNBOUNDED PRECEDING..CURRENT ROW that reads no later row,
 * so its values for the rows a limit keeps do not depend on the rows it drops.
 */
function isExpandingWindow(expr: Expr): boolean {
  if (expr.kind !== 'WindowExpr') return false
  const { function: fn, frame } = expr as WindowExpr
  if (fn.kind === 'Fn' && READ_AHEAD.has(fn.name)) return false
  return (
    frame === undefined ||
    (frame.type === 'rows' && frame.lower.kind === 'UnboundedPreceding' && frame.upper.kind === 'CurrentRow')
  )
}

/** The rank-like function a window expression computes over the default running frame, if any. */
function rankLikeOf(expr: Expr): RankLikeFunction | undefined {
  if (!isExpandingWindow(expr)) return undefined
  const fn = (expr as WindowExpr).function
  return fn.kind === 'Fn' && RANK_LIKE.has(fn.name) ? (fn.name as RankLikeFunction) : undefined
}

/** The integer a literal holds, if it is an INT literal. */
function intLiteral(e: Expr): number | undefined {
  return e.kind === 'Literal' && e.dataType.kind === 'integer' && typeof e.value === 'number' ? e.value : undefined
}

/** Spark's extractLimits: the smallest limit the conjuncts of `condition` put on the attribute `id`. */
export function extractLimit(condition: Expr, id: number): number | undefined {
  const limits: number[] = []
  const isAttr = (e: Expr) => e.kind === 'Attribute' && e.id === id
  for (const c of splitConjuncts(condition)) {
    if (c.kind !== 'Fn' || c.args.length !== 2) continue
    const [a, b] = c.args as [Expr, Expr]
    const left = isAttr(a) ? intLiteral(b) : undefined
    const right = isAttr(b) ? intLiteral(a) : undefined
    if (c.name === 'equal_to' && (left ?? right) !== undefined) limits.push((left ?? right)!)
    else if (c.name === 'less_than' && left !== undefined) limits.push(left - 1)
    else if (c.name === 'greater_than' && right !== undefined) limits.push(right - 1)
    else if (c.name === 'less_than_or_equal' && left !== undefined) limits.push(left)
    else if (c.name === 'greater_than_or_equal' && right !== undefined) limits.push(right)
  }
  return limits.length > 0 ? Math.min(...limits) : undefined
}

/** `child` with a WindowGroupLimit inserted below it when `condition` (a Filter over it) allows one. */
export function withWindowGroupLimit(condition: Expr, child: PhysicalPlan, factory: NodeFactory): PhysicalPlan {
  if (child.kind === 'Project' && child.child.kind === 'Window') {
    // Column pruning may leave a projection between the filter and the window; the window's outputs keep their ids.
    const window = withWindowGroupLimit(condition, child.child, factory)
    return window === child.child ? child : Object.freeze({ ...child, child: window })
  }
  if (child.kind !== 'Window' || child.orderSpec.length === 0) return child
  // Every expression of the Window must be expanding (Spark's condition): a lead(), a whole-partition sum or a
  // default RANGE frame over ties would read the rows the limit drops.
  if (!child.windowExpressions.every((alias) => isExpandingWindow(alias.child))) return child
  const below = child.child
  if (below.kind === 'Window' || below.kind === 'WindowGroupLimit') return child
  const found = child.windowExpressions.flatMap((alias) => {
    const rankLike = rankLikeOf(alias.child)
    const limit = rankLike && extractLimit(condition, alias.id)
    return rankLike && limit !== undefined ? [{ rankLike, limit }] : []
  })
  // Limits on different rank-like functions: Spark leaves the plan as it is.
  if (found.length === 0 || new Set(found.map((f) => f.rankLike)).size > 1) return child
  const limit = Math.min(...found.map((f) => f.limit))
  if (limit <= 0 || limit > WINDOW_GROUP_LIMIT_THRESHOLD) return child
  const { partitionSpec, orderSpec } = child
  const kept = { partitionSpec, orderSpec, rankLike: found[0]!.rankLike, limit }
  const limitedBelow = limitedJoin(below, kept)
  const groupLimit = factory.node({
    kind: 'WindowGroupLimit',
    ...kept,
    limitedBelow: limitedBelow !== below,
    child: limitedBelow,
    output: below.output,
  })
  return Object.freeze({ ...child, child: groupLimit })
}

/**
 * An inner batch join right below the limit (or below a projection that only selects columns) is told of it, so that
 * it gathers its output columns for the pairs the limit keeps alone (BatchJoinGroupLimitExec); the join prints as
 * before, and the limit above it hands on what it gets.
 */
function limitedJoin(below: PhysicalPlan, limit: GroupLimit): PhysicalPlan {
  if (below.kind === 'Project' && below.projectList.every((e) => e.kind === 'Attribute')) {
    const join = limitedJoin(below.child, limit)
    return join === below.child ? below : Object.freeze({ ...below, child: join })
  }
  if (below.kind !== 'BatchJoin') return below
  const { joinType } = below.spec
  if (joinType !== 'Inner' && joinType !== 'Cross') return below
  return Object.freeze({ ...below, spec: { ...below.spec, groupLimit: limit } })
}
