// Argument helpers shared by the pyspark.sql.functions modules: columns by name, literals, and building calls.
import { call, type Expr, literal } from '../expr/expression.js'
import { type DataType, STRING, sqlTypeName } from '../types/data-types.js'
import { Column, type ColumnOrValue, columnArg, literalExpr, notColumnOrStr, toExpr } from './column.js'
import { argumentError, pyTypeName } from './py-type-name.js'

export type ColumnOrName = Column | string

/** A column argument: a Column, or a column by name. */
export const c = columnArg

/** A call of the Spark SQL function `name`. */
export const fn = (name: string, ...args: Expr[]): Column => new Column(call(name, args))

/** An optional argument: nothing when undefined, else a Column or a literal. */
export const opt = (value: ColumnOrValue | undefined): Expr[] => (value === undefined ? [] : [toExpr(value)])

/** A string literal (patterns, formats, delimiters). */
export const text = (value: string): Expr => literal(value, STRING)

/**
 * A str argument PySpark passes through `lit()`: a string literal, null (None) as a NULL string, or a Column as it
 * is (lit of a Column is the Column); anything else is PySpark's NOT_STR error naming `argName`.
 */
export function strOrColumn(value: unknown, argName: string): Expr {
  if (typeof value === 'string' || value === null) return literal(value, STRING)
  if (value instanceof Column) return value.expr
  throw argumentError('NOT_STR', `Argument \`${argName}\` should be a str, got ${pyTypeName(value)}.`)
}

/** A str-or-Column argument that PySpark checks itself (NOT_COLUMN_OR_STR): a string is a literal, not a name. */
export function literalStrOrColumn(value: unknown, argName: string): Expr {
  if (typeof value === 'string') return literal(value, STRING)
  if (value instanceof Column) return value.expr
  throw notColumnOrStr(argName, value)
}

/** PySpark's `Union[ColumnOrName, int]` where it checks (slice, overlay): else NOT_COLUMN_OR_INT_OR_STR. */
export function intOrColumnOrName(value: unknown, argName: string): Expr {
  if (typeof value === 'number' && Number.isInteger(value)) return literalExpr(value)
  if (value instanceof Column || typeof value === 'string') return columnArg(value)
  throw argumentError(
    'NOT_COLUMN_OR_INT_OR_STR',
    `Argument \`${argName}\` should be a Column, int or str, got ${pyTypeName(value)}.`,
  )
}

/** A schema argument (from_json, from_xml): a DDL string, a DataType or a Column; else NOT_COLUMN_OR_DATATYPE_OR_STR. */
export function schemaOrColumn(value: unknown, argName: string): Expr {
  if (typeof value === 'string') return literal(value, STRING)
  if (value instanceof Column) return value.expr
  if (typeof (value as Partial<DataType> | null)?.kind === 'string')
    return literal(sqlTypeName(value as DataType), STRING)
  throw argumentError(
    'NOT_COLUMN_OR_DATATYPE_OR_STR',
    `Argument \`${argName}\` should be a Column, str or DataType, but got ${pyTypeName(value)}.`,
  )
}

/** A number-or-Column argument (PySpark's `Union[Column, int]`): a number is a literal; else NOT_COLUMN_OR_INT. */
export function numberOrColumn(value: unknown, argName: string): Expr {
  if (typeof value === 'number') return literalExpr(value)
  if (value instanceof Column) return value.expr
  throw argumentError(
    'NOT_COLUMN_OR_INT',
    `Argument \`${argName}\` should be a Column or int, got ${pyTypeName(value)}.`,
  )
}

/** A Column, a column by name, or a number as a literal (PySpark's `Union[ColumnOrName, int]`). */
export const colOrNumber = (value: ColumnOrName | number): Expr =>
  typeof value === 'number' ? toExpr(value) : columnArg(value)
