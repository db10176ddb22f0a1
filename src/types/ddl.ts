// Data types and schemas written as text: `'int'`, `'array<string>'`, and DDL schemas like `'id INT, name STRING'`.
import type { ColumnDefinitionAst, DataTypeAst } from '../../grammar/index.js'
import { parseDataType, parseTableSchema } from '../../grammar/index.js'
import { AnalysisException, ArithmeticException } from '../common/errors.js'
import { own } from '../common/own.js'
import { parseOrThrow } from '../common/parse-errors.js'
import {
  ArrayType,
  BINARY,
  BOOLEAN,
  BYTE,
  DATE,
  DAY_TIME_FIELDS,
  type DataType,
  DayTimeIntervalType,
  DecimalType,
  DOUBLE,
  FLOAT,
  INTEGER,
  INTERVAL,
  LONG,
  MapType,
  NULL,
  SHORT,
  STRING,
  TIMESTAMP,
  TIMESTAMP_NTZ,
  YEAR_MONTH_FIELDS,
  YearMonthIntervalType,
} from './data-types.js'
import { StructField, StructType } from './struct-type.js'

const primitives: Readonly<Record<string, DataType>> = {
  boolean: BOOLEAN,
  tinyint: BYTE,
  byte: BYTE,
  smallint: SHORT,
  short: SHORT,
  int: INTEGER,
  integer: INTEGER,
  bigint: LONG,
  long: LONG,
  float: FLOAT,
  real: FLOAT,
  double: DOUBLE,
  string: STRING,
  varchar: STRING,
  char: STRING,
  binary: BINARY,
  date: DATE,
  timestamp: TIMESTAMP,
  timestamp_ltz: TIMESTAMP,
  timestamp_ntz: TIMESTAMP_NTZ,
  void: NULL,
}

/** DECIMAL(p, s) as Spark's DecimalType constructor checks it: scale within precision, precision at most 38. */
function checkedDecimal(precision: number, scale: number): DataType {
  if (scale > precision) {
    throw new AnalysisException(`Decimal scale (${scale}) cannot be greater than precision (${precision}).`, {
      errorClass: '_LEGACY_ERROR_TEMP_1228',
    })
  }
  if (precision > 38) {
    throw new ArithmeticException(`Decimal precision ${precision} exceeds max precision 38.`, {
      errorClass: 'DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION',
    })
  }
  return DecimalType(precision, scale)
}

/** The Spark type a parsed type denotes; unknown names raise Spark's UNSUPPORTED_DATATYPE. */
export function dataTypeFromAst(ast: DataTypeAst): DataType {
  switch (ast.kind) {
    case 'PrimitiveType': {
      if (ast.name === 'decimal' || ast.name === 'dec' || ast.name === 'numeric') {
        return checkedDecimal(ast.params[0] ?? 10, ast.params[1] ?? 0)
      }
      const type = own(primitives, ast.name)
      if (!type)
        throw new AnalysisException(`Unsupported data type "${ast.name.toUpperCase()}".`, {
          errorClass: 'UNSUPPORTED_DATATYPE',
        })
      return type
    }
    case 'ArrayType':
      return ArrayType(dataTypeFromAst(ast.elementType))
    case 'MapType':
      return MapType(dataTypeFromAst(ast.keyType), dataTypeFromAst(ast.valueType))
    case 'StructType':
      return schemaFromAst(ast.fields)
    case 'IntervalType':
      return intervalTypeFromAst(ast.from, ast.to)
  }
}

/** `INTERVAL YEAR TO MONTH`, `INTERVAL HOUR`, …; a bare `INTERVAL` is taken as `INTERVAL DAY TO SECOND`. */
function intervalTypeFromAst(from: string | undefined, to: string | undefined): DataType {
  if (from === undefined) return INTERVAL
  const end = to ?? from
  const yearMonth = fieldRange(YEAR_MONTH_FIELDS, from, end)
  if (yearMonth) return YearMonthIntervalType(...yearMonth)
  const dayTime = fieldRange(DAY_TIME_FIELDS, from, end)
  if (dayTime) return DayTimeIntervalType(...dayTime)
  throw new AnalysisException(`Intervals FROM ${from} TO ${end} are not supported.`, {
    errorClass: 'PARSE_SYNTAX_ERROR',
  })
}

/** The positions of `from` and `end` among `fields`, or undefined when either is not one or they are out of order. */
function fieldRange(fields: readonly string[], from: string, end: string): [number, number] | undefined {
  const [start, stop] = [fields.indexOf(from), fields.indexOf(end)]
  return start >= 0 && start <= stop ? [start, stop] : undefined
}

function schemaFromAst(columns: readonly ColumnDefinitionAst[]): StructType {
  return StructType(
    columns.map((c) =>
      StructField(
        c.name,
        dataTypeFromAst(c.dataType),
        c.nullable,
        c.comment === undefined ? {} : { comment: c.comment },
      ),
    ),
  )
}

/** A type name as `cast('int')` or `ArrayType` strings take it. */
export function parseTypeString(text: string): DataType {
  return dataTypeFromAst(parseOrThrow(() => parseDataType(text)))
}

/** A DDL schema string (`"id INT, name STRING"`) — or a single `struct<...>` type — as a StructType. */
export function parseSchemaString(text: string): StructType {
  if (/^\s*struct\s*</i.test(text)) {
    const type = parseTypeString(text)
    if (type.kind === 'struct') return type
  }
  return schemaFromAst(parseOrThrow(() => parseTableSchema(text)))
}
