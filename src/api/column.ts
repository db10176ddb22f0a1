// Column: an expression under construction. Each method returns a new Column; nothing is evaluated here.
import { IllegalArgumentException } from '../common/errors.js'
import { MICROS_PER_MILLI } from '../common/interval.js'
import {
  alias,
  type CaseWhen,
  call,
  caseWhen,
  cast,
  columnRef,
  type Expr,
  literal,
  sortOrder,
  star,
  windowExpr,
} from '../expr/expression.js'
import { BINARY, BOOLEAN, type DataType, DOUBLE, INTEGER, LONG, NULL, STRING, TIMESTAMP } from '../types/data-types.js'
import { parseTypeString } from '../types/ddl.js'
import { argumentError, pyTypeName } from './py-type-name.js'
import type { WindowSpec } from './window.js'

/** Anything a Column method accepts as an operand: another Column or a plain value (wrapped as a literal). */
export type ColumnOrValue = Column | string | number | boolean | bigint | Date | Uint8Array | null | readonly unknown[]

export class Column {
  constructor(readonly expr: Expr) {
    Object.freeze(this)
  }

  /** The (aggregate or window) function computed over a window: `rank().over(Window.orderBy('x'))`. */
  over(window?: WindowSpec): Column {
    if (window !== undefined && typeof (window as Partial<WindowSpec> | null)?.windowExpression !== 'function') {
      throw argumentError('NOT_WINDOWSPEC', `Argument \`window\` should be a WindowSpec, got ${pyTypeName(window)}.`)
    }
    return new Column(window ? window.windowExpression(this.expr) : windowExpr(this.expr, [], [], undefined))
  }

  /** Renames the column (PySpark's `alias` / `name`). */
  alias(name: string): Column {
    return new Column(alias(this.expr.kind === 'Alias' ? this.expr.child : this.expr, name))
  }

  name(name: string): Column {
    return this.alias(name)
  }

  /** Casts to a type or a type string ('int', 'array<string>', 'decimal(10,2)'); keeps the column's name. */
  cast(dataType: DataType | string): Column {
    if (typeof dataType !== 'string' && typeof (dataType as Partial<DataType> | null)?.kind !== 'string') {
      const got = pyTypeName(dataType)
      throw argumentError('NOT_DATATYPE_OR_STR', `Argument \`dataType\` should be a DataType or str, got ${got}.`)
    }
    return new Column(cast(this.expr, typeof dataType === 'string' ? parseTypeString(dataType) : dataType, true))
  }

  astype(dataType: DataType | string): Column {
    return this.cast(dataType)
  }

  plus(other: ColumnOrValue): Column {
    return this.binary('add', other)
  }

  minus(other: ColumnOrValue): Column {
    return this.binary('subtract', other)
  }

  multiply(other: ColumnOrValue): Column {
    return this.binary('multiply', other)
  }

  divide(other: ColumnOrValue): Column {
    return this.binary('divide', other)
  }

  mod(other: ColumnOrValue): Column {
    return this.binary('remainder', other)
  }

  /** `&` on integral columns (PySpark's `bitwiseAND`). */
  bitwiseAND(other: ColumnOrValue): Column {
    return this.binary('bitwise_and', other)
  }

  /** `|` on integral columns. */
  bitwiseOR(other: ColumnOrValue): Column {
    return this.binary('bitwise_or', other)
  }

  /** `^` on integral columns. */
  bitwiseXOR(other: ColumnOrValue): Column {
    return this.binary('bitwise_xor', other)
  }

  eq(other: ColumnOrValue): Column {
    return this.binary('equal_to', other)
  }

  /** `!=`: Spark builds NOT (a = b). */
  neq(other: ColumnOrValue): Column {
    return new Column(call('not', [this.binary('equal_to', other).expr]))
  }

  gt(other: ColumnOrValue): Column {
    return this.binary('greater_than', other)
  }

  geq(other: ColumnOrValue): Column {
    return this.binary('greater_than_or_equal', other)
  }

  lt(other: ColumnOrValue): Column {
    return this.binary('less_than', other)
  }

  leq(other: ColumnOrValue): Column {
    return this.binary('less_than_or_equal', other)
  }

  /** Null-safe equality `<=>`. */
  eqNullSafe(other: ColumnOrValue): Column {
    return this.binary('eq_null_safe', other)
  }

  and(other: ColumnOrValue): Column {
    return this.binary('and', other)
  }

  or(other: ColumnOrValue): Column {
    return this.binary('or', other)
  }

  not(): Column {
    return new Column(call('not', [this.expr]))
  }

  isNull(): Column {
    return new Column(call('is_null', [this.expr]))
  }

  isNotNull(): Column {
    return new Column(call('is_not_null', [this.expr]))
  }

  isNaN(): Column {
    return new Column(call('isnan', [this.expr]))
  }

  /** `col IN (values)`; accepts values or one array of values. */
  isin(...values: ColumnOrValue[]): Column {
    const list = values.length === 1 && Array.isArray(values[0]) ? (values[0] as ColumnOrValue[]) : values
    return new Column(call('in', [this.expr, ...list.map(toExpr)]))
  }

  /** `lower <= col AND col <= upper` (Spark expands between this way). */
  between(lower: ColumnOrValue, upper: ColumnOrValue): Column {
    return this.geq(lower).and(this.leq(upper))
  }

