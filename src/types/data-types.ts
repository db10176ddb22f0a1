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
  | 'interval'

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

export type DataType = AtomicType | DecimalType | ArrayType | MapType | StructType

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
/** A day-time interval held as microseconds (Spark's `interval day to second`). */
export const INTERVAL = atomic('interval')

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
  interval: 'interval day to second',
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
      return 'INTERVAL DAY TO SECOND'
    default:
      return simpleString(t).toUpperCase()
  }
}
