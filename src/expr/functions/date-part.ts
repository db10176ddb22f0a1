// date_part(field, source) and EXTRACT(field FROM source): a datetime field by its function, or an interval's part.
import { arrayTypeFor, type Column, nullColumn, numericColumn } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND } from '../../common/interval.js'
import { own } from '../../common/own.js'
import { BYTE, type DataType, DecimalType, INTEGER, isAnsiInterval, STRING } from '../../types/data-types.js'
import { dataTypeOf, type Expr, fn, literal, nullableOf } from '../expression.js'
import { numbersOver } from './define.js'
import { extractOnlyFunctions } from './extract-fields.js'
import { scalarFunctions } from './registry.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, hasNullScalar, materialize } from './vector.js'

/** EXTRACT fields (and their abbreviations) as the functions Spark replaces them with. */
export const EXTRACT_FIELDS: Readonly<Record<string, string>> = {
  year: 'year',
  yearofweek: 'extract yearofweek',
  y: 'year',
  years: 'year',
  yr: 'year',
  yrs: 'year',
  quarter: 'quarter',
  qtr: 'quarter',
  month: 'month',
  mon: 'month',
  mons: 'month',
  months: 'month',
  week: 'weekofyear',
  w: 'weekofyear',
  weeks: 'weekofyear',
  day: 'dayofmonth',
  d: 'dayofmonth',
  days: 'dayofmonth',
  dayofweek: 'dayofweek',
  dow: 'dayofweek',
  dayofweek_iso: 'extract dayofweek_iso',
  dow_iso: 'extract dayofweek_iso',
  doy: 'dayofyear',
  hour: 'hour',
  h: 'hour',
  hours: 'hour',
  hr: 'hour',
  hrs: 'hour',
  minute: 'minute',
  m: 'minute',
  min: 'minute',
  mins: 'minute',
  minutes: 'minute',
  second: 'extract second',
  s: 'extract second',
  sec: 'extract second',
  seconds: 'extract second',
  secs: 'extract second',
}

/** The parts an ANSI interval type has (ExtractIntervalPart), by the datetime function of the same field. */
const yearMonthParts: Readonly<Record<string, string>> = { year: 'year', month: 'month' }
const dayTimeParts: Readonly<Record<string, string>> = {
  dayofmonth: 'day',
  hour: 'hour',
  minute: 'minute',
  'extract second': 'second',
}
const partTypes: Readonly<Record<string, DataType>> = {
  year: INTEGER,
  month: BYTE,
  day: INTEGER,
  hour: BYTE,
  minute: BYTE,
  second: DecimalType(8, 6),
}

function invalidField(field: string, source: Expr): AnalysisException {
  return new AnalysisException(`Cannot extract ${field} from ${dataTypeOf(source).kind}.`, {
    errorClass: 'INVALID_EXTRACT_FIELD',
  })
}

/** The datetime function `name` applied to `source`, resolved as the analyzer would. */
function resolvedCall(name: string, args: readonly Expr[]): Expr {
  const f = scalarFunctions[name]!
  const r = f.resolve(args, name)
  return fn(name, r.args, r.dataType, r.nullable ?? r.args.some(nullableOf))
}

function resolveDatePart(args: readonly Expr[]) {
  const [fieldArg, source] = args as [Expr, Expr]
  const field = fieldArg.kind === 'Literal' && typeof fieldArg.value === 'string' ? fieldArg.value : undefined
  if (field === undefined) {
    throw new AnalysisException('The field argument of date_part must be a string literal.', {
      errorClass: 'INVALID_EXTRACT_FIELD',
    })
  }
  const name = own(EXTRACT_FIELDS, field.toLowerCase())
  if (name === undefined) throw invalidField(field, source)
  const type = dataTypeOf(source)
  if (isAnsiInterval(type)) {
    const part = (type.kind === 'interval' ? dayTimeParts : yearMonthParts)[name]
    if (part === undefined) throw invalidField(field, source)
    return { args: [source, fieldArg, literal(part, STRING)], dataType: partTypes[part]! }
  }
  const delegate = resolvedCall(name, [source])
  // The source stays first (EXTRACT's column name prints it); the delegate computes the value.
  return { args: [source, fieldArg, delegate], dataType: dataTypeOf(delegate), nullable: nullableOf(delegate) }
}

const partOf: Readonly<Record<string, (x: number) => number>> = {
  year: (months) => Math.trunc(months / 12),
  month: (months) => months % 12 || 0,
  day: (micros) => Math.trunc(micros / MICROS_PER_DAY),
  hour: (micros) => Math.trunc((micros % MICROS_PER_DAY) / MICROS_PER_HOUR) || 0,
  minute: (micros) => Math.trunc((micros % MICROS_PER_HOUR) / MICROS_PER_MINUTE) || 0,
  second: (micros) => (micros % MICROS_PER_MINUTE) / MICROS_PER_SECOND || 0,
}

export const datePartFunctions = {
  ...extractOnlyFunctions,
  date_part: {
    kind: 'scalar',
    arity: [2, 2],
    resolve: resolveDatePart,
    kernel(args, ctx, call): Column {
      // A datetime field: the delegate expression was evaluated as the last argument.
      if (!isAnsiInterval(dataTypeOf(call.args[0]!))) return materialize(args[2]!, ctx.length)
      if (hasNullScalar(args)) return nullColumn(call.dataType, ctx.length)
      const part = partOf[(call.args[2] as { value: string }).value]!
      const values = numbersOver(args[0]!, ctx.length)
      // INT, TINYINT or DECIMAL(8, 6) (as doubles): written straight into that type's array.
      const out = new (arrayTypeFor(call.dataType))(ctx.length)
      for (let i = 0; i < ctx.length; i++) out[i] = part(values[i]!)
      return numericColumn(call.dataType, out, combinedValidity(args.slice(0, 1), ctx.length))
    },
  },
} satisfies Record<string, ScalarFunction>
