// CSV schema inference (Spark's CSVInferSchema): header names made safe, and with `inferSchema` the narrowest type
// each column's values fit — int, long, decimal, double, date, timestamp, boolean — widening to string.
import { parseDateString, parseTimestampString } from '../../common/datetime-parse.js'
import { parseWithPattern } from '../../common/datetime-pattern.js'
import {
  BOOLEAN,
  DATE,
  type DataType,
  DecimalType,
  DOUBLE,
  INTEGER,
  LONG,
  NULL,
  STRING,
  TIMESTAMP,
} from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import { type CsvOptions, csvOptions, decodeText } from './csv-options.js'
import { CsvTokenizer } from './csv-tokenizer.js'
import type { FileData, FormatContext } from './file-format.js'
import { parseJavaDouble, parseJavaIntegral } from './text-values.js'

/** `makeSafeHeader`: empty or null-valued names become `_c<i>`, case-insensitive duplicates get their index. */
export function safeHeader(names: readonly (string | null)[], nullValue: string): string[] {
  const lower = names.filter((n): n is string => n !== null).map((n) => n.toLowerCase())
  const duplicates = new Set(lower.filter((n, i) => lower.indexOf(n) !== i))
  return names.map((name, i) => {
    if (name === null || name === '' || name === nullValue) return `_c${i}`
    return duplicates.has(name.toLowerCase()) ? `${name}${i}` : name
  })
}

const DECIMAL_TEXT = /^[+-]?\d+$/

/** The type of one value, starting from the type inferred so far (Spark's `inferField` chain). */
function inferValue(typeSoFar: DataType, field: string, options: CsvOptions): DataType {
  const tryInteger = (): DataType => (parseJavaIntegral(field, 'integer') !== undefined ? INTEGER : tryLong())
  const tryLong = (): DataType => (parseJavaIntegral(field, 'long') !== undefined ? LONG : tryDecimal())
  const tryDecimal = (): DataType => {
    // Integers too long for a long become decimal(p, 0) (values with a fraction are left to double).
    const digits = field.replace(/^[+-]?0*/, '').length
    return DECIMAL_TEXT.test(field) && digits <= 38 ? DecimalType(Math.max(digits, 1), 0) : tryDouble()
  }
  const tryDouble = (): DataType =>
    parseJavaDouble(field) !== undefined ||
    field === options.nanValue ||
    field === options.positiveInf ||
    field === options.negativeInf
      ? DOUBLE
      : tryDate()
  const tryDate = (): DataType => {
    const ok =
      options.dateFormat === undefined
        ? /^\d{4}-\d{1,2}-\d{1,2}$/.test(field) && parseDateString(field) !== null
        : parseWithPattern(field, options.dateFormat, 'UTC') !== null
    return ok ? DATE : tryTimestamp()
  }
  const tryTimestamp = (): DataType => {
    const ok =
      options.timestampFormat === undefined
        ? parseTimestampString(field, options.zone) !== null
        : parseWithPattern(field, options.timestampFormat, options.zone) !== null
    return ok ? TIMESTAMP : tryBoolean()
  }
  const tryBoolean = (): DataType => (/^(true|false)$/i.test(field) ? BOOLEAN : STRING)
  switch (typeSoFar.kind) {
    case 'null':
    case 'integer':
      return tryInteger()
    case 'long':
      return tryLong()
    case 'decimal':
      return tryDecimal()
    case 'double':
      return tryDouble()
    case 'date':
      return tryDate()
    case 'timestamp':
      return tryTimestamp()
    case 'boolean':
      return tryBoolean()
    default:
      return STRING
  }
}

const NUMERIC_ORDER = ['integer', 'long', 'decimal', 'double']

/** Two inferred decimals' common type: the larger integer range and scale, DOUBLE beyond 38 digits (both inferers). */
export function widerInferredDecimal(a: DecimalType, b: DecimalType): DataType {
  const scale = Math.max(a.scale, b.scale)
  const range = Math.max(a.precision - a.scale, b.precision - b.scale)
  return range + scale > 38 ? DOUBLE : DecimalType(range + scale, scale)
}

/** `CSVInferSchema.compatibleType`: the tightest common type, else numeric widening, date+timestamp, else string. */
export function compatibleCsvType(a: DataType, b: DataType): DataType {
  if (a.kind === 'null') return b
  if (b.kind === 'null') return a
  if (a.kind === 'decimal' && b.kind === 'decimal') return widerInferredDecimal(a, b)
  if (a.kind === b.kind) return a
  const ia = NUMERIC_ORDER.indexOf(a.kind)
  const ib = NUMERIC_ORDER.indexOf(b.kind)
  if (ia >= 0 && ib >= 0) {
    const wider = ia > ib ? a : b
    const narrower = ia > ib ? b : a
    if (wider.kind === 'decimal') {
      const digits = narrower.kind === 'integer' ? 10 : 20
      return compatibleCsvType(wider, DecimalType(digits, 0))
    }
    return wider
  }
  if ((a.kind === 'date' && b.kind === 'timestamp') || (a.kind === 'timestamp' && b.kind === 'date')) return TIMESTAMP
  return STRING
}

/** The schema of CSV files: names from the first record (the header, or `_c0`...), types inferred or string. */
export function csvInferSchema(
  files: readonly FileData[],
  options: Options,
  context: FormatContext,
): StructType | undefined {
  const opts = csvOptions(options, context, false)
  let names: string[] | undefined
  let types: DataType[] = []
  for (const file of files) {
    const tokenizer = new CsvTokenizer(decodeText(file.bytes, opts.encoding), opts)
    let first = true
    while (tokenizer.next()) {
      const tokens = tokenizer.fields
      if (names === undefined) {
        names = opts.header ? safeHeader(tokens, opts.nullValue) : tokens.map((_, i) => `_c${i}`)
        types = names.map(() => NULL)
      }
      if (first && opts.header) {
        first = false
        continue
      }
      first = false
      if (!opts.inferSchema) continue
      for (let i = 0; i < types.length && i < tokens.length; i++) {
        const token = tokens[i]!
        if (token === null || token === '' || token === opts.nullValue) continue
        types[i] = compatibleCsvType(types[i]!, inferValue(types[i]!, token, opts))
      }
    }
  }
  if (names === undefined) return undefined
  return StructType(names.map((name, i) => StructField(name, types[i]!.kind === 'null' ? STRING : types[i]!)))
}
