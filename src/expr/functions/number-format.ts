// format_number (java.text.DecimalFormat in Locale.US, HALF_EVEN) and width_bucket (SQL's equi-width histogram
// bucket), as Spark computes them.
import { bitAt, decimalTextAt, numericColumn, Utf8Builder } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { DOUBLE, INTEGER, LONG, STRING, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText, coerceArgs, unexpectedInputType } from './coercion.js'
import { numbersOver, stringsOfVec } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, materialize } from './vector.js'

/** A DecimalFormat pattern's number part: digits kept, fraction digits, grouping size, literal prefix/suffix. */
interface NumberPattern {
  readonly minInt: number
  readonly minFrac: number
  readonly maxFrac: number
  readonly grouping: number
  readonly prefix: string
  readonly suffix: string
}

/** Spark's pattern for format_number(x, d): `#,###,###,###,###,###,##0` and d zeros after the point. */
const fixedPattern = (d: number): NumberPattern => ({
  minInt: 1,
  minFrac: d,
  maxFrac: d,
  grouping: 3,
  prefix: '',
  suffix: '',
})

/** The positive subpattern of a DecimalFormat pattern (`#,##0.00`, `'$'#.###`); quoting and '%' are not read. */
function parsePattern(text: string): NumberPattern {
  const positive = text.split(';')[0]!
  const start = positive.search(/[#0,.]/)
  if (start < 0) return { ...fixedPattern(0), prefix: positive }
  let end = start
  while (end < positive.length && '#0,.'.includes(positive[end]!)) end++
  const body = positive.slice(start, end)
  const [whole = '', fraction = ''] = body.split('.')
  const lastComma = whole.lastIndexOf(',')
  return {
    minInt: (whole.match(/0/g) ?? []).length,
    minFrac: (fraction.match(/0/g) ?? []).length,
    maxFrac: fraction.replace(/,/g, '').length,
    grouping: lastComma < 0 ? 0 : whole.length - lastComma - 1,
    prefix: positive.slice(0, start),
    suffix: positive.slice(end),
  }
}

/** Rounds plain decimal text (`-12.345`) to `digits` fraction digits, half to even; returns sign, whole, fraction. */
function roundHalfEven(text: string, digits: number): { negative: boolean; whole: string; fraction: string } {
  const negative = text.startsWith('-')
  const [rawWhole = '0', rawFraction = ''] = (negative ? text.slice(1) : text).split('.')
  const all = rawWhole + rawFraction.padEnd(digits, '0').slice(0, digits)
  const rest = rawFraction.slice(digits)
  const kept = all.split('').map(Number)
  const first = Number(rest[0] ?? '0')
  const beyond = /[1-9]/.test(rest.slice(1))
  const last = kept.length > 0 ? kept[kept.length - 1]! : 0
  if (first > 5 || (first === 5 && (beyond || last % 2 === 1))) {
    let k = kept.length - 1
    while (k >= 0 && kept[k] === 9) kept[k--] = 0
    if (k >= 0) kept[k]!++
    else kept.unshift(1)
  }
  const digitsText = kept.join('')
  const cut = digitsText.length - digits
  return { negative, whole: digitsText.slice(0, cut).replace(/^0+(?=\d)/, '') || '0', fraction: digitsText.slice(cut) }
}

/** The exact decimal expansion of a finite double (toFixed is exact up to 100 digits; large values are integers). */
function exactText(x: number, digits: number): string {
  if (Math.abs(x) >= 1e21) return BigInt(x).toString()
  const text = x.toFixed(Math.min(100, digits + 30))
  return Object.is(x, -0) || (x < 0 && !text.startsWith('-')) ? `-${text}` : text
}

/** DecimalFormat.format of exact decimal text. */
function formatDecimalText(text: string, p: NumberPattern): string {
  const { negative, whole, fraction } = roundHalfEven(text, p.maxFrac)
  let frac = fraction
  while (frac.length > p.minFrac && frac.endsWith('0')) frac = frac.slice(0, -1)
  let int = whole === '0' && p.minInt === 0 ? '' : whole.padStart(p.minInt, '0')
  if (p.grouping > 0) int = int.replace(new RegExp(`\\B(?=(\\d{${p.grouping}})+$)`, 'g'), ',')
  const body = `${int}${frac.length > 0 ? `.${frac}` : ''}` || '0'
  return `${negative ? '-' : ''}${p.prefix}${body}${p.suffix}`
}

/** format_number(x, d | pattern): x rounded half-even to d places with thousands separators; NULL when d < 0. */
const formatNumber: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve(args, name) {
    const type = dataTypeOf(args[0]!)
    if (!['byte', 'short', 'integer', 'long', 'float', 'double', 'decimal', 'null'].includes(type.kind))
      throw unexpectedInputType(callText(name, args), 0, 'numeric', args[0]!)
    const second = dataTypeOf(args[1]!).kind
    const [x] = type.kind === 'null' ? coerceArgs(name, [args[0]!], [DOUBLE]) : [args[0]!]
    const [d] = coerceArgs(name, [args[1]!], [second === 'string' ? STRING : INTEGER])
    return { args: [x!, d!], dataType: STRING, nullable: true }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const type = dataTypeOf(call.args[0]!)
    const input = materialize(args[0]!, n)
    const values = type.kind === 'decimal' ? null : numbersOver(input, n)
    const valid = combinedValidity(args, n)
    const byPattern = dataTypeOf(call.args[1]!).kind === 'string'
    const patterns = byPattern ? stringsOfVec(args[1]!, n) : null
    const places = byPattern ? null : numbersOver(args[1]!, n)
    const cache = new Map<string | number, NumberPattern>()
    const out = new Utf8Builder(n, n * 16)
    for (let i = 0; i < n; i++) {
      if (valid !== null && !bitAt(valid, i)) {
        out.appendNull()
        continue
      }
      const key = patterns ? patterns[i]! : places![i]!
      if (typeof key === 'number' && key < 0) {
        out.appendNull()
        continue
      }
      let pattern = cache.get(key)
      if (!pattern) {
        pattern =
          typeof key === 'number' ? fixedPattern(key) : parsePattern(key === '' ? '#,###,###,###,###,###,##0' : key)
        cache.set(key, pattern)
      }
      if (values === null) {
        const scale = type.kind === 'decimal' ? type.scale : 0
        out.append(formatDecimalText(decimalTextAt(input, scale, i), pattern))
        continue
      }
      const x = values[i]!
      if (Number.isNaN(x)) out.append('NaN')
      else if (!Number.isFinite(x)) out.append(`${x < 0 ? '-' : ''}${pattern.prefix}∞${pattern.suffix}`)
      else out.append(formatDecimalText(exactText(x, pattern.maxFrac), pattern))
    }
    return out.finish()
  },
}

const intervalKinds = ['year_month_interval', 'interval']

/** width_bucket's value, min and max: all numeric (as DOUBLE) or all of one ANSI interval type. */
function bucketArgs(name: string, args: readonly Expr[]): Expr[] {
  const kinds = args.slice(0, 3).map((a) => dataTypeOf(a).kind)
  if (intervalKinds.includes(kinds[0]!) && kinds.every((k) => k === kinds[0])) {
    return [...args.slice(0, 3), ...coerceArgs(name, [args[3]!], [LONG])]
  }
  args.slice(0, 3).forEach((a, i) => {
    if (intervalKinds.includes(dataTypeOf(a).kind)) {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: The ${['first', 'second', 'third'][i]} parameter requires the ("DOUBLE" or "ANSI INTERVAL") type, however "${sqlText(a)}" has the type "${sqlTypeName(dataTypeOf(a))}".`,
        { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
      )
    }
  })
  return coerceArgs(name, args, [DOUBLE, DOUBLE, DOUBLE, LONG])
}

/** width_bucket(value, min, max, n): the 1-based bucket of value among n equal buckets, 0 below, n + 1 above. */
const widthBucket: ScalarFunction = {
  kind: 'scalar',
  arity: [4, 4],
  resolve: (args, name) => ({ args: bucketArgs(name, args), dataType: LONG, nullable: true }),
  kernel(args, ctx) {
    const n = ctx.length
    const [value, min, max, buckets] = args.map((a) => numbersOver(a, n))
    const valid = combinedValidity(args, n) ?? new Uint8Array((n + 7) >> 3).fill(255)
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const v = value![i]!
      const lo = min![i]!
      const hi = max![i]!
      const k = buckets![i]!
      if (k <= 0 || k >= 2 ** 63 - 1 || Number.isNaN(v) || lo === hi || !Number.isFinite(lo) || !Number.isFinite(hi)) {
        valid[i >> 3]! &= ~(1 << (i & 7))
        continue
      }
      const lower = Math.min(lo, hi)
      const upper = Math.max(lo, hi)
      if (lo < hi) out[i] = v < lower ? 0 : v >= upper ? k + 1 : Math.trunc((k * (v - lower)) / (upper - lower)) + 1
      else out[i] = v > upper ? 0 : v <= lower ? k + 1 : Math.trunc((k * (upper - v)) / (upper - lower)) + 1
    }
    return numericColumn(LONG, out, valid)
  },
}

export const numberFormatFunctions = {
  format_number: formatNumber,
  width_bucket: widthBucket,
} satisfies Record<string, ScalarFunction>
