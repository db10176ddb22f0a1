// pyspark.sql.window: `Window.partitionBy(...).orderBy(...).rowsBetween(...)` builds the spec `col.over(spec)` uses.
import { IllegalArgumentException } from '../common/errors.js'
import {
  type Expr,
  type FrameBound,
  literal,
  type SortOrder,
  sortOrder,
  type WindowExpr,
  type WindowFrame,
  windowExpr,
} from '../expr/expression.js'
import { INTEGER, LONG } from '../types/data-types.js'
import { type ColumnOrName, c } from './function-args.js'

const UNBOUNDED_PRECEDING = Number.MIN_SAFE_INTEGER
const UNBOUNDED_FOLLOWING = Number.MAX_SAFE_INTEGER

/** A boundary number as Spark's frame bound: 0 the current row, at or beyond ±2^53-1 unbounded, else an offset. */
function bound(value: number, which: 'start' | 'end'): FrameBound {
  if (!Number.isInteger(value) && Number.isFinite(value)) {
    throw new IllegalArgumentException(`The window frame ${which} must be an integer, got ${value}.`)
  }
  if (value <= UNBOUNDED_PRECEDING) return { kind: 'UnboundedPreceding' }
  if (value >= UNBOUNDED_FOLLOWING) return { kind: 'UnboundedFollowing' }
  if (value === 0) return { kind: 'CurrentRow' }
  const type = value >= -2147483648 && value <= 2147483647 ? INTEGER : LONG
  // Spark's DataFrame frames keep the signed literal: `ROWS BETWEEN -1 FOLLOWING AND 1 FOLLOWING`.
  return { kind: 'Offset', value: literal(value, type), preceding: false }
}

/** Orderings from Columns (already `asc()`/`desc()` or ascending) or names. */
const orderings = (cols: readonly ColumnOrName[]): SortOrder[] =>
  cols.map((col) => {
    const e = c(col)
    return e.kind === 'SortOrder' ? e : sortOrder(e, true, true)
  })

/** A window specification: partition keys, orderings and frame. Immutable; every method returns a new spec. */
export class WindowSpec {
  constructor(
    private readonly partitions: readonly Expr[] = [],
    private readonly orders: readonly SortOrder[] = [],
    private readonly frame?: WindowFrame,
  ) {
    Object.freeze(this)
  }

  partitionBy(...cols: (ColumnOrName | readonly ColumnOrName[])[]): WindowSpec {
    return new WindowSpec(cols.flat().map(c), this.orders, this.frame)
  }

  orderBy(...cols: (ColumnOrName | readonly ColumnOrName[])[]): WindowSpec {
    return new WindowSpec(this.partitions, orderings(cols.flat()), this.frame)
  }

  /** A ROWS frame: offsets count rows from the current one (negative before it). */
  rowsBetween(start: number, end: number): WindowSpec {
    return new WindowSpec(this.partitions, this.orders, {
      type: 'rows',
      lower: bound(start, 'start'),
      upper: bound(end, 'end'),
    })
  }

  /** A RANGE frame: offsets bound the (single) order key's value relative to the current row's. */
  rangeBetween(start: number, end: number): WindowSpec {
    return new WindowSpec(this.partitions, this.orders, {
      type: 'range',
      lower: bound(start, 'start'),
      upper: bound(end, 'end'),
    })
  }

  /** `fn OVER this` (what `Column.over` builds). */
  windowExpression(fn: Expr): WindowExpr {
    // lag/lead(col, offset, default, ignoreNulls): the flag is the window's, not an argument.
    if (fn.kind === 'Call' && /^(lag|lead)$/i.test(fn.name) && fn.args.length === 4) {
      const flag = fn.args[3]!
      const ignoreNulls = flag.kind === 'Literal' && flag.value === true
      return windowExpr({ ...fn, args: fn.args.slice(0, 3) }, this.partitions, this.orders, this.frame, ignoreNulls)
    }
    return windowExpr(fn, this.partitions, this.orders, this.frame)
  }
}

/** PySpark's `Window`: static builders of WindowSpec, and the frame boundary constants. */
export const Window = Object.freeze({
  unboundedPreceding: UNBOUNDED_PRECEDING,
  unboundedFollowing: UNBOUNDED_FOLLOWING,
  currentRow: 0,
  partitionBy: (...cols: (ColumnOrName | readonly ColumnOrName[])[]): WindowSpec =>
    new WindowSpec().partitionBy(...cols),
  orderBy: (...cols: (ColumnOrName | readonly ColumnOrName[])[]): WindowSpec => new WindowSpec().orderBy(...cols),
  rowsBetween: (start: number, end: number): WindowSpec => new WindowSpec().rowsBetween(start, end),
  rangeBetween: (start: number, end: number): WindowSpec => new WindowSpec().rangeBetween(start, end),
})
