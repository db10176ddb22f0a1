// Mapping between Spark SQL data types and Arrow types/schemas (the only place the two type systems meet).
import {
  type DataType as ArrowType,
  Binary,
  Bool,
  DateDay,
  Decimal,
  Duration,
  Field,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  IntervalUnit,
  IntervalYearMonth,
  List,
  Map_,
  Null,
  Schema,
  Struct,
  TimestampMicrosecond,
  TimeUnit,
  Type,
  Utf8,
} from 'apache-arrow'
import { UnsupportedOperationException } from '../common/errors.js'
import {
  ArrayType,
  BINARY,
  BOOLEAN,
  BYTE,
  DATE,
  type DataType,
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
  YEAR_MONTH_INTERVAL,
} from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'

/** Spark type → Arrow type. Timestamps are microseconds (UTC-adjusted for `timestamp`), dates are days. */
export function toArrowType(t: DataType): ArrowType {
  switch (t.kind) {
    case 'null':
      return new Null()
    case 'boolean':
      return new Bool()
    case 'byte':
      return new Int8()
    case 'short':
      return new Int16()
    case 'integer':
      return new Int32()
    case 'long':
      return new Int64()
    case 'float':
      return new Float32()
    case 'double':
      return new Float64()
    case 'string':
      return new Utf8()
    case 'binary':
      return new Binary()
    case 'date':
      return new DateDay()
    case 'timestamp':
      return new TimestampMicrosecond('UTC')
    case 'timestamp_ntz':
      return new TimestampMicrosecond()
    case 'interval':
      return new Duration(TimeUnit.MICROSECOND)
    case 'year_month_interval':
      return new IntervalYearMonth()
    case 'decimal':
      return new Decimal(t.scale, t.precision, 128)
    case 'array':
      return new List(new Field('element', toArrowType(t.elementType), t.containsNull))
    case 'map':
      return new Map_(
        new Field(
          'entries',
          new Struct<{ key: ArrowType; value: ArrowType }>([
            new Field('key', toArrowType(t.keyType), false),
            new Field('value', toArrowType(t.valueType), t.valueContainsNull),
          ]),
          false,
        ),
      )
    case 'struct':
      return new Struct(t.fields.map((f) => new Field(f.name, toArrowType(f.dataType), f.nullable)))
  }
}

const schemaCache = new WeakMap<StructType, Schema>()

/** The Arrow schema of a Spark schema; cached, since every batch of an operator shares one. */
export function toArrowSchema(schema: StructType): Schema {
  let arrow = schemaCache.get(schema)
  if (!arrow) {
    arrow = new Schema(schema.fields.map((f) => new Field(f.name, toArrowType(f.dataType), f.nullable)))
    schemaCache.set(schema, arrow)
  }
  return arrow
}

/** Arrow type → Spark type, for data read from Arrow IPC or Parquet. */
export function fromArrowType(t: ArrowType): DataType {
  switch (t.typeId) {
    case Type.Null:
      return NULL
    case Type.Bool:
      return BOOLEAN
    case Type.Int: {
      const bits = (t as unknown as { bitWidth: number }).bitWidth
      return bits === 8 ? BYTE : bits === 16 ? SHORT : bits === 32 ? INTEGER : LONG
    }
    case Type.Float:
      return (t as Float64).precision === 2 ? DOUBLE : FLOAT
    case Type.Utf8:
    case Type.LargeUtf8:
      return STRING
    case Type.Binary:
    case Type.LargeBinary:
      return BINARY
    case Type.Date:
      return DATE
    case Type.Timestamp:
      return (t as TimestampMicrosecond).timezone ? TIMESTAMP : TIMESTAMP_NTZ
    case Type.Duration:
      return INTERVAL
    case Type.Interval:
      if ((t as IntervalYearMonth).unit === IntervalUnit.YEAR_MONTH) return YEAR_MONTH_INTERVAL
      throw new UnsupportedOperationException(`Arrow type ${t} is not supported`)
    case Type.Decimal:
      return DecimalType((t as Decimal).precision, (t as Decimal).scale)
    case Type.Dictionary:
      return fromArrowType((t as unknown as { dictionary: ArrowType }).dictionary)
    case Type.List: {
      const child = (t as List).children[0]!
      return ArrayType(fromArrowType(child.type), child.nullable)
    }
    case Type.Map: {
      const entries = (t as Map_).children[0]!.type as Struct
      const [key, value] = entries.children
      return MapType(fromArrowType(key!.type), fromArrowType(value!.type), value!.nullable)
    }
    case Type.Struct:
      return StructType((t as Struct).children.map((f) => StructField(f.name, fromArrowType(f.type), f.nullable)))
    default:
      throw new UnsupportedOperationException(`Arrow type ${t} is not supported`)
  }
}

/** The Spark schema of an Arrow schema. */
export function fromArrowSchema(schema: Schema): StructType {
  return StructType(schema.fields.map((f) => StructField(f.name, fromArrowType(f.type), f.nullable)))
}
