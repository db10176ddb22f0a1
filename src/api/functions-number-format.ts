// pyspark.sql.functions: to_number, try_to_number, to_char and to_varchar (Spark's number format model).
import type { Column } from './column.js'
import { type ColumnOrName, c, fn, literalStrOrColumn } from './function-args.js'

/** A format argument: a Column (e.g. `lit('999')`), or the format text itself (Spark requires a constant format). */
type Format = Column | string

const formatArg = (format: Format) => literalStrOrColumn(format, 'format')

/** The string as a DECIMAL read by a format of 0/9, `.`/D, `,`/G, `$`, S/MI and PR; an error when it does not match. */
export const to_number = (col: ColumnOrName, format: Format): Column => fn('to_number', c(col), formatArg(format))
/** to_number, but NULL when the string does not match the format. */
export const try_to_number = (col: ColumnOrName, format: Format): Column =>
  fn('try_to_number', c(col), formatArg(format))
/** A number printed by a number format, a datetime by a datetime pattern, a binary as 'base64', 'hex' or 'utf-8'. */
export const to_char = (col: ColumnOrName, format: Format): Column => fn('to_char', c(col), formatArg(format))
/** The same as to_char. */
export const to_varchar = (col: ColumnOrName, format: Format): Column => fn('to_varchar', c(col), formatArg(format))
