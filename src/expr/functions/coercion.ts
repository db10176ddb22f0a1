// Spark's implicit type coercion: wider common types, and casting arguments to what a function expects.
import { AnalysisException } from '../../common/errors.js'
import { own } from '../../common/own.js'
import {
  ArrayType,
  type DataType,
  DecimalType,
  DOUBLE,
  isIntegral,
  isNumeric,
  LONG,
  MapType,
  NULL,
  STRING,
  sameType,
  sqlTypeName,
  TIMESTAMP,
} from '../../types/data-types.js'
import { cast, dataTypeOf, type Expr, literal } from '../expression.js'
import { sqlText } from '../sql-text.js'

const numericRank = ['byte', 'short', 'integer', 'long', 'float', 'double']

/** Spark's `DecimalType.forType`: the decimal each numeric type widens to. */
const decimalForType: Readonly<Record<string, DecimalType>> = {
  byte: DecimalType(3, 0),
  short: DecimalType(5, 0),
  integer: DecimalType(10, 0),
  long: DecimalType(20, 0),
  float: DecimalType(14, 7),
  double: DecimalType(30, 15),
}

/**
 * The decimal a value of type `t` is read as where Spark casts it implicitly to DECIMAL: a decimal itself, a number as
 * `DecimalType.forType`, a string or NULL as SYSTEM_DEFAULT (38, 18); undefined for other types.
 */
export function implicitDecimalOf(t: DataType): DecimalType | undefined {
  if (t.kind === 'decimal') return t
  if (t.kind === 'string' || t.kind === 'null') return DecimalType(38, 18)
  return own(decimalForType, t.kind)
}

/** The decimal an integral type widens to (`DecimalType.forType`), or undefined. */
export const integralDecimalOf = (t: DataType): DecimalType | undefined =>
  isIntegral(t) ? decimalForType[t.kind] : undefined

/** Spark's `findWiderTypeForTwo` with string promotion; undefined when the types have no common type. */
export function widerType(a: DataType, b: DataType): DataType | undefined {
  if (sameType(a, b, true)) return a
  if (a.kind === 'null') return b
  if (b.kind === 'null') return a
  if (a.kind === 'decimal' || b.kind === 'decimal') return widerDecimal(a, b)
  const ra = numericRank.indexOf(a.kind)
  const rb = numericRank.indexOf(b.kind)
  if (ra >= 0 && rb >= 0) return ra >= rb ? a : b
  if ((a.kind === 'date' && b.kind === 'timestamp') || (a.kind === 'timestamp' && b.kind === 'date')) return TIMESTAMP
  if (a.kind === 'array' && b.kind === 'array') {
    const element = widerType(a.elementType, b.elementType)
    return element && ArrayType(element, a.containsNull || b.containsNull)
  }
  if (a.kind === 'map' && b.kind === 'map') {
    // Spark refuses a key type a key could become NULL in; no widening here does that (numbers widen, others to STRING).
    const key = widerType(a.keyType, b.keyType)
    const value = key && widerType(a.valueType, b.valueType)
    return value && MapType(key, value, a.valueContainsNull || b.valueContainsNull)
  }
  // stringPromotion: a string and any atomic type but BINARY or BOOLEAN widen to STRING.
  const promotable = (t: DataType) => !['array', 'map', 'struct', 'binary', 'boolean'].includes(t.kind)
  if ((a.kind === 'string' && promotable(b)) || (b.kind === 'string' && promotable(a))) return STRING
  return undefined
}

function widerDecimal(a: DataType, b: DataType): DataType | undefined {
  const asDecimal = (t: DataType) => (t.kind === 'decimal' ? t : integralDecimalOf(t))
  if (a.kind === 'float' || a.kind === 'double' || b.kind === 'float' || b.kind === 'double') return DOUBLE
  if (a.kind === 'string' || b.kind === 'string') return STRING
  const da = asDecimal(a)
  const db = asDecimal(b)
  if (!da || !db || da.kind !== 'decimal' || db.kind !== 'decimal') return undefined
  const scale = Math.max(da.scale, db.scale)
  const range = Math.max(da.precision - da.scale, db.precision - db.scale)
  return DecimalType(Math.min(38, range + scale), scale)
}

