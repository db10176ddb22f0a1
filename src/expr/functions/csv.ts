// from_csv, to_csv and schema_of_csv: one CSV record per row, read into a struct or written from one, with Spark's
// CSV options (sep, quote, escape, nullValue, dateFormat, timestampFormat).
import type { Struct } from 'apache-arrow'
import {
  arrayTypeFor,
  bitAt,
  type Column,
  cellText,
  columnFromValues,
  newBitmap,
  numbersOf,
  numericColumn,
  structColumn,
  toArrowType,
  Utf8Builder,
  validityOf,
} from '../../arrow/index.js'
import { parseDateString, parseTimestampString } from '../../common/datetime-parse.js'
import { formatWithPattern, parseWithPattern } from '../../common/datetime-pattern.js'
import { AnalysisException } from '../../common/errors.js'
import { MICROS_PER_DAY } from '../../common/interval.js'
import { type DataType, STRING, sqlTypeName } from '../../types/data-types.js'
import { parseSchemaString } from '../../types/ddl.js'
import type { StructType } from '../../types/struct-type.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText, coerceArgs, unexpectedInputType } from './coercion.js'
import { csvField, csvSeparator, splitCsvRecord } from './csv-record.js'
import { stringsOfVec } from './define.js'
import { optionOf, optionsArg } from './function-options.js'
import { inferCsvType, inferJsonType, schemaSql } from './schema-inference.js'
import type { ScalarFunction } from './spec.js'
import { type EvalContext, materialize, Scalar } from './vector.js'

type Options = Readonly<Record<string, string>>

/** The text of a foldable string argument (schema_of_csv/_json's input), with Spark's errors otherwise. */
export function foldableText(name: string, args: readonly Expr[], what: string): string {
  const input = args[0]!
  const inner = input.kind === 'Cast' ? input.child : input
  if (inner.kind !== 'Literal') {
    throw new AnalysisException(
      `Cannot resolve "${callText(name, args.slice(0, 1))}" due to data type mismatch: the input ${what} should be a ` +
        `foldable "STRING" expression; however, got "${sqlText(input)}".`,
      { errorClass: 'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT' },
    )
  }
  if (inner.value === null || dataTypeOf(input).kind !== 'string') {
    if (inner.value !== null) coerceArgs(name, [input], ['string'])
    throw new AnalysisException(
      `Cannot resolve "${callText(name, args.slice(0, 1))}" due to data type mismatch: The "${what}" must not be null.`,
      { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_NULL' },
    )
  }
  return String(inner.value)
}

/** A schema argument: a DDL string literal, or schema_of_csv/schema_of_json of a literal (folded here). */
export function schemaArg(e: Expr): string {
  if (e.kind === 'Literal' && typeof e.value === 'string') return e.value
  if (e.kind === 'Fn' && (e.name === 'schema_of_csv' || e.name === 'schema_of_json')) {
    const text = foldableText(e.name, e.args, e.name === 'schema_of_csv' ? 'csv' : 'json')
    const options = optionsArg(e.args[1])
    return schemaSql(e.name === 'schema_of_csv' ? inferCsvType(text, options) : inferJsonType(text, options))
  }
  throw new AnalysisException(`The input schema "${sqlText(e)}" must be a string literal.`, {
    errorClass: 'INVALID_SCHEMA',
  })
}

function schemaOf(name: string): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [1, 2],
    resolve(args) {
      // Inferred here, so a malformed input or bad options fail at analysis, as Spark's foldable check does.
      schemaArg({ kind: 'Fn', name, args, dataType: STRING, nullable: false })
      return { args, dataType: STRING, nullable: false }
    },
    kernel: (_args, _ctx, call) => new Scalar(schemaArg(call), STRING),
  }
}

const JAVA_DOUBLE = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?\s*$/
const INTEGRAL_MAX: Readonly<Record<string, number>> = { byte: 127, short: 32767, integer: 2147483647, long: 2 ** 63 }

/** One field's text as a number of a numeric or datetime type (dates as days, timestamps as µs), or null. */
function parseNumberField(text: string, type: DataType, options: Options, zone: string): number | null {
  switch (type.kind) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'long': {
      if (!/^[+-]?\d+$/.test(text)) return null
      const value = Number(text)
      return value >= -INTEGRAL_MAX[type.kind]! - 1 && value <= INTEGRAL_MAX[type.kind]! ? value : null
    }
    case 'float':
    case 'double': {
      const trimmed = text.trim()
      if (/^[+-]?(NaN|Infinity)$/.test(trimmed)) return Number(trimmed)
      if (!JAVA_DOUBLE.test(text)) return null
      const value = Number(trimmed.replace(/[dDfF]$/, ''))
      return type.kind === 'float' ? Math.fround(value) : value
    }
    case 'date': {
      const pattern = optionOf(options, 'dateFormat')
      if (pattern === undefined) return parseDateString(text)
      const micros = parseWithPattern(text, pattern, 'UTC')
      return micros === null ? null : Math.floor(micros / MICROS_PER_DAY)
    }
    case 'timestamp':
    case 'timestamp_ntz': {
      const pattern = optionOf(options, 'timestampFormat')
      const tz = type.kind === 'timestamp' ? zone : 'UTC'
      return pattern === undefined ? parseTimestampString(text, tz) : parseWithPattern(text, pattern, tz)
    }
    default:
      return null
  }
}

const numberKinds = new Set([
  'byte',
  'short',
  'integer',
  'long',
  'float',
  'double',
  'date',
  'timestamp',
  'timestamp_ntz',
])
const textKinds = new Set(['string', 'boolean', 'decimal'])

