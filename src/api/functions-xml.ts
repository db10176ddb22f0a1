import type { DataType } from '../types/data-types.js'
import type { Column } from './column.js'
import { type ColumnOrName, c, fn, literalStrOrColumn, schemaOrColumn } from './function-args.js'
import { withOptions } from './functions-datetime-json.js'

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

type XmlOptionValues = Readonly<Record<string, string | number | boolean>>

/** Parses one XML record into a struct of `schema` (a DDL string such as 'a INT, b DOUBLE', a StructType, or
 *  schema_of_xml(...)); PERMISSIVE. */
export const from_xml = (col: ColumnOrName, schema: string | DataType | Column, options?: XmlOptionValues): Column =>
  fn('from_xml', c(col), schemaOrColumn(schema, 'schema'), ...withOptions(options))
/** The DDL of the struct an XML record is inferred as (`STRUCT<a: BIGINT>`). */
export const schema_of_xml = (xml: string | Column, options?: XmlOptionValues): Column =>
  fn('schema_of_xml', literalStrOrColumn(xml, 'xml'), ...withOptions(options))
/** A struct column as one XML element (rowTag `ROW` by default). */
export const to_xml = (col: ColumnOrName, options?: XmlOptionValues): Column =>
  fn('to_xml', c(col), ...withOptions(options))