  like(pattern: string): Column {
    return this.binary('like', pattern)
  }

  ilike(pattern: string): Column {
    return this.binary('ilike', pattern)
  }

  rlike(pattern: string): Column {
    return this.binary('rlike', pattern)
  }

  contains(other: ColumnOrValue): Column {
    return this.binary('contains', other)
  }

  startswith(other: ColumnOrValue): Column {
    return this.binary('startswith', other)
  }

  endswith(other: ColumnOrValue): Column {
    return this.binary('endswith', other)
  }

  /** Substring from 1-based `startPos`, `length` characters. */
  substr(startPos: ColumnOrValue, length: ColumnOrValue): Column {
    return new Column(call('substring', [this.expr, toExpr(startPos), toExpr(length)]))
  }

  /** An array element (0-based) or a map value by key. */
  getItem(key: ColumnOrValue): Column {
    return new Column(call('get_item', [this.expr, toExpr(key)]))
  }

  /** A struct field by name. */
  getField(name: string): Column {
    return new Column(call('get_field', [this.expr, literal(name, STRING)]))
  }

  /** Adds a branch to a `when(...)` chain. */
  when(condition: Column, value: ColumnOrValue): Column {
    const chain = this.caseChain('when')
    return new Column(
      caseWhen([...chain.branches, [columnOnlyArg(condition, 'condition'), toExpr(value)]], chain.otherwise),
    )
  }

  /** The value when no branch of a `when(...)` chain matched. */
  otherwise(value: ColumnOrValue): Column {
    const chain = this.caseChain('otherwise')
    if (chain.otherwise !== undefined)
      throw new IllegalArgumentException(
        'otherwise() can only be applied once on a Column previously generated by when()',
      )
    return new Column(caseWhen(chain.branches, toExpr(value)))
  }

  asc(): Column {
    return new Column(sortOrder(this.expr, true, true))
  }

  asc_nulls_first(): Column {
    return new Column(sortOrder(this.expr, true, true))
  }

  asc_nulls_last(): Column {
    return new Column(sortOrder(this.expr, true, false))
  }

  desc(): Column {
    return new Column(sortOrder(this.expr, false, false))
  }

  desc_nulls_first(): Column {
    return new Column(sortOrder(this.expr, false, true))
  }

  desc_nulls_last(): Column {
    return new Column(sortOrder(this.expr, false, false))
  }

  toString(): string {
    return `Column<'${describe(this.expr)}'>`
  }

  private binary(name: string, other: ColumnOrValue): Column {
    return new Column(call(name, [this.expr, toExpr(other)]))
  }

  private caseChain(method: string): CaseWhen {
    if (this.expr.kind !== 'CaseWhen') {
      throw new IllegalArgumentException(
        `${method}() can only be applied on a Column previously generated by when() function`,
      )
    }
    return this.expr
  }
}

function describe(e: Expr): string {
  return e.kind === 'ColumnRef' ? e.name : e.kind
}

/** The Spark type PySpark's `lit` infers for a JS value. */
function literalType(value: unknown): DataType {
  if (value === null || value === undefined) return NULL
  if (typeof value === 'string') return STRING
  if (typeof value === 'boolean') return BOOLEAN
  if (typeof value === 'bigint') return LONG
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return DOUBLE
    return value >= -2147483648 && value <= 2147483647 ? INTEGER : LONG
  }
  if (value instanceof Date) return TIMESTAMP
  if (value instanceof Uint8Array) return BINARY
  throw new IllegalArgumentException(`Unsupported literal type ${typeof value}: ${String(value)}`, {
    errorClass: 'UNSUPPORTED_LITERAL_TYPE',
  })
}

/** A JS value as a literal expression (physical form: micros for Date); arrays become `array(...)`. */
export function literalExpr(value: unknown): Expr {
  if (Array.isArray(value)) return call('array', value.map(literalExpr))
  const type = literalType(value)
  if (value instanceof Date) return literal(value.getTime() * MICROS_PER_MILLI, type)
  if (typeof value === 'bigint') return literal(Number(value), type)
  return literal(value ?? null, type)
}

/** Operands: Columns as they are, anything else as a literal. */
export function toExpr(value: ColumnOrValue): Expr {
  return value instanceof Column ? value.expr : literalExpr(value)
}

/** PySpark's NOT_COLUMN_OR_STR argument error: `argName` got `value`, neither a Column nor a column name. */
export const notColumnOrStr = (argName: string, value: unknown) =>
  argumentError('NOT_COLUMN_OR_STR', `Argument \`${argName}\` should be a Column or str, got ${pyTypeName(value)}.`)

/** An argument that must be a Column (PySpark's NOT_COLUMN check), as its expression. */
export function columnOnlyArg(value: Column, argName: string): Expr {
  if (value instanceof Column) return value.expr
  throw argumentError('NOT_COLUMN', `Argument \`${argName}\` should be a Column, got ${pyTypeName(value)}.`)
}

/** A column argument given as a Column or a column name. */
export function columnArg(value: Column | string): Expr {
  if (value instanceof Column) return value.expr
  if (typeof value !== 'string') throw notColumnOrStr('col', value)
  return value === '*' ? star() : value.endsWith('.*') ? star(value.slice(0, -2)) : columnRef(value)
}
