// JSON schema inference (Spark's JsonInferSchema): integers are long, fractions double, struct fields sorted by
// name, conflicting types widen to string, null-only fields become string; malformed records add the corrupt column.
import { SparkRuntimeException } from '../../common/errors.js'
import { ArrayType, BOOLEAN, type DataType, DecimalType, DOUBLE, LONG, NULL, STRING } from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import { widerInferredDecimal } from './csv-infer.js'
import type { FileData, FormatContext } from './file-format.js'
import { decodeJson, forEachJsonRecord, type JsonOptions, jsonOptions } from './json-options.js'
import { JsonScanner, JsonSyntaxError } from './json-scanner.js'
import { corruptRecordName, parseModeOf } from './parse-mode.js'

const LONG_MAX = 9223372036854775807n
const LONG_MIN = -9223372036854775808n

/** The type of a number token: long if it fits, else decimal(p, s) up to 38 digits, else double. */
function numberType(s: JsonScanner, options: JsonOptions): DataType {
  const text = s.text.slice(s.numberStart, s.numberEnd)
  if (s.numberIsInt) {
    // Up to 18 digits always fits a long; only longer integers need the exact check.
    if (text.length <= (text.startsWith('-') ? 19 : 18)) return LONG
    const big = BigInt(text)
    if (big >= LONG_MIN && big <= LONG_MAX) return LONG
  } else if (s.numberNonNumeric || !options.prefersDecimal) return DOUBLE
  const [mantissa = '', exponent = '0'] = text.replace(/^-/, '').split(/[eE]/)
  const [whole = '', fraction = ''] = mantissa.split('.')
  const digits = (whole + fraction).replace(/^0+(?=\d)/, '')
  const scale = Math.max(0, fraction.length - Number(exponent))
  const precision = Math.max(digits.length, scale, 1)
  return precision <= 38 ? DecimalType(precision, scale) : DOUBLE
}

/** The type of the value under the scanner (Spark's `inferField`). */
function inferField(s: JsonScanner, options: JsonOptions): DataType {
  const code = s.peek()
  if (code === 123) {
    s.enter()
    s.pos++
    const fields = new Map<string, DataType>()
    if (s.peek() !== 125) {
      for (;;) {
        const name = s.readFieldName()
        s.expect(58)
        const type = inferField(s, options)
        const seen = fields.get(name)
        fields.set(name, seen === undefined ? type : compatibleJsonType(seen, type))
        const next = s.peek()
        s.pos++
        if (next === 125) break
        if (next !== 44) s.fail('Unexpected character, was expecting comma')
      }
    } else s.pos++
    s.leave()
    return sortedStruct([...fields].map(([name, type]) => StructField(name, type)))
  }
  if (code === 91) {
    s.enter()
    s.pos++
    let element: DataType = NULL
    if (s.peek() !== 93) {
      for (;;) {
        element = compatibleJsonType(element, inferField(s, options))
        const next = s.peek()
        s.pos++
        if (next === 93) break
        if (next !== 44) s.fail('Unexpected character, was expecting comma')
      }
    } else s.pos++
    s.leave()
    return ArrayType(element)
  }
  if (code === 34 || code === 39) {
    // An empty string may stand for null; it is typed only by the other records.
    return s.readString() === '' ? NULL : STRING
  }
  if (code === 116 || code === 102 || code === 110) {
    const literal = s.readLiteral()
    if (literal === null) return NULL
    return options.primitivesAsString ? STRING : BOOLEAN
  }
  if (code === -1) return s.fail('Unexpected end-of-input')
  s.readNumber()
  return options.primitivesAsString ? STRING : numberType(s, options)
}

