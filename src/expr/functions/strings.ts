// String functions with Spark's UTF8String semantics: case, trim (spaces only), substring (1-based), search.
import {
  bitAt,
  boolColumn,
  type Column,
  checkStringColumnBytes,
  checkStringValueBytes,
  newBitmap,
  numericColumn,
  stringsOf,
  Utf8Builder,
  validityOf,
  withStringData,
  withValidity,
} from '../../arrow/index.js'
import { ArrayType, BOOLEAN, INTEGER, STRING } from '../../types/data-types.js'
import { dataTypeOf, type Expr, literal } from '../expression.js'
import { concatFunction, reverseFunction } from './arrays.js'
import { coerceArgs } from './coercion.js'
import { allAscii, codePoints, numbersOver, stringMap, stringsOfVec, stringToNumber, typed } from './define.js'
import { regexpFunctions } from './regexp.js'
import type { ScalarFunction } from './spec.js'
import { characterCounts, translateAscii } from './string-bytes.js'
import { combinedValidity, isScalar, materialize, type Scalar, type Vec } from './vector.js'

const isAscii = (s: string) => /^[\x00-\x7f]*$/.test(s)
const charLength = (s: string) => (isAscii(s) ? s.length : codePoints(s).length)

/** 1-based character position of `t` in `s` at or after character `start`; 0 when absent (instr, locate). */
function locate(s: string, t: string, start: number): number {
  if (start < 1) return 0
  // UTF8String.indexOf answers 0 for an empty needle wherever the search starts.
  if (t === '') return 1
  const skipped = isAscii(s)
    ? start - 1
    : codePoints(s)
        .slice(0, start - 1)
        .join('').length
  const index = s.indexOf(t, skipped)
  return index < 0 ? 0 : charLength(s.slice(0, index)) + 1
}

/** Spark's `substringSQL`: 1-based `pos` (0 acts as 1, negative counts from the end), character based. */
export function substringSql(s: string, pos: number, length: number): string {
  const chars = isAscii(s) ? null : codePoints(s)
  const len = chars ? chars.length : s.length
  const start0 = pos > 0 ? pos - 1 : pos < 0 ? len + pos : 0
  const end = start0 + length
  const start = Math.max(start0, 0)
  if (start >= end) return ''
  return chars ? chars.slice(start, end).join('') : s.slice(start, end)
}

/**
 * UTF8String.subStringIndex: the text before the `count`-th delimiter (after the `-count`-th from the end when
 * negative), or the whole string when there are fewer. Each search starts one past the previous match, so
 * occurrences may overlap ('aaa' with 'aa' and count 2 is 'a').
 */
function substringIndex(s: string, delimiter: string, count: number): string {
  if (count > 0) {
    let index = -1
    for (let k = 0; k < count; k++) {
      index = s.indexOf(delimiter, index + 1)
      if (index < 0) return s
    }
    return s.slice(0, index)
  }
  let index = s.length - delimiter.length + 1
  for (let k = 0; k < -count; k++) {
    index = index - 1 < 0 ? -1 : s.lastIndexOf(delimiter, index - 1)
    if (index < 0) return s
  }
  return s.slice(index + delimiter.length)
}

/** UTF8String.toLowerCase().toTitleCase(): the first character and each one after a space (0x20 only) in title case. */
function initcap(s: string): string {
  const lower = s.toLowerCase()
  let out = ''
  for (let i = 0; i < lower.length; i++) {
    const c = lower[i]!
    out += i === 0 || lower.charCodeAt(i - 1) === 32 ? c.toUpperCase() : c
  }
  return out
}

const trimSpaces = (s: string, left: boolean, right: boolean) => {
  let start = 0
  let end = s.length
  if (left) while (start < end && s.charCodeAt(start) === 32) start++
  if (right) while (end > start && s.charCodeAt(end - 1) === 32) end--
  return s.slice(start, end)
}

/** trim/ltrim/rtrim: spaces only by default, or any of the characters of an optional second argument. */
function trimFunction(left: boolean, right: boolean): ScalarFunction {
  return typed(
    ['string', 'string'],
    STRING,
    stringMap(([s, chars]) => {
      if (chars === undefined) return trimSpaces(s!, left, right)
      const set = new Set(codePoints(chars!))
      const cps = codePoints(s!)
      let start = 0
      let end = cps.length
      if (left) while (start < end && set.has(cps[start]!)) start++
      if (right) while (end > start && set.has(cps[end - 1]!)) end--
      return cps.slice(start, end).join('')
    }),
    { arity: [1, 2] },
  )
}

/** A function whose optional last argument Spark fills in at analysis (so it shows in the column name). */
function withDefault(base: ScalarFunction, last: () => Expr): ScalarFunction {
  const arity = base.arity[1]
  return {
    ...base,
    arity: [arity - 1, arity],
    resolve: (args, name) => base.resolve(args.length === arity - 1 ? [...args, last()] : args, name),
  }
}

