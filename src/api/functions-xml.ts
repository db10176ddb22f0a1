// pyspark.sql.functions: the xpath family over XML strings (the path is a constant XPath 1.0 expression).
import type { Column } from './column.js'
import { type ColumnOrName, c, fn } from './function-args.js'

const xpathCall =
  (name: string) =>
  (xml: ColumnOrName, path: ColumnOrName): Column =>
    fn(name, c(xml), c(path))

/** The values of the nodes the path selects, as ARRAY<STRING> (NULL for element nodes; use `text()`). */
export const xpath = xpathCall('xpath')
/** Whether the path selects a node, or its value read as XPath's boolean(). */
export const xpath_boolean = xpathCall('xpath_boolean')
/** The path's value read as XPath's number(), as DOUBLE. */
export const xpath_double = xpathCall('xpath_double')
/** The path's value read as XPath's number(), as DOUBLE. */
export const xpath_number = xpathCall('xpath_number')
/** The path's value read as XPath's number(), as FLOAT. */
export const xpath_float = xpathCall('xpath_float')
/** The path's value read as XPath's number(), as INT (0 for NaN). */
export const xpath_int = xpathCall('xpath_int')
/** The path's value read as XPath's number(), as BIGINT (0 for NaN). */
export const xpath_long = xpathCall('xpath_long')
/** The path's value read as XPath's number(), as SMALLINT (0 for NaN). */
export const xpath_short = xpathCall('xpath_short')
/** The string value of the first node the path selects ('' when none). */
export const xpath_string = xpathCall('xpath_string')