/** from_csv's schema: a struct of atomic fields. */
function csvSchema(text: string): StructType {
  const schema = parseSchemaString(text)
  for (const field of schema.fields) {
    if (!numberKinds.has(field.dataType.kind) && !textKinds.has(field.dataType.kind)) {
      throw new AnalysisException(`CSV data source does not support ${sqlTypeName(field.dataType)} data type.`, {
        errorClass: 'UNSUPPORTED_DATATYPE',
      })
    }
  }
  return schema
}

/** from_csv(csv, schema[, options]): PERMISSIVE — a field that does not fit its type is NULL, the others kept. */
const fromCsv: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 3],
  resolve(args, name) {
    const [csv] = coerceArgs(name, [args[0]!], ['string'])
    optionsArg(args[2])
    return { args: [csv!, ...args.slice(1)], dataType: csvSchema(schemaArg(args[1]!)), nullable: true }
  },
  kernel(args, ctx, call) {
    const schema = call.dataType as StructType
    const options = optionsArg(call.args[2])
    const n = ctx.length
    const texts = stringsOfVec(args[0]!, n)
    const sep = csvSeparator(options)
    const k = schema.fields.length
    const numbers = schema.fields.map((f) =>
      numberKinds.has(f.dataType.kind) ? new (arrayTypeFor(f.dataType))(n) : null,
    )
    const valid = schema.fields.map(() => newBitmap(n))
    const others = schema.fields.map((f) =>
      numberKinds.has(f.dataType.kind) ? null : new Array<unknown>(n).fill(null),
    )
    const rows = newBitmap(n)
    const fields: (string | null)[] = []
    for (let i = 0; i < n; i++) {
      const text = texts[i]
      if (text === null || text === undefined) continue
      rows[i >> 3]! |= 1 << (i & 7)
      splitCsvRecord(text, sep, options, fields)
      for (let j = 0; j < k; j++) {
        const field = fields[j]
        if (field === null || field === undefined) continue
        const type = schema.fields[j]!.dataType
        const out = numbers[j]
        if (out) {
          const value = parseNumberField(field, type, options, ctx.zone)
          if (value === null) continue
          out[i] = value
          valid[j]![i >> 3]! |= 1 << (i & 7)
        } else {
          const value =
            type.kind === 'boolean'
              ? /^(true|false)$/i.test(field)
                ? field.toLowerCase() === 'true'
                : null
              : type.kind === 'decimal'
                ? /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(field)
                  ? field.trim()
                  : null
                : field
          others[j]![i] = value
        }
      }
    }
    const children: Column[] = schema.fields.map((f, j) =>
      numbers[j] ? numericColumn(f.dataType, numbers[j]!, valid[j]!) : columnFromValues(f.dataType, others[j]!),
    )
    return structColumn(toArrowType(schema) as Struct, children, n, rows)
  },
}

/** One struct field's value as CSV text (before quoting); NULL is the nullValue option (""). */
function fieldText(column: Column, type: DataType, i: number, options: Options, ctx: EvalContext): string | null {
  const bits = validityOf(column)
  if (bits !== null && !bitAt(bits, i)) return null
  switch (type.kind) {
    case 'date':
      return formatWithPattern(
        numbersOf(column)[i]! * MICROS_PER_DAY,
        optionOf(options, 'dateFormat') ?? 'yyyy-MM-dd',
        'UTC',
      )
    case 'timestamp':
      return formatWithPattern(
        numbersOf(column)[i]!,
        optionOf(options, 'timestampFormat') ?? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
        ctx.zone,
      )
    case 'timestamp_ntz':
      return formatWithPattern(
        numbersOf(column)[i]!,
        optionOf(options, 'timestampNTZFormat') ?? "yyyy-MM-dd'T'HH:mm:ss.SSS",
        'UTC',
      )
    default:
      return cellText(column, type, i, { zone: ctx.zone, nullText: '' })
  }
}

/** to_csv(struct[, options]): the struct's fields as one CSV record. */
const toCsv: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 2],
  resolve(args, name) {
    const type = dataTypeOf(args[0]!)
    if (type.kind !== 'struct') {
      throw unexpectedInputType(callText(name, args.slice(0, 1)), 0, 'struct', args[0]!)
    }
    optionsArg(args[1])
    return { args, dataType: STRING }
  },
  kernel(args, ctx, call) {
    const options = optionsArg(call.args[1])
    const sep = csvSeparator(options)
    const type = dataTypeOf(call.args[0]!) as StructType
    const column = materialize(args[0]!, ctx.length)
    const valid = validityOf(column)
    const builder = new Utf8Builder(ctx.length, ctx.length * 16)
    for (let i = 0; i < ctx.length; i++) {
      if (valid !== null && !bitAt(valid, i)) {
        builder.append(null)
        continue
      }
      let line = ''
      for (let j = 0; j < type.fields.length; j++) {
        const text = fieldText(column.children[j]!, type.fields[j]!.dataType, i, options, ctx)
        line += (j > 0 ? sep : '') + (text === null ? '' : csvField(text, sep, options))
      }
      builder.append(line)
    }
    return builder.finish()
  },
}

export const csvFunctions = {
  from_csv: fromCsv,
  to_csv: toCsv,
  schema_of_csv: schemaOf('schema_of_csv'),
  schema_of_json: schemaOf('schema_of_json'),
} satisfies Record<string, ScalarFunction>