function stringTest(test: (s: string, t: string) => boolean): ScalarFunction {
  return typed(['string', 'string'], BOOLEAN, (args, ctx) => {
    const [a, b] = args.map((v) => stringsOfVec(v, ctx.length))
    const bits = newBitmap(ctx.length)
    for (let i = 0; i < ctx.length; i++) {
      const s = a![i]
      const t = b![i]
      if (s != null && t != null && test(s, t)) bits[i >> 3]! |= 1 << (i & 7)
    }
    return boolColumn(bits, ctx.length, combinedValidity(args, ctx.length))
  })
}

const lengthOf = typed(['string_or_binary'], INTEGER, (args, ctx, call) => {
  const input = materialize(args[0]!, ctx.length)
  if (dataTypeOf(call.args[0]!).kind === 'binary') {
    const offsets = input.valueOffsets as Int32Array
    const out = new Int32Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) out[i] = offsets[i + 1]! - offsets[i]!
    return numericColumn(INTEGER, out, validityOf(input))
  }
  return numericColumn(INTEGER, characterCounts(input), validityOf(input))
})

const concatWs: ScalarFunction = {
  kind: 'scalar',
  arity: [1, Number.POSITIVE_INFINITY],
  resolve(args, name) {
    // Each value is a string or an array of strings (other element types are cast, as ImplicitCastInputTypes does).
    const coerced = args.map((a, i) =>
      i > 0 && dataTypeOf(a).kind === 'array'
        ? coerceArgs(name, [a], [ArrayType(STRING)])[0]!
        : coerceArgs(name, [a], ['string'])[0]!,
    )
    return { args: coerced, dataType: STRING, nullable: args[0]!.kind !== 'Literal' }
  },
  kernel(args, ctx, call) {
    const separators = stringsOfVec(args[0]!, ctx.length)
    const parts = args.slice(1).map((v, k) => {
      const type = dataTypeOf(call.args[k + 1]!)
      if (type.kind !== 'array') return stringsOfVec(v, ctx.length).map((s) => (s === null ? [] : [s]))
      const column = materialize(v, ctx.length)
      const offsets = column.valueOffsets as Int32Array
      const items = stringsOf(column.children[0]!)
      const validity = validityOf(column)
      return Array.from({ length: ctx.length }, (_, i) =>
        validity !== null && !bitAt(validity, i)
          ? []
          : (items.slice(offsets[i]!, offsets[i + 1]!).filter((s) => s !== null) as string[]),
      )
    })
    const builder = new Utf8Builder(ctx.length, ctx.length * 16)
    for (let i = 0; i < ctx.length; i++) {
      const separator = separators[i]
      builder.append(separator == null ? null : parts.flatMap((p) => p[i]!).join(separator))
    }
    return builder.finish()
  },
}

/**
 * upper/lower of a column whose bytes are all ASCII: the letters' bytes change case in place of a copy (same offsets
 * and validity), with no JS string per row; other input goes to `general`.
 */
function asciiCaseOr(upper: boolean, general: ScalarFunction['kernel']): ScalarFunction['kernel'] {
  const [from, to] = upper ? [97, 122] : [65, 90]
  return (args, ctx, call) => {
    const input = args[0]!
    if (isScalar(input)) return general(args, ctx, call)
    const offsets = input.valueOffsets as Int32Array
    const bytes = input.values as Uint8Array
    const start = offsets[0]!
    const end = offsets[input.length]!
    if (!allAscii(bytes, start, end)) return general(args, ctx, call)
    const out = bytes.slice(start, end)
    for (let b = 0; b < out.length; b++) {
      const c = out[b]!
      if (c >= from && c <= to) out[b] = c ^ 0x20
    }
    const shifted = offsets.slice(0, input.length + 1)
    if (start !== 0) for (let i = 0; i < shifted.length; i++) shifted[i] = shifted[i]! - start
    return withStringData(input, shifted, out)
  }
}

/** replace(str, search[, replace]): every occurrence of `search` replaced (by '' when omitted, as Spark prints it). */
const replaceFunction: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 3],
  resolve(args, name) {
    const full = args.length === 2 ? [...args, literal('', STRING)] : args
    return { args: coerceArgs(name, full, ['string', 'string', 'string']), dataType: STRING }
  },
  // UTF8String.replace leaves the string as it is for an empty search string.
  kernel: stringMap(([s, search, by]) => (search === '' ? s! : s!.split(search!).join(by!))),
}

