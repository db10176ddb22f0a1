// Argument helpers shared by the pyspark.sql.functions modules: columns by name, literals, and building calls.
import { call, type Expr, literal } from '../expr/expression.js'
import { STRING } from '../types/data-types.js'
import { Column, type ColumnOrValue, columnArg, toExpr } from './column.js'

export type ColumnOrName = Column | string

/** A column argument: a Column, or a column by name. */
export const c = columnArg

/** A call of the Spark SQL function `name`. */
export const fn = (name: string, ...args: Expr[]): Column => new Column(call(name, args))

/** An optional argument: nothing when undefined, else a Column or a literal. */
export const opt = (value: ColumnOrValue | undefined): Expr[] => (value === undefined ? [] : [toExpr(value)])

/** A string literal (patterns, formats, delimiters). */
export const text = (value: string): Expr => literal(value, STRING)

/** A Column, a column by name, or a number as a literal (PySpark's `Union[ColumnOrName, int]`). */
export const colOrNumber = (value: ColumnOrName | number): Expr =>
  typeof value === 'number' ? toExpr(value) : columnArg(value)
