// Expression trees: frozen, `kind`-tagged nodes. Unresolved nodes (ColumnRef, Star, Call) come from the API and SQL;
// the analyzer replaces them with resolved ones (Attribute, Fn, Agg, TimeWindow) that carry their types.
import { IllegalStateException } from '../common/errors.js'
import { newExprId } from '../common/ids.js'
import { BOOLEAN, type DataType } from '../types/data-types.js'
import type { FieldMetadata } from '../types/struct-type.js'
import type { LiteralSet } from './literal-set.js'

/** A column reference by name, as in `col('a')` or `col('window.start')`; `planId` pins it to a DataFrame. */
export interface ColumnRef {
  readonly kind: 'ColumnRef'
  readonly name: string
  readonly planId?: number
}

/** `*` or `t.*`. */
export interface Star {
  readonly kind: 'Star'
  readonly qualifier?: string
}

/** A function call by name, before the analyzer looks the function up. */
export interface Call {
  readonly kind: 'Call'
  readonly name: string
  readonly args: readonly Expr[]
  readonly distinct: boolean
}

/** A resolved column: unique id, name, type, and metadata (watermark delay travels here). */
export interface Attribute {
  readonly kind: 'Attribute'
  readonly id: number
  readonly name: string
  readonly dataType: DataType
  readonly nullable: boolean
  readonly qualifier: readonly string[]
  readonly metadata: FieldMetadata
}

export interface Literal {
  readonly kind: 'Literal'
  readonly value: unknown
  readonly dataType: DataType
  /** How it prints in names when it stands for something computed: an uncorrelated subquery's `scalarsubquery()`. */
  readonly text?: string
}

export interface Alias {
  readonly kind: 'Alias'
  readonly child: Expr
  readonly name: string
  readonly id: number
  /** Written by the user inside an expression (`struct(a AS x)`): prints as `a AS x` in the enclosing call's name. */
  readonly shown?: boolean
}

export interface Cast {
  readonly kind: 'Cast'
  readonly child: Expr
  readonly to: DataType
  /** Set by `Column.cast` on a column: the result keeps the column's name (Spark's USER_SPECIFIED_CAST). */
  readonly keepName: boolean
}

export interface CaseWhen {
  readonly kind: 'CaseWhen'
  readonly branches: readonly (readonly [Expr, Expr])[]
  readonly otherwise?: Expr
  /** An aggregate argument under `FILTER (WHERE c)` (bound as CASE WHEN c THEN x END): prints as `agg(x) FILTER …`. */
  readonly filter?: boolean
}

/** `child IN (v1, v2, …)` over a long list of literals held as one set (Spark's InSet), not a node per value. */
export interface InSet {
  readonly kind: 'InSet'
  readonly child: Expr
  readonly set: LiteralSet
}

/** A resolved scalar function (or generator) call. */
export interface Fn {
  readonly kind: 'Fn'
  readonly name: string
  readonly args: readonly Expr[]
  readonly dataType: DataType
  readonly nullable: boolean
}

/** A resolved aggregate function call. */
export interface Agg {
  readonly kind: 'Agg'
  readonly name: string
  readonly args: readonly Expr[]
  readonly distinct: boolean
  readonly dataType: DataType
  readonly nullable: boolean
}

/** `window(ts, w, s, start)` resolved: a struct<start, end> per row, sizes in microseconds. */
export interface TimeWindow {
  readonly kind: 'TimeWindow'
  readonly timeColumn: Expr
  readonly windowMicros: number
  readonly slideMicros: number
  readonly startMicros: number
  readonly dataType: DataType
}

/** `session_window(ts, gap)` resolved; `gap` is a literal interval or a per-row expression. */
export interface SessionWindow {
  readonly kind: 'SessionWindow'
  readonly timeColumn: Expr
  readonly gap: Expr
  readonly dataType: DataType
}

/** An ordering, from `col.asc()` / `desc()` or ORDER BY. */
export interface SortOrder {
  readonly kind: 'SortOrder'
  readonly child: Expr
  readonly ascending: boolean
  readonly nullsFirst: boolean
}

/** A window frame boundary; an offset is a literal number of rows (ROWS) or of the order key's unit (RANGE). */
export type FrameBound =
  | { readonly kind: 'UnboundedPreceding' }
  | { readonly kind: 'UnboundedFollowing' }
  | { readonly kind: 'CurrentRow' }
  /** `value PRECEDING` (`preceding`, the signed offset is -value) or `value FOLLOWING` (signed offset value). */
  | { readonly kind: 'Offset'; readonly value: Literal; readonly preceding: boolean }

/** `ROWS|RANGE BETWEEN lower AND upper`. */
export interface WindowFrame {
  readonly type: 'rows' | 'range'
  readonly lower: FrameBound
  readonly upper: FrameBound
}

