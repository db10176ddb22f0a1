// Schema-directed JSON value readers, after Spark's JacksonParser.makeConverter: each token kind a type accepts,
// with anything else a conversion failure (the value is skipped and MALFORMED returned).
import type { DataType } from '../../types/data-types.js'
import type { JsonScanner } from './json-scanner.js'
import {
  INT_RANGES,
  MALFORMED,
  parseJavaDecimal,
  parseJavaIntegral,
  type TextValueOptions,
  textConverter,
} from './text-values.js'

export type JsonValueReader = (scanner: JsonScanner) => unknown

const NULL_CODE = 110 // 'n'
const isNumberStart = (code: number) =>
  (code >= 48 && code <= 57) || code === 45 || code === 43 || code === 78 || code === 73

/** Skips the value under the scanner and reports a conversion failure. */
function mismatch(scanner: JsonScanner): typeof MALFORMED {
  scanner.skipValue()
  return MALFORMED
}

/** A reader of one value of `type`; JSON null is null for every type. */
export function jsonValueReader(type: DataType, options: TextValueOptions): JsonValueReader {
  const read = typedReader(type, options)
  return (scanner) => {
    if (scanner.peek() === NULL_CODE) return scanner.readLiteral()
    return read(scanner)
  }
}

function typedReader(type: DataType, options: TextValueOptions): JsonValueReader {
  switch (type.kind) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'long': {
      const kind = type.kind
      return (s) => {
        if (!isNumberStart(s.peek())) return mismatch(s)
        const value = s.readNumber()
        if (!s.numberIsInt) return MALFORMED
        if (Number.isSafeInteger(value)) {
          const [min, max] = INT_RANGES[kind]!
          return value >= min && value <= max ? value : MALFORMED
        }
        return parseJavaIntegral(s.text.slice(s.numberStart, s.numberEnd), kind) ?? MALFORMED
      }
    }
    case 'float':
    case 'double': {
      const single = type.kind === 'float'
      return (s) => {
        const code = s.peek()
        if (isNumberStart(code)) {
          const value = s.readNumber()
          return single ? Math.fround(value) : value
        }
        if (code !== 34 && code !== 39) return mismatch(s)
        // Spark accepts NaN and infinities written as strings too.
        switch (s.readString()) {
          case 'NaN':
            return Number.NaN
          case '+INF':
          case '+Infinity':
          case 'Infinity':
            return Number.POSITIVE_INFINITY
          case '-INF':
          case '-Infinity':
            return Number.NEGATIVE_INFINITY
          default:
            return MALFORMED
        }
      }
    }
    case 'decimal':
      return (s) => {
        const code = s.peek()
        if (isNumberStart(code)) {
          s.readNumber()
          if (s.numberNonNumeric) return MALFORMED
          return parseJavaDecimal(s.text.slice(s.numberStart, s.numberEnd), type.precision, type.scale) ?? MALFORMED
        }
        if (code !== 34 && code !== 39) return mismatch(s)
        return parseJavaDecimal(s.readString().replaceAll(',', ''), type.precision, type.scale) ?? MALFORMED
      }
    case 'boolean':
      return (s) => {
        const code = s.peek()
        return code === 116 || code === 102 ? s.readLiteral() : mismatch(s)
      }
    case 'string':
      return (s) => {
        const code = s.peek()
        return code === 34 || code === 39 ? s.readString() : s.rawValue()
      }
    case 'binary':
      return (s) => {
        const code = s.peek()
        if (code !== 34 && code !== 39) return mismatch(s)
        return new Uint8Array(Buffer.from(s.readString(), 'base64'))
      }
    case 'date':
    case 'timestamp':
    case 'timestamp_ntz': {
      const convert = textConverter(type, options)
      const kind = type.kind
      return (s) => {
        const code = s.peek()
        if (code === 34 || code === 39) {
          const text = s.readString()
          return text === '' ? MALFORMED : convert(text)
        }
        if (kind !== 'date' && isNumberStart(code)) {
          // A JSON integer is seconds since the epoch.
          const value = s.readNumber()
          return s.numberIsInt ? value * 1_000_000 : MALFORMED
        }
        return mismatch(s)
      }
    }
    case 'struct': {
      const index = new Map(type.fields.map((f, i) => [f.name, i]))
      const readers = type.fields.map((f) => jsonValueReader(f.dataType, options))
      return (s) => {
        if (s.peek() !== 123) return mismatch(s)
        const values: unknown[] = new Array(readers.length).fill(null)
        return readObject(s, index, readers, values) ? values : MALFORMED
      }
    }
    case 'array': {
      const element = jsonValueReader(type.elementType, options)
      return (s) => {
        if (s.peek() !== 91) return mismatch(s)
        s.enter()
        s.pos++
        const items: unknown[] = []
        let failed = false
        if (s.peek() === 93) {
          s.pos++
          s.leave()
          return items
        }
        for (;;) {
          const item = element(s)
          if (item === MALFORMED) failed = true
          else items.push(item)
          const next = s.peek()
          s.pos++
          if (next === 93) {
            s.leave()
            return failed ? MALFORMED : items
          }
          if (next !== 44) s.fail('Unexpected character, was expecting comma')
        }
      }
    }
    case 'map': {
      const key = textConverter(type.keyType, options)
      const value = jsonValueReader(type.valueType, options)
      return (s) => {
        if (s.peek() !== 123) return mismatch(s)
        s.enter()
        s.pos++
        const entries: [unknown, unknown][] = []
        let failed = false
        if (s.peek() === 125) {
          s.pos++
          s.leave()
          return entries
        }
        for (;;) {
          const k = key(s.readFieldName())
          s.expect(58)
          const v = value(s)
          if (k === MALFORMED || v === MALFORMED) failed = true
          else entries.push([k, v])
          const next = s.peek()
          s.pos++
          if (next === 125) {
            s.leave()
            return failed ? MALFORMED : entries
          }
          if (next !== 44) s.fail('Unexpected character, was expecting comma')
        }
      }
    }
    case 'null':
      return (s) => {
        s.skipValue()
        return null
      }
    default:
      return mismatch
  }
}

/**
 * Reads an object's fields into `values` by name (unknown names skipped, a repeated name overwrites). Returns false
 * when some field failed to convert; the object is consumed either way and the other fields keep their values
 * (Spark's partial result for a top-level record).
 */
export function readObject(
  s: JsonScanner,
  index: ReadonlyMap<string, number>,
  readers: readonly JsonValueReader[],
  values: unknown[],
): boolean {
  s.expect(123)
  s.enter()
  let ok = true
  if (s.peek() === 125) {
    s.pos++
    s.leave()
    return ok
  }
  for (;;) {
    const name = s.readFieldName()
    s.expect(58)
    const i = index.get(name)
    if (i === undefined) s.skipValue()
    else {
      const value = readers[i]!(s)
      if (value === MALFORMED) {
        values[i] = null
        ok = false
      } else values[i] = value
    }
    const next = s.peek()
    s.pos++
    if (next === 125) {
      s.leave()
      return ok
    }
    if (next !== 44) s.fail('Unexpected character, was expecting comma')
  }
}
