// format_string (printf): java.util.Formatter's common conversions over Spark's internal values, row by row.

import { javaDoubleText, javaFloatText } from '../../arrow/cell-text.js'
import { bitAt, type Column, numbersOf, stringAt, TWO_32, Utf8Builder, validityOf } from '../../arrow/index.js'
import { SparkRuntimeException } from '../../common/errors.js'
import { LruCache } from '../../common/lru-cache.js'
import { type DataType, isIntegral, STRING } from '../../types/data-types.js'
import { dataTypeOf } from '../expression.js'
import { roundHalfUp } from './arithmetic.js'
import { coerceArgs } from './coercion.js'
import type { ScalarFunction } from './spec.js'
import { materialize } from './vector.js'

interface Spec {
  readonly index: number | undefined
  readonly flags: string
  readonly width: number | undefined
  readonly precision: number | undefined
  readonly conversion: string
}

type Part = string | Spec

const specRe = /%(?:(\d+)\$)?([-#+ 0,(<]*)(\d+)?(?:\.(\d+))?([a-zA-Z%])/g
const cache = new LruCache<string, Part[]>(1024)

/** The format split into literal text and conversion specifiers. */
function parse(format: string): Part[] {
  let parts = cache.get(format)
  if (parts) return parts
  parts = []
  let last = 0
  for (const m of format.matchAll(specRe)) {
    if (m.index > last) parts.push(format.slice(last, m.index))
    parts.push({
      index: m[1] === undefined ? undefined : Number(m[1]),
      flags: m[2] ?? '',
      width: m[3] === undefined ? undefined : Number(m[3]),
      precision: m[4] === undefined ? undefined : Number(m[4]),
      conversion: m[5]!,
    })
    last = m.index + m[0].length
  }
  if (last < format.length) parts.push(format.slice(last))
  cache.set(format, parts)
  return parts
}

/** One argument as Spark hands it to the Formatter: its internal value (dates as days, timestamps as micros). */
interface Arg {
  readonly value: number | string | boolean | null
  readonly type: DataType
}

/** Row i of a column as an Arg, its arrays read once per batch. */
function argReader(column: Column, type: DataType): (i: number) => Arg {
  if (type.kind === 'null') return () => ({ value: null, type })
  const valid = validityOf(column)
  let read: (i: number) => number | string | boolean | null
  if (type.kind === 'string') read = (i) => stringAt(column, i)
  else if (type.kind === 'boolean') {
    const bits = column.values as Uint8Array
    read = (i) => bitAt(bits, i)
  } else {
    const numbers = numbersOf(column)
    read = (i) => numbers[i]!
  }
  return (i) => ({ value: valid !== null && !bitAt(valid, i) ? null : read(i), type })
}

/** The two's-complement digits of an integral value of `bits` bits in base 16 or 8 (BigInt only for 64-bit octal). */
function unsignedDigits(v: number, bits: 32 | 64, radix: 16 | 8): string {
  if (bits === 32) return (v >>> 0).toString(radix)
  if (radix === 8) return (v < 0 ? BigInt(v) + (1n << 64n) : BigInt(v)).toString(8)
  const high = Math.floor(v / TWO_32)
  const low = (v - high * TWO_32).toString(16)
  return high === 0 ? low : (high >>> 0).toString(16) + low.padStart(8, '0')
}

function mismatch(conversion: string, arg: Arg): SparkRuntimeException {
  const javaClass: Record<string, string> = {
    string: 'org.apache.spark.unsafe.types.UTF8String',
    boolean: 'java.lang.Boolean',
    double: 'java.lang.Double',
    float: 'java.lang.Float',
    decimal: 'org.apache.spark.sql.types.Decimal',
  }
  const name = javaClass[arg.type.kind] ?? (isIntegral(arg.type) ? 'java.lang.Integer' : 'java.lang.Object')
  return new SparkRuntimeException(`${conversion} != ${name}`, { errorClass: 'ILLEGAL_FORMAT_CONVERSION' })
}

/** The Java `toString` of an argument (what %s prints). */
function text(arg: Arg): string {
  if (arg.value === null) return 'null'
  if (arg.type.kind === 'double') return javaDoubleText(arg.value as number)
  if (arg.type.kind === 'float') return javaFloatText(arg.value as number)
  return String(arg.value)
}

/** Groups the integer digits of `digits` by thousands (the ',' flag). */
const group = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')

/** Applies sign flags ('+', ' ', '(') and zero padding / justification to a formatted magnitude. */
function finish(magnitude: string, negative: boolean, spec: Spec, numeric: boolean): string {
  const { flags, width } = spec
  let prefix = ''
  let suffix = ''
  if (negative) {
    if (flags.includes('(')) {
      prefix = '('
      suffix = ')'
    } else prefix = '-'
  } else if (numeric && flags.includes('+')) prefix = '+'
  else if (numeric && flags.includes(' ')) prefix = ' '
  let body = magnitude
  const total = prefix.length + body.length + suffix.length
  if (width !== undefined && total < width) {
    if (flags.includes('0') && !flags.includes('-')) body = body.padStart(width - prefix.length - suffix.length, '0')
    else if (flags.includes('-')) return (prefix + body + suffix).padEnd(width)
    else return (prefix + body + suffix).padStart(width)
  }
  return prefix + body + suffix
}

function formatOne(spec: Spec, arg: Arg): string {
  const c = spec.conversion
  const upper = c === c.toUpperCase() && c !== '%'
  const lower = c.toLowerCase()
  let out: string
  if (lower === 's' || lower === 'b') {
    out =
      lower === 'b' ? String(arg.value === null ? false : arg.type.kind === 'boolean' ? arg.value : true) : text(arg)
    if (spec.precision !== undefined) out = out.slice(0, spec.precision)
    out = finish(out, false, spec, false)
  } else if (arg.value === null) {
    out = finish('null', false, { ...spec, flags: spec.flags.replace('0', '') }, false)
  } else if (lower === 'd') {
    if (!isIntegral(arg.type)) throw mismatch(c, arg)
    const v = arg.value as number
    const digits = String(Math.abs(v))
    out = finish(spec.flags.includes(',') ? group(digits) : digits, v < 0, spec, true)
  } else if (lower === 'x' || lower === 'o') {
    if (!isIntegral(arg.type)) throw mismatch(c, arg)
    const digits = unsignedDigits(arg.value as number, arg.type.kind === 'long' ? 64 : 32, lower === 'x' ? 16 : 8)
    out = finish((spec.flags.includes('#') ? (lower === 'x' ? '0x' : '0') : '') + digits, false, spec, false)
  } else if (lower === 'f' || lower === 'e' || lower === 'g') {
    if (!['double', 'float', 'decimal'].includes(arg.type.kind)) throw mismatch(c, arg)
    const v = arg.value as number
    if (!Number.isFinite(v)) out = finish(Number.isNaN(v) ? 'NaN' : 'Infinity', v < 0, spec, !Number.isNaN(v))
    else {
      const precision = spec.precision ?? 6
      const abs = Math.abs(v)
      let magnitude: string
      if (lower === 'f' || (lower === 'g' && abs >= 1e-4 && abs < 10 ** Math.max(precision, 1))) {
        const digits = lower === 'g' ? Math.max(precision - 1 - Math.floor(Math.log10(abs || 1)), 0) : precision
        magnitude = roundHalfUp(abs, digits).toFixed(digits)
        if (spec.flags.includes(',')) {
          const [whole, fraction] = magnitude.split('.')
          magnitude = group(whole!) + (fraction === undefined ? '' : `.${fraction}`)
        }
      } else {
        const digits = lower === 'g' ? Math.max(precision - 1, 0) : precision
        const [mantissa, exponent] = abs.toExponential(digits).split('e') as [string, string]
        const e = Number(exponent)
        magnitude = `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`
      }
      out = finish(magnitude, v < 0 || Object.is(v, -0), spec, true)
    }
  } else if (lower === 'c') {
    if (!isIntegral(arg.type)) throw mismatch(c, arg)
    out = finish(String.fromCodePoint(arg.value as number), false, spec, false)
  } else {
    throw new SparkRuntimeException(`Conversion = '${c}'`, { errorClass: 'UNKNOWN_FORMAT_CONVERSION' })
  }
  return upper ? out.toUpperCase() : out
}

/** format_string(fmt, args...): NULL when the format is NULL; a NULL argument prints as "null". */
const formatString: ScalarFunction = {
  kind: 'scalar',
  arity: [1, Number.POSITIVE_INFINITY],
  resolve(args, name) {
    const [format] = coerceArgs(name, [args[0]!], ['string'])
    return { args: [format!, ...args.slice(1)], dataType: STRING, nullable: true }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const columns = args.map((a) => materialize(a, n))
    const readers = columns.map((c, k) => argReader(c, dataTypeOf(call.args[k]!)))
    const builder = new Utf8Builder(n, n * 16)
    for (let i = 0; i < n; i++) {
      const format = stringAt(columns[0]!, i)
      if (format === null) {
        builder.appendNull()
        continue
      }
      let next = 0
      let previous = -1
      let out = ''
      for (const part of parse(format)) {
        if (typeof part === 'string') out += part
        else if (part.conversion === '%') out += finish('%', false, part, false)
        else if (part.conversion === 'n') out += '\n'
        else {
          const k = part.flags.includes('<') ? previous : part.index !== undefined ? part.index - 1 : next++
          if (k < 0 || k + 1 >= readers.length) {
            throw new SparkRuntimeException(`Format specifier '%${part.conversion}'`, {
              errorClass: 'MISSING_FORMAT_ARGUMENT',
            })
          }
          previous = k
          out += formatOne(part, readers[k + 1]!(i))
        }
      }
      builder.append(out)
    }
    return builder.finish()
  },
}

export const formatFunctions = {
  format_string: formatString,
  printf: formatString,
} satisfies Record<string, ScalarFunction>