export const stringFunctions = {
  upper: typed(
    ['string'],
    STRING,
    asciiCaseOr(
      true,
      stringMap(([s]) => s!.toUpperCase()),
    ),
  ),
  lower: typed(
    ['string'],
    STRING,
    asciiCaseOr(
      false,
      stringMap(([s]) => s!.toLowerCase()),
    ),
  ),
  trim: trimFunction(true, true),
  ltrim: trimFunction(true, false),
  rtrim: trimFunction(false, true),
  length: lengthOf,
  concat: concatFunction(
    typed(
      ['string'],
      STRING,
      stringMap((values) => values.join('')),
      { arity: [0, Number.POSITIVE_INFINITY] },
    ),
  ),
  concat_ws: concatWs,
  ...regexpFunctions,
  substring: withDefault(
    typed(['string', INTEGER, INTEGER], STRING, (args, ctx) => {
      const positions = numbersOver(args[1]!, ctx.length)
      const lengths = numbersOver(args[2]!, ctx.length)
      const result = stringMap(([s], i) => substringSql(s!, positions[i]!, lengths[i]!))(
        [args[0]!],
        ctx,
        undefined as never,
      )
      return withValidity(result as Column, combinedValidity(args, ctx.length))
    }),
    // Spark fills in the length: substring(s, 5) is named substring(s, 5, 2147483647).
    () => literal(2147483647, INTEGER),
  ),
  contains: stringTest((s, t) => s.includes(t)),
  startswith: stringTest((s, t) => s.startsWith(t)),
  endswith: stringTest((s, t) => s.endsWith(t)),
  instr: typed(
    ['string', 'string'],
    INTEGER,
    stringToNumber(([s, t]) => locate(s!, t!, 1)),
  ),
  locate: withDefault(
    typed(['string', 'string', INTEGER], INTEGER, (args, ctx, call) => {
      // A NULL start gives 0, not NULL (StringLocate, for Hive compatibility).
      const starts = numbersOver(args[2]!, ctx.length)
      const startValid = validityOf(materialize(args[2]!, ctx.length))
      return stringToNumber(([t, s], i) => (startValid && !bitAt(startValid, i) ? 0 : locate(s!, t!, starts[i]!)))(
        args.slice(0, 2),
        ctx,
        call,
      )
    }),
    () => literal(1, INTEGER),
  ),
  initcap: typed(
    ['string'],
    STRING,
    stringMap(([s]) => initcap(s!)),
  ),
  reverse: reverseFunction(
    typed(
      ['string'],
      STRING,
      stringMap(([s]) => codePoints(s!).reverse().join('')),
    ),
  ),
  repeat: typed(['string', INTEGER], STRING, (args, ctx) => repeatBytes(args[0]!, args[1]!, ctx.length)),
  replace: replaceFunction,
  translate: typed(['string', 'string', 'string'], STRING, (args, ctx, call) => {
    const [, from, to] = args as [Vec, Vec, Vec]
    const ascii = (v: Vec) => isScalar(v) && typeof v.value === 'string' && isAscii(v.value)
    if (ascii(from) && ascii(to)) {
      return translateAscii(
        materialize(args[0]!, ctx.length),
        (from as Scalar).value as string,
        (to as Scalar).value as string,
      )
    }
    // Constant `from` and `to` (the usual case) are read once, not per row.
    const constant =
      isScalar(from) && isScalar(to) && from.value !== null && to.value !== null
        ? translation(codePoints(from.value as string), codePoints(to.value as string), new Map<string, string>())
        : null
    return stringMap(([s, source, target]) => {
      const map = constant ?? translation(codePoints(source!), codePoints(target!), new Map<string, string>())
      return codePoints(s!)
        .map((c) => {
          const target = map.get(c)
          return target === undefined ? c : (target ?? '')
        })
        .join('')
    })(args, ctx, call)
  }),
  substring_index: typed(['string', 'string', INTEGER], STRING, (args, ctx) => {
    const counts = numbersOver(args[2]!, ctx.length)
    return stringMap(([s, delimiter], i) => {
      const count = counts[i]!
      if (count === 0 || delimiter === '') return ''
      return substringIndex(s!, delimiter!, count)
    })(args.slice(0, 2), ctx, undefined as never)
  }),
  ascii: typed(
    ['string'],
    INTEGER,
    // Spark returns the first UTF-16 `char` of the string, so a surrogate pair yields its high half.
    stringToNumber(([s]) => (s!.length === 0 ? 0 : s!.charCodeAt(0))),
  ),
} satisfies Record<string, ScalarFunction>

/** translate's mapping: each character of `from` to the one at its position in `to` (or to nothing); first wins. */
function translation<K>(from: readonly K[], to: readonly K[], map: Map<K, K | null>): Map<K, K | null> {
  from.forEach((c, k) => {
    if (!map.has(c)) map.set(c, to[k] ?? null)
  })
  return map
}

/** repeat(s, n): each row's bytes copied n times (none for n ≤ 0), failing before copying past the column limit. */
function repeatBytes(value: Vec, count: Vec, n: number): Column {
  const strings = materialize(value, n)
  const counts = numbersOver(count, n)
  const valid = combinedValidity([strings, materialize(count, n)], n)
  const offsets = strings.valueOffsets as Int32Array
  const bytes = strings.values as Uint8Array
  let total = 0
  for (let i = 0; i < n; i++) {
    if (valid !== null && !bitAt(valid, i)) continue
    const bytes = (offsets[i + 1]! - offsets[i]!) * Math.max(0, counts[i]!)
    checkStringValueBytes(bytes, 'repeat')
    total += bytes
  }
  checkStringColumnBytes(total, 'repeat')
  const out = new Utf8Builder(n, total)
  for (let i = 0; i < n; i++) {
    if (valid !== null && !bitAt(valid, i)) out.appendNull()
    else out.appendRepeated(bytes, offsets[i]!, offsets[i + 1]!, Math.max(0, counts[i]!))
  }
  return out.finish()
}