/** Spark's `findTightestCommonType`: widening without string promotion (so INT and STRING have none). */
export function tightestType(a: DataType, b: DataType): DataType | undefined {
  if (sameType(a, b, true)) return a
  if (a.kind === 'string' || b.kind === 'string') return a.kind === 'null' ? b : b.kind === 'null' ? a : undefined
  return widerType(a, b)
}

/** The wider type of all the types, or undefined. */
export function widestType(types: readonly DataType[]): DataType | undefined {
  let result: DataType | undefined = types[0]
  for (const t of types.slice(1)) {
    if (result === undefined) return undefined
    result = widerType(result, t)
  }
  return result
}

/** `e` cast to `to` unless it already has that type; a NULL literal becomes a typed NULL. */
export function castTo(e: Expr, to: DataType): Expr {
  const from = dataTypeOf(e)
  if (sameType(from, to, true)) return e
  if (e.kind === 'Literal' && e.value === null) return literal(null, to)
  return cast(e, to)
}

/** What a function parameter accepts: a category or one exact type. */
export type Expected =
  | 'any'
  | 'string'
  | 'numeric'
  | 'integral'
  | 'boolean'
  | 'timestamp'
  | 'date'
  | 'array'
  | 'map'
  | 'struct'
  | 'string_or_binary'
  | 'array_or_map'
  | DataType

const expectedName: Record<string, string> = {
  string: '"STRING"',
  numeric: '"NUMERIC"',
  integral: '"INTEGRAL"',
  boolean: '"BOOLEAN"',
  timestamp: '"TIMESTAMP"',
  date: '"DATE"',
  array: '"ARRAY"',
  map: '"MAP"',
  struct: '"STRUCT"',
  string_or_binary: '("STRING" or "BINARY")',
  array_or_map: '("ARRAY" or "MAP")',
}

const castableToString = (t: DataType) => t.kind !== 'array' && t.kind !== 'map' && t.kind !== 'struct'

/** `e` implicitly cast to satisfy `expected`, as Spark's ImplicitTypeCasts would; undefined if impossible. */
export function implicitCast(e: Expr, expected: Expected): Expr | undefined {
  const t = dataTypeOf(e)
  if (typeof expected !== 'string') {
    if (sameType(t, expected, true)) return e
    if (t.kind === 'null') return castTo(e, expected)
    const wider = widerType(t, expected)
    return wider && sameType(wider, expected, true) ? castTo(e, expected) : implicitCastAtomic(e, t, expected)
  }
  switch (expected) {
    case 'any':
      return e
    case 'string':
      return t.kind === 'string' ? e : castableToString(t) ? castTo(e, STRING) : undefined
    case 'string_or_binary':
      return t.kind === 'string' || t.kind === 'binary' ? e : castableToString(t) ? castTo(e, STRING) : undefined
    case 'numeric':
      return isNumeric(t) ? e : t.kind === 'string' || t.kind === 'null' ? castTo(e, DOUBLE) : undefined
    case 'integral':
      return isIntegral(t) ? e : t.kind === 'string' || t.kind === 'null' ? castTo(e, LONG) : undefined
    case 'boolean':
      return t.kind === 'boolean'
        ? e
        : t.kind === 'null' || t.kind === 'string'
          ? castTo(e, { kind: 'boolean' })
          : undefined
    case 'timestamp':
      return t.kind === 'timestamp' ? e : ['null', 'string', 'date'].includes(t.kind) ? castTo(e, TIMESTAMP) : undefined
    case 'date':
      return t.kind === 'date'
        ? e
        : ['null', 'string', 'timestamp', 'timestamp_ntz'].includes(t.kind)
          ? castTo(e, { kind: 'date' })
          : undefined
    case 'array':
    case 'array_or_map':
      // NULL takes the abstract type's default concrete type (array<void>, map<void,void>), as in Spark.
      return t.kind === 'array' || (expected === 'array_or_map' && t.kind === 'map')
        ? e
        : t.kind === 'null'
          ? castTo(e, ArrayType(NULL, true))
          : undefined
    case 'map':
      return t.kind === 'map' ? e : t.kind === 'null' ? castTo(e, MapType(NULL, NULL, true)) : undefined
    case 'struct':
      return t.kind === expected ? e : undefined
  }
}