/**
 * `fn OVER (PARTITION BY … ORDER BY … frame)`. `fn` is an aggregate or a window function (`row_number()`,
 * `lag(x, 1, NULL)`, … resolved as an `Fn` of that name); the analyzer fills in Spark's default frame.
 */
export interface WindowExpr {
  readonly kind: 'WindowExpr'
  readonly function: Expr
  readonly partitionBy: readonly Expr[]
  readonly orderBy: readonly SortOrder[]
  readonly frame?: WindowFrame
  /** `IGNORE NULLS` (lag, lead, nth_value, first_value, last_value). */
  readonly ignoreNulls: boolean
}

export type Expr =
  | ColumnRef
  | Star
  | Call
  | Attribute
  | Literal
  | Alias
  | Cast
  | CaseWhen
  | InSet
  | Fn
  | Agg
  | TimeWindow
  | SessionWindow
  | SortOrder
  | WindowExpr

export type ExprKind = Expr['kind']

/** Expressions that name their output column. */
export type NamedExpr = Attribute | Alias

const freeze = <T>(node: T): T => Object.freeze(node)

export const columnRef = (name: string, planId?: number): ColumnRef =>
  freeze(planId === undefined ? { kind: 'ColumnRef', name } : { kind: 'ColumnRef', name, planId })

export const star = (qualifier?: string): Star =>
  freeze(qualifier === undefined ? { kind: 'Star' } : { kind: 'Star', qualifier })

export const call = (name: string, args: readonly Expr[], distinct = false): Call =>
  freeze({ kind: 'Call', name, args: freeze([...args]), distinct })

export const literal = (value: unknown, dataType: DataType): Literal => freeze({ kind: 'Literal', value, dataType })

export function attribute(
  name: string,
  dataType: DataType,
  nullable = true,
  metadata: FieldMetadata = {},
  qualifier: readonly string[] = [],
  id = newExprId(),
): Attribute {
  return freeze({ kind: 'Attribute', id, name, dataType, nullable, qualifier, metadata })
}

export const alias = (child: Expr, name: string, id = newExprId()): Alias => freeze({ kind: 'Alias', child, name, id })

/** An alias the user wrote inside an expression, which Spark prints (`struct(a AS x)`). */
export const shownAlias = (child: Expr, name: string, id = newExprId()): Alias =>
  freeze({ kind: 'Alias', child, name, id, shown: true })

export const cast = (child: Expr, to: DataType, keepName = false): Cast => freeze({ kind: 'Cast', child, to, keepName })

export const caseWhen = (branches: readonly (readonly [Expr, Expr])[], otherwise?: Expr): CaseWhen =>
  freeze(otherwise === undefined ? { kind: 'CaseWhen', branches } : { kind: 'CaseWhen', branches, otherwise })

/** `x` under an aggregate's `FILTER (WHERE condition)`: NULL where the condition does not hold. */
export const filteredArgument = (condition: Expr, x: Expr): CaseWhen =>
  freeze({ kind: 'CaseWhen', branches: [[condition, x]], filter: true })

export const inSet = (child: Expr, set: LiteralSet): InSet => freeze({ kind: 'InSet', child, set })

export const fn = (name: string, args: readonly Expr[], dataType: DataType, nullable: boolean): Fn =>
  freeze({ kind: 'Fn', name, args: freeze([...args]), dataType, nullable })

export const agg = (
  name: string,
  args: readonly Expr[],
  distinct: boolean,
  dataType: DataType,
  nullable: boolean,
): Agg => freeze({ kind: 'Agg', name, args: freeze([...args]), distinct, dataType, nullable })

export const sortOrder = (child: Expr, ascending: boolean, nullsFirst = ascending): SortOrder =>
  freeze({ kind: 'SortOrder', child, ascending, nullsFirst })

export function windowExpr(
  fn: Expr,
  partitionBy: readonly Expr[],
  orderBy: readonly SortOrder[],
  frame: WindowFrame | undefined,
  ignoreNulls = false,
): WindowExpr {
  const base = {
    kind: 'WindowExpr' as const,
    function: fn,
    partitionBy: freeze([...partitionBy]),
    orderBy: freeze([...orderBy]),
    ignoreNulls,
  }
  return freeze(frame === undefined ? base : { ...base, frame })
}

/** The node type of an expression kind. */
export type ExprOf<K extends ExprKind> = Extract<Expr, { kind: K }>

/**
 * A pass over expressions as a table with one handler per kind, so adding a kind to `Expr` fails to compile until
 * every pass says what it does with it (instead of falling silently into a `default`).
 */
export type ExprTable<R, A extends readonly unknown[] = []> = {
  readonly [K in ExprKind]: (e: ExprOf<K>, ...args: A) => R
}

