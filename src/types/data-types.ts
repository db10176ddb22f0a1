// Spark SQL data types as frozen, `kind`-tagged values, with PySpark-named factories (StringType(), ArrayType(...)).
import type { StructType } from './struct-type.js'

export type AtomicKind =
  | 'null'
  | 'boolean'
  | 'byte'
  | 'short'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'string'
  | 'binary'
  | 'date'
  | 'timestamp'
  | 'timestamp_ntz'

export interface AtomicType {
  readonly kind: AtomicKind
}

export interface DecimalType {
  readonly kind: 'decimal'
  readonly precision: number
  readonly scale: number
}

export interface ArrayType {
  readonly kind: 'array'
  readonly elementType: DataType
  readonly containsNull: boolean
}

export interface MapType {
  readonly kind: 'map'
  readonly keyType: DataType
  readonly valueType: DataType
  readonly valueContainsNull: boolean
}

/** Spark's DayTimeIntervalType: microseconds; fields 0..3 are DAY, HOUR, MINUTE, SECOND. */
export interface DayTimeIntervalType {
  readonly kind: 'interval'
  readonly startField: number
  readonly endField: number
}

/** Spark's YearMonthIntervalType: int32 months; fields 0..1 are YEAR, MONTH. */
export interface YearMonthIntervalType {
  readonly kind: 'year_month_interval'
  readonly startField: number
  readonly endField: number
}

export type DataType =
  | AtomicType
  | DecimalType
  | ArrayType
  | MapType
  | StructType
  | DayTimeIntervalType
  | YearMonthIntervalType

const atomic = <K extends AtomicKind>(kind: K) => Object.freeze({ kind }) as { readonly kind: K }

export const NULL = atomic('null')
export const BOOLEAN = atomic('boolean')
export const BYTE = atomic('byte')
export const SHORT = atomic('short')
export const INTEGER = atomic('integer')
export const LONG = atomic('long')
export const FLOAT = atomic('float')
export const DOUBLE = atomic('double')
export const STRING = atomic('string')
export const BINARY = atomic('binary')
export const DATE = atomic('date')
export const TIMESTAMP = atomic('timestamp')
export const TIMESTAMP_NTZ = atomic('timestamp_ntz')
export const DAY_TIME_FIELDS = ['day', 'hour', 'minute', 'second'] as const
export const YEAR_MONTH_FIELDS = ['year', 'month'] as const

/** Spark's ANSI interval types: day-time or year-month. */
export type AnsiIntervalType = DayTimeIntervalType | YearMonthIntervalType

/** Whether a type is one of Spark's ANSI interval types. */
export const isAnsiInterval = (t: DataType): t is AnsiIntervalType =>
  t.kind === 'interval' || t.kind === 'year_month_interval'

/** A day-time interval type over fields DAY(0)..SECOND(3), held as microseconds. */
export function DayTimeIntervalType(startField = 0, endField = 3): DayTimeIntervalType {
  return Object.freeze({ kind: 'interval', startField, endField })
}

/** A year-month interval type over fields YEAR(0)..MONTH(1), held as int32 months. */
export function YearMonthIntervalType(startField = 0, endField = 1): YearMonthIntervalType {
  return Object.freeze({ kind: 'year_month_interval', startField, endField })
}

/** A day-time interval held as microseconds (Spark's `interval day to second`). */
export const INTERVAL = DayTimeIntervalType(0, 3)
/** A year-month interval held as months (Spark's `interval year to month`). */
export const YEAR_MONTH_INTERVAL = YearMonthIntervalType(0, 1)

/** `interval day`, `interval hour to second`, `interval year to month`: Spark's typeName of an interval type. */
function intervalTypeName(t: AnsiIntervalType): string {
  const fields: readonly string[] = t.kind === 'interval' ? DAY_TIME_FIELDS : YEAR_MONTH_FIELDS
  const from = fields[t.startField]!
  return t.startField === t.endField ? `interval ${from}` : `interval ${from} to ${fields[t.endField]!}`
}

// PySpark-style factories: StringType(), IntegerType(), ArrayType(StringType()), ...
export const NullType = () => NULL
export const BooleanType = () => BOOLEAN
export const ByteType = () => BYTE
export const ShortType = () => SHORT
export const IntegerType = () => INTEGER
export const LongType = () => LONG
export const FloatType = () => FLOAT
export const DoubleType = () => DOUBLE
export const StringType = () => STRING
export const BinaryType = () => BINARY
export const DateType = () => DATE
export const TimestampType = () => TIMESTAMP
export const TimestampNTZType = () => TIMESTAMP_NTZ

export function DecimalType(precision = 10, scale = 0): DecimalType {
  return Object.freeze({ kind: 'decimal', precision, scale })
}

export function ArrayType(elementType: DataType, containsNull = true): ArrayType {
  return Object.freeze({ kind: 'array', elementType, containsNull })
}