function implicitCastAtomic(e: Expr, from: DataType, to: DataType): Expr | undefined {
  if (
    from.kind === 'string' &&
    (isNumeric(to) || to.kind === 'date' || to.kind === 'timestamp' || to.kind === 'boolean' || to.kind === 'binary')
  ) {
    return castTo(e, to)
  }
  if (to.kind === 'string' && castableToString(from)) return castTo(e, to)
  if (isNumeric(from) && isNumeric(to)) return castTo(e, to)
  return undefined
}

/** Spark's DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE error for parameter `index` (0-based) of a call. */
export function unexpectedInputType(callSql: string, index: number, expected: Expected, arg: Expr): AnalysisException {
  const required = typeof expected === 'string' ? expectedName[expected] : `"${sqlTypeName(expected)}"`
  return new AnalysisException(
    `Cannot resolve "${callSql}" due to data type mismatch: Parameter ${index + 1} requires the ${required} type, ` +
      `however "${sqlText(arg)}" has the type "${sqlTypeName(dataTypeOf(arg))}".`,
    { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
  )
}

/** Coerces every argument to its expected category, raising Spark's mismatch error on the first that cannot be. */
export function coerceArgs(name: string, args: readonly Expr[], expected: readonly Expected[]): Expr[] {
  return args.map((arg, i) => {
    const want = expected[Math.min(i, expected.length - 1)]!
    const coerced = implicitCast(arg, want)
    if (!coerced) throw unexpectedInputType(callText(name, args), i, want, arg)
    return coerced
  })
}

/** The call as Spark prints it in messages (`(a + 1)`, `SQRT(x)`); names with a space are not functions. */
export function callText(name: string, args: readonly Expr[]): string {
  return name.includes(' ')
    ? `${name}(${args.map(sqlText).join(', ')})`
    : sqlText({ kind: 'Fn', name, args, dataType: NULL, nullable: true })
}

/**
 * Casts all arguments to their wider common type (coalesce, greatest, array(...), if, CASE branches). Spark reports
 * DATA_DIFF_TYPES listing the argument types either as `["INT", "BOOLEAN"]` (greatest, least, if, casewhen, in) or,
 * through `TypeUtils.checkForSameTypeInputExpr`, as `("INT" or "BOOLEAN")` (coalesce, array, map keys).
 */
export function coerceToCommonType(
  name: string,
  args: readonly Expr[],
  style: 'list' | 'or' = 'list',
  callSql: () => string = () => callText(name, args),
): { args: Expr[]; type: DataType } {
  const types = args.map(dataTypeOf)
  const common = widestType(types)
  if (common === undefined) {
    const quoted = types.map((t) => `"${sqlTypeName(t)}"`)
    const listed = style === 'or' ? `(${quoted.join(' or ')})` : `[${quoted.join(', ')}]`
    throw new AnalysisException(
      `Cannot resolve "${callSql()}" due to data type mismatch: Input to \`${name}\` should all be the same type, but it's ${listed}.`,
      { errorClass: 'DATATYPE_MISMATCH.DATA_DIFF_TYPES' },
    )
  }
  return { args: args.map((a) => castTo(a, common)), type: common }
}

/** DATATYPE_MISMATCH.WRONG_NUM_ARGS, raised by a varargs expression's own type check (coalesce, greatest). */
export function wrongNumArgs(name: string, args: readonly Expr[], expected: string): AnalysisException {
  return new AnalysisException(
    `Cannot resolve "${callText(name, args)}" due to data type mismatch: The \`${name}\` requires ${expected} ` +
      `parameters but the actual number is ${args.length}.`,
    { errorClass: 'DATATYPE_MISMATCH.WRONG_NUM_ARGS' },
  )
}