/** The handler for `e`'s kind (a property read: no allocation, nothing per row). */
export const handlerFor = <R, A extends readonly unknown[]>(table: ExprTable<R, A>, e: Expr) =>
  table[e.kind] as (e: Expr, ...args: A) => R

/** How a kind holds its sub-expressions: every generic traversal goes through this, never through a kind's fields. */
interface ChildrenSpec<K extends ExprKind> {
  children(e: ExprOf<K>): readonly Expr[]
  /** The node over new children, in the order `children` lists them. */
  withChildren(e: ExprOf<K>, children: readonly Expr[]): Expr
}

const noChildren: readonly Expr[] = freeze([])
const leaf = { children: () => noChildren, withChildren: <E extends Expr>(e: E) => e }

const childrenSpecs: { readonly [K in ExprKind]: ChildrenSpec<K> } = {
  ColumnRef: leaf,
  Star: leaf,
  Attribute: leaf,
  Literal: leaf,
  Call: { children: (e) => e.args, withChildren: (e, args) => call(e.name, args, e.distinct) },
  Fn: { children: (e) => e.args, withChildren: (e, args) => fn(e.name, args, e.dataType, e.nullable) },
  Agg: {
    children: (e) => e.args,
    withChildren: (e, args) => agg(e.name, args, e.distinct, e.dataType, e.nullable),
  },
  Alias: {
    children: (e) => [e.child],
    withChildren: (e, [child]) => (e.shown ? shownAlias : alias)(child!, e.name, e.id),
  },
  Cast: { children: (e) => [e.child], withChildren: (e, [child]) => cast(child!, e.to, e.keepName) },
  InSet: { children: (e) => [e.child], withChildren: (e, [child]) => inSet(child!, e.set) },
  SortOrder: {
    children: (e) => [e.child],
    withChildren: (e, [child]) => sortOrder(child!, e.ascending, e.nullsFirst),
  },
  // Conditions and values interleaved (c0, v0, c1, v1, ...), then the ELSE value when there is one.
  CaseWhen: {
    children: (e) => [...e.branches.flat(), ...(e.otherwise ? [e.otherwise] : [])],
    withChildren: (e, children) => {
      const branches: [Expr, Expr][] = []
      for (let i = 0; i < e.branches.length; i++) branches.push([children[2 * i]!, children[2 * i + 1]!])
      if (e.filter) return filteredArgument(branches[0]![0], branches[0]![1])
      return caseWhen(branches, e.otherwise ? children[children.length - 1] : undefined)
    },
  },
  // The function, then the partition keys, then the orderings.
  WindowExpr: {
    children: (e) => [e.function, ...e.partitionBy, ...e.orderBy],
    withChildren: (e, children) => {
      const keys = e.partitionBy.length
      const orderBy = children.slice(1 + keys) as SortOrder[]
      return windowExpr(children[0]!, children.slice(1, 1 + keys), orderBy, e.frame, e.ignoreNulls)
    },
  },
  TimeWindow: {
    children: (e) => [e.timeColumn],
    withChildren: (e, [timeColumn]) => freeze({ ...e, timeColumn: timeColumn! }),
  },
  SessionWindow: {
    children: (e) => [e.timeColumn, e.gap],
    withChildren: (e, [timeColumn, gap]) => freeze({ ...e, timeColumn: timeColumn!, gap: gap! }),
  },
}

const specFor = (e: Expr) => childrenSpecs[e.kind] as ChildrenSpec<ExprKind>

/** The direct children of an expression. */
export function childrenOf(e: Expr): readonly Expr[] {
  return specFor(e).children(e as never)
}

/** The expression with its children replaced (same order as `childrenOf`); identity when nothing changed. */
export function withChildren(e: Expr, children: readonly Expr[]): Expr {
  const current = childrenOf(e)
  if (current.length === children.length && current.every((c, i) => c === children[i])) return e
  return specFor(e).withChildren(e as never, children)
}

/** Bottom-up rewrite: `rule` sees each node after its children were rewritten. */
export function transformUp(e: Expr, rule: (node: Expr) => Expr): Expr {
  return rule(
    withChildren(
      e,
      childrenOf(e).map((c) => transformUp(c, rule)),
    ),
  )
}

/** Top-down rewrite: when `rule` returns a different node, its subtree is not visited further. */
export function transformDown(e: Expr, rule: (node: Expr) => Expr | undefined): Expr {
  const replaced = rule(e)
  if (replaced !== undefined && replaced !== e) return replaced
  return withChildren(
    e,
    childrenOf(e).map((c) => transformDown(c, rule)),
  )
}

