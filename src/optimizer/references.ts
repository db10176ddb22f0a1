// Attribute references of expressions, and substituting aliases into expressions (shared by optimizer rules).
import {
  type Attribute,
  collect,
  type Expr,
  type ExprTable,
  exists,
  handlerFor,
  type NamedExpr,
  transformDown,
} from '../expr/expression.js'
import { lookupFunction } from '../expr/functions/registry.js'

/** Ids of the attributes an expression reads. */
export function referencedIds(exprs: readonly Expr[]): Set<number> {
  const ids = new Set<number>()
  for (const e of exprs) for (const a of collect(e, (n): n is Attribute => n.kind === 'Attribute')) ids.add(a.id)
  return ids
}

/** Replaces references to a projection's outputs with the expressions that compute them. */
export function substituteAliases(e: Expr, projectList: readonly NamedExpr[]): Expr {
  const byId = new Map<number, Expr>()
  for (const item of projectList) byId.set(item.id, item.kind === 'Alias' ? item.child : item)
  return transformDown(e, (n) => (n.kind === 'Attribute' ? byId.get(n.id) : undefined))
}

const rowWise = () => true
const notRowWise = () => false

/** Whether a node itself computes one value per row, deterministically and cheaply enough to compute twice. */
const movableNodes: ExprTable<boolean> = {
  // Aggregates and window assignment need the rows of a group or a window, not one row.
  Agg: notRowWise,
  WindowExpr: notRowWise,
  TimeWindow: notRowWise,
  SessionWindow: notRowWise,
  // A generator makes several rows from one.
  Fn: (e) => lookupFunction(e.name)?.kind !== 'generator',
  ColumnRef: rowWise,
  Star: rowWise,
  Call: rowWise,
  Attribute: rowWise,
  Literal: rowWise,
  Alias: rowWise,
  Cast: rowWise,
  CaseWhen: rowWise,
  InSet: rowWise,
  SortOrder: rowWise,
}

/** Whether evaluating an expression twice, or on fewer rows, could change results or cost a lot (generators, aggregates). */
export function isMovable(e: Expr): boolean {
  return !exists(e, (n) => !handlerFor(movableNodes, n)(n))
}