function sortedStruct(fields: readonly StructField[]): StructType {
  return StructType([...fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
}

/** `JsonInferSchema.compatibleType`. */
export function compatibleJsonType(a: DataType, b: DataType): DataType {
  if (a.kind === 'null') return b
  if (b.kind === 'null') return a
  if (a.kind === 'struct' && b.kind === 'struct') {
    const fields = new Map<string, DataType>()
    for (const f of [...a.fields, ...b.fields]) {
      const seen = fields.get(f.name)
      fields.set(f.name, seen === undefined ? f.dataType : compatibleJsonType(seen, f.dataType))
    }
    return sortedStruct([...fields].map(([name, type]) => StructField(name, type)))
  }
  if (a.kind === 'array' && b.kind === 'array') {
    return ArrayType(compatibleJsonType(a.elementType, b.elementType), a.containsNull || b.containsNull)
  }
  if (a.kind === 'decimal' && b.kind === 'decimal') return widerInferredDecimal(a, b)
  if (a.kind === b.kind) return a
  const numeric = (t: DataType) => t.kind === 'long' || t.kind === 'double' || t.kind === 'decimal'
  if (numeric(a) && numeric(b)) {
    if (a.kind === 'double' || b.kind === 'double') return DOUBLE
    return compatibleJsonType(a.kind === 'long' ? DecimalType(20, 0) : a, b.kind === 'long' ? DecimalType(20, 0) : b)
  }
  if ((a.kind === 'timestamp' && b.kind === 'timestamp_ntz') || (a.kind === 'timestamp_ntz' && b.kind === 'timestamp'))
    return a.kind === 'timestamp' ? a : b
  return STRING
}

/** `canonicalizeType`: null → string, empty-named fields and empty structs dropped (undefined: drop the field). */
function canonicalize(type: DataType, options: JsonOptions): DataType | undefined {
  switch (type.kind) {
    case 'array': {
      const element = canonicalize(type.elementType, options)
      return element === undefined ? undefined : ArrayType(element, type.containsNull)
    }
    case 'struct': {
      const fields = type.fields
        .filter((f) => f.name !== '')
        .flatMap((f) => {
          const t = canonicalize(f.dataType, options)
          return t === undefined ? [] : [StructField(f.name, t, f.nullable)]
        })
      return fields.length === 0 ? undefined : StructType(fields)
    }
    case 'null':
      return options.dropFieldIfAllNull ? undefined : STRING
    default:
      return type
  }
}

/** The merged type of top-level records: structs, or arrays of structs; anything else counts as malformed. */
export function jsonInferSchema(
  files: readonly FileData[],
  options: Options,
  context: FormatContext,
): StructType | undefined {
  if (files.length === 0) return undefined
  const opts = jsonOptions(options, context)
  const mode = parseModeOf(options)
  const corrupt = StructType([StructField(corruptRecordName(options, context), STRING)])
  let root: DataType = StructType([])
  const malformed = (cause: unknown) => {
    if (mode === 'FAILFAST') {
      throw new SparkRuntimeException('Malformed records are detected in schema inference. Parse Mode: FAILFAST.', {
        errorClass: 'MALFORMED_RECORD_IN_SCHEMA_INFERENCE',
        cause,
      })
    }
    if (mode === 'PERMISSIVE') root = compatibleJsonType(root, corrupt)
  }
  for (const file of files) {
    const text = decodeJson(file.bytes, opts)
    const scanner = new JsonScanner(text, 0, text.length, opts.syntax)
    forEachJsonRecord(text, opts, (start, end) => {
      scanner.reset(start, end)
      try {
        if (scanner.peek() === -1) return
        let type = inferField(scanner, opts)
        if (type.kind === 'array') type = type.elementType
        if (type.kind === 'null') return
        if (type.kind !== 'struct') malformed(undefined)
        else root = compatibleJsonType(root, type)
      } catch (error) {
        if (!(error instanceof JsonSyntaxError)) throw error
        malformed(error)
      }
    })
  }
  const canonical = canonicalize(root, opts)
  return canonical?.kind === 'struct' ? canonical : StructType([])
}