/** Whether any node of the tree satisfies `test`. */
export function exists(e: Expr, test: (node: Expr) => boolean): boolean {
  return test(e) || childrenOf(e).some((c) => exists(c, test))
}

/** Every node of the tree satisfying `test`, in pre-order. */
export function collect<T extends Expr>(e: Expr, test: (node: Expr) => node is T): T[] {
  const found: T[] = []
  const visit = (node: Expr) => {
    if (test(node)) found.push(node)
    childrenOf(node).forEach(visit)
  }
  visit(e)
  return found
}

const unresolvedType = (e: Expr): never => {
  throw new IllegalStateException(`dataTypeOf called on unresolved ${e.kind}`)
}

const dataTypes: ExprTable<DataType> = {
  ColumnRef: unresolvedType,
  Star: unresolvedType,
  Call: unresolvedType,
  Attribute: (e) => e.dataType,
  Literal: (e) => e.dataType,
  Fn: (e) => e.dataType,
  Agg: (e) => e.dataType,
  WindowExpr: (e) => dataTypeOf(e.function),
  TimeWindow: (e) => e.dataType,
  SessionWindow: (e) => e.dataType,
  Alias: (e) => dataTypeOf(e.child),
  SortOrder: (e) => dataTypeOf(e.child),
  Cast: (e) => e.to,
  InSet: () => BOOLEAN,
  // Type coercion gave every branch (and the ELSE value) the same type.
  CaseWhen: (e) => dataTypeOf(e.branches[0]![1]),
}

/** The resolved type of an expression (throws on unresolved nodes). */
export function dataTypeOf(e: Expr): DataType {
  return handlerFor(dataTypes, e)(e)
}

const nullables: ExprTable<boolean> = {
  // Unknown until resolved: assume the worst.
  ColumnRef: () => true,
  Star: () => true,
  Call: () => true,
  Attribute: (e) => e.nullable,
  Fn: (e) => e.nullable,
  Agg: (e) => e.nullable,
  WindowExpr: (e) => nullableOf(e.function),
  Literal: (e) => e.value === null,
  Alias: (e) => nullableOf(e.child),
  SortOrder: (e) => nullableOf(e.child),
  Cast: (e) => nullableOf(e.child),
  InSet: (e) => nullableOf(e.child) || e.set.nulls.length > 0,
  CaseWhen: (e) => e.otherwise === undefined || nullableOf(e.otherwise) || e.branches.some(([, v]) => nullableOf(v)),
  TimeWindow: () => false,
  SessionWindow: () => false,
}

/** Whether a resolved expression may produce nulls. */
export function nullableOf(e: Expr): boolean {
  return handlerFor(nullables, e)(e)
}

/**
 * The metadata an expression's output column inherits: a column's own (so a renamed event-time column keeps its
 * watermark), and for `window_time(window)` the window's (Spark keeps event time through it for chained windows).
 */
export function inheritedMetadata(e: Expr): FieldMetadata {
  if (e.kind === 'Attribute') return e.metadata
  if (e.kind === 'Alias') return inheritedMetadata(e.child)
  if (e.kind === 'Fn' && e.name === 'window_time') return inheritedMetadata(e.args[0]!)
  if (e.kind === 'TimeWindow') return inheritedMetadata(e.timeColumn)
  // A window's end carries its event time (TUMBLE/HOP's window_end); its start does not, or state would be
  // evicted as soon as the window opened.
  if (e.kind === 'Fn' && e.name === 'get_field' && e.args[1]?.kind === 'Literal' && e.args[1].value === 'end') {
    return inheritedMetadata(e.args[0]!)
  }
  return {}
}

/** The output attribute of a named expression. */
export function toAttribute(e: NamedExpr): Attribute {
  if (e.kind === 'Attribute') return e
  return attribute(e.name, dataTypeOf(e.child), nullableOf(e.child), inheritedMetadata(e.child), [], e.id)
}

const resolved = () => true
const unresolved = () => false

/** Whether a node is resolved itself (its children may not be): the API and SQL make the unresolved ones. */
const resolvedNodes: ExprTable<boolean> = {
  ColumnRef: unresolved,
  Star: unresolved,
  Call: unresolved,
  Attribute: resolved,
  Literal: resolved,
  Alias: resolved,
  Cast: resolved,
  CaseWhen: resolved,
  // Coerced by the analyzer (analyzer/resolve-in-set.ts) as soon as its child is resolved.
  InSet: resolved,
  Fn: resolved,
  Agg: resolved,
  TimeWindow: resolved,
  SessionWindow: resolved,
  SortOrder: resolved,
  // Resolved once the analyzer gave it a frame.
  WindowExpr: (e) => e.frame !== undefined,
}

export function isResolved(e: Expr): boolean {
  return !exists(e, (n) => !handlerFor(resolvedNodes, n)(n))
}