export function MapType(keyType: DataType, valueType: DataType, valueContainsNull = true): MapType {
  return Object.freeze({ kind: 'map', keyType, valueType, valueContainsNull })
}

const integralKinds = new Set<string>(['byte', 'short', 'integer', 'long'])
const numericKinds = new Set<string>(['byte', 'short', 'integer', 'long', 'float', 'double', 'decimal'])

export const isIntegral = (t: DataType): boolean => integralKinds.has(t.kind)
export const isNumeric = (t: DataType): boolean => numericKinds.has(t.kind)
export const isFractional = (t: DataType): boolean => t.kind === 'float' || t.kind === 'double' || t.kind === 'decimal'
export const isDatetime = (t: DataType): boolean =>
  t.kind === 'date' || t.kind === 'timestamp' || t.kind === 'timestamp_ntz'
export const isComplex = (t: DataType): boolean => t.kind === 'array' || t.kind === 'map' || t.kind === 'struct'

/** Structural equality, ignoring nullability flags when `ignoreNullability` is set. */
export function sameType(a: DataType, b: DataType, ignoreNullability = false): boolean {
  switch (a.kind) {
    case 'decimal':
      return b.kind === 'decimal' && a.precision === b.precision && a.scale === b.scale
    case 'array':
      return (
        b.kind === 'array' &&
        sameType(a.elementType, b.elementType, ignoreNullability) &&
        (ignoreNullability || a.containsNull === b.containsNull)
      )
    case 'map':
      return (
        b.kind === 'map' &&
        sameType(a.keyType, b.keyType, ignoreNullability) &&
        sameType(a.valueType, b.valueType, ignoreNullability) &&
        (ignoreNullability || a.valueContainsNull === b.valueContainsNull)
      )
    case 'struct':
      return (
        b.kind === 'struct' &&
        a.fields.length === b.fields.length &&
        a.fields.every((f, i) => {
          const g = b.fields[i]!
          return (
            f.name === g.name &&
            sameType(f.dataType, g.dataType, ignoreNullability) &&
            (ignoreNullability || f.nullable === g.nullable)
          )
        })
      )
    default:
      // Interval types of different fields are one physical type; their widening is the caller's concern.
      return a.kind === b.kind
  }
}

const typeNames: Record<AtomicKind, string> = {
  null: 'void',
  boolean: 'boolean',
  byte: 'byte',
  short: 'short',
  integer: 'integer',
  long: 'long',
  float: 'float',
  double: 'double',
  string: 'string',
  binary: 'binary',
  date: 'date',
  timestamp: 'timestamp',
  timestamp_ntz: 'timestamp_ntz',
}

const simpleNames: Partial<Record<AtomicKind, string>> = {
  byte: 'tinyint',
  short: 'smallint',
  integer: 'int',
  long: 'bigint',
}

/** Spark's `typeName`, as printSchema shows it: `integer`, `long`, `array`, `struct`, `decimal(10,2)`. */
export function typeName(t: DataType): string {
  switch (t.kind) {
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`
    case 'array':
    case 'map':
    case 'struct':
      return t.kind
    case 'interval':
    case 'year_month_interval':
      return intervalTypeName(t)
    default:
      return typeNames[t.kind]
  }
}

/** Spark's `simpleString`, as `dtypes` shows it: `int`, `bigint`, `array<string>`, `struct<start:timestamp,...>`. */
export function simpleString(t: DataType): string {
  switch (t.kind) {
    case 'decimal':
      return typeName(t)
    case 'array':
      return `array<${simpleString(t.elementType)}>`
    case 'map':
      return `map<${simpleString(t.keyType)},${simpleString(t.valueType)}>`
    case 'struct':
      return `struct<${t.fields.map((f) => `${f.name}:${simpleString(f.dataType)}`).join(',')}>`
    case 'interval':
    case 'year_month_interval':
      return intervalTypeName(t)
    default:
      return simpleNames[t.kind] ?? typeNames[t.kind]
  }
}

/** Spark's `sql` rendering, used in CAST display names: `INT`, `BIGINT`, `ARRAY<STRING>`, `STRUCT<a: INT>`. */
export function sqlTypeName(t: DataType): string {
  switch (t.kind) {
    case 'decimal':
      return `DECIMAL(${t.precision},${t.scale})`
    case 'array':
      return `ARRAY<${sqlTypeName(t.elementType)}>`
    case 'map':
      return `MAP<${sqlTypeName(t.keyType)}, ${sqlTypeName(t.valueType)}>`
    case 'struct':
      return `STRUCT<${t.fields.map((f) => `${f.name}: ${sqlTypeName(f.dataType)}`).join(', ')}>`
    case 'interval':
    case 'year_month_interval':
      return intervalTypeName(t).toUpperCase()
    default:
      return simpleString(t).toUpperCase()
  }
}
