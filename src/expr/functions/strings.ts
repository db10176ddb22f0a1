// String functions with Spark's semantics: case, trim (spaces only), substring (1-based), split (Java regex), regexps.
import { makeData } from 'apache-arrow'
import {
  bitAt,
  boolColumn,
  type Column,
  newBitmap,
  numbersOf,
  numericColumn,
  stringsOf,
  toArrowType,
  Utf8Builder,
  validityOf,
} from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { ArrayType, BOOLEAN, INTEGER, STRING } from '../../types/data-types.js'
import { dataTypeOf } from '../expression.js'
import { coerceArgs } from './coercion.js'
import { numbersOver, stringMap, stringsOfVec, stringToNumber, typed } from './define.js'
import { javaRegex } from './predicates.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, isScalar, materialize } from './vector.js'

const codePoints = (s: string): string[] => Array.from(s)
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

/** Java's `String.split(regex, limit)` (Spark's `split`): zero-width leading matches give no empty first part. */
export function javaSplit(s: string, regex: string, limit: number): string[] {
  if (s.length > 0 && regex.length === 0) {
    const chars = codePoints(s)
    const count = limit > chars.length || limit <= 0 ? chars.length : limit
    return [...chars.slice(0, count - 1), chars.slice(count - 1).join('')]
  }
  const re = new RegExp(javaRegex(regex).source, 'gu')
  const parts: string[] = []
  let last = 0
  while (limit <= 0 || parts.length < limit - 1) {
    const match = re.exec(s)
    if (!match) break
    if (match[0].length === 0) {
      re.lastIndex++
      if (match.index === 0 || match.index >= s.length) continue
    }
    parts.push(s.slice(last, match.index))
    last = match.index + match[0].length
  }
  parts.push(s.slice(last))
  if (limit === 0) while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop()
  return parts
}

/** A list<string> column from per-row parts (null rows stay null). */
function listOfStrings(rows: readonly (readonly string[] | null)[]): Column {
  const offsets = new Int32Array(rows.length + 1)
  const child = new Utf8Builder(rows.length * 2, rows.length * 8)
  const validity = newBitmap(rows.length)
  let nulls = 0
  rows.forEach((parts, i) => {
    if (parts === null) nulls++
    else {
      validity[i >> 3]! |= 1 << (i & 7)
      for (const part of parts) child.append(part)
    }
    offsets[i + 1] = child.length
  })
  return makeData({
    type: toArrowType(ArrayType(STRING, false)),
    length: rows.length,
    nullCount: nulls,
    nullBitmap: nulls > 0 ? validity : undefined,
    valueOffsets: offsets,
    child: child.finish(),
  } as never)
}

/**
 * split on a one-byte separator straight over UTF-8 bytes: no decoding, one pass. Valid whenever the pattern is a
 * single ASCII character that is not a regex metacharacter (or is escaped), which covers `split(line, ' ')`.
 */
function splitOnByte(column: Column, separator: number, limit: number): Column {
  const n = column.length
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  const validity = validityOf(column)
  const listOffsets = new Int32Array(n + 1)
  const partOffsets: number[] = [0]
  const out = new Uint8Array(bytes.length)
  let written = 0
  for (let i = 0; i < n; i++) {
    if (validity === null || bitAt(validity, i)) {
      const end = offsets[i + 1]!
      let start = offsets[i]!
      let count = 1
      for (let k = start; k < end && (limit <= 0 || count < limit); k++) {
        if (bytes[k] === separator) {
          out.set(bytes.subarray(start, k), written)
          written += k - start
          partOffsets.push(written)
          start = k + 1
          count++
        }
      }
      out.set(bytes.subarray(start, end), written)
      written += end - start
      partOffsets.push(written)
    }
    listOffsets[i + 1] = partOffsets.length - 1
  }
  const child = makeData({
    type: toArrowType(STRING),
    length: partOffsets.length - 1,
    nullCount: 0,
    valueOffsets: Int32Array.from(partOffsets),
    data: out.subarray(0, written),
  } as never)
  return makeData({
    type: toArrowType(ArrayType(STRING, false)),
    length: n,
    nullCount: column.nullCount,
    nullBitmap: column.nullCount > 0 ? column.nullBitmap : undefined,
    valueOffsets: listOffsets,
    child,
  } as never)
}

function singleByteSeparator(pattern: string): number | undefined {
  const literal =
    pattern.length === 2 && pattern[0] === '\\' && /[^a-zA-Z0-9]/.test(pattern[1]!) ? pattern[1]! : pattern
  if (literal.length !== 1 || literal.charCodeAt(0) >= 0x80) return undefined
  return pattern.length === 1 && /[.$|()[\]{}^?*+\\]/.test(literal) ? undefined : literal.charCodeAt(0)
}

const split: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 3],
  resolve(args, name) {
    const coerced = coerceArgs(name, args, ['string', 'string', INTEGER])
    return { args: coerced, dataType: ArrayType(STRING, false) }
  },
  kernel(args, ctx) {
    const [text, pattern, limitVec] = args
    const limit = limitVec && isScalar(limitVec) ? Number(limitVec.value ?? -1) : -1
    if (isScalar(pattern!) && typeof pattern.value === 'string' && !isScalar(text!)) {
      const separator = singleByteSeparator(pattern.value)
      if (separator !== undefined) return splitOnByte(text!, separator, limit)
    }
    const texts = stringsOfVec(text!, ctx.length)
    const patterns = stringsOfVec(pattern!, ctx.length)
    const limits = limitVec && !isScalar(limitVec) ? numbersOf(limitVec) : null
    return listOfStrings(
      texts.map((s, i) =>
        s === null || patterns[i] === null ? null : javaSplit(s, patterns[i]!, limits ? limits[i]! : limit),
      ),
    )
  },
}

/** Java replacement syntax (`$1`, `\$`) → JS replacement syntax. */
function javaReplacement(replacement: string): string {
  return replacement.replace(/\\(.)|\$(?!\d)/g, (_match, escaped: string | undefined) =>
    escaped === undefined ? '$$' : escaped === '$' ? '$$' : escaped,
  )
}

const regexpReplace = typed(
  ['string', 'string', 'string', INTEGER],
  STRING,
  stringMap(([s, pattern, replacement]) =>
    s!.replace(new RegExp(javaRegex(pattern!).source, 'gu'), javaReplacement(replacement!)),
  ),
  { arity: [3, 4] },
)

const regexpExtract: ScalarFunction = typed(
  ['string', 'string', INTEGER],
  STRING,
  (args, ctx) => {
    const group = args[2] && isScalar(args[2]) ? Number(args[2].value) : 1
    return stringMap(([s, pattern]) => {
      const re = javaRegex(pattern!)
      const groups = new RegExp(`${re.source}|`, 'u').exec('')!.length - 1
      if (group > groups) {
        throw new AnalysisException(`Regex group count is ${groups}, but the specified group index is ${group}`, {
          errorClass: 'INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX',
        })
      }
      const match = re.exec(s!)
      return match ? (match[group] ?? '') : ''
    })(args.slice(0, 2), ctx, undefined as never)
  },
  { arity: [2, 3] },
)

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

function pad(left: boolean): ScalarFunction {
  return typed(
    ['string', INTEGER, 'string'],
    STRING,
    (args, ctx) => {
      const lengths = numbersOver(args[1]!, ctx.length)
      return stringMap(([s, padding], i) => {
        const target = lengths[i]!
        const chars = codePoints(s!)
        if (target <= chars.length) return chars.slice(0, Math.max(0, target)).join('')
        const fill = codePoints(padding ?? ' ')
        if (fill.length === 0) return s!
        const extra: string[] = []
        while (extra.length < target - chars.length) extra.push(fill[extra.length % fill.length]!)
        return left ? extra.join('') + s! : s! + extra.join('')
      })([args[0]!, args[2] ?? materialize({ value: ' ', type: STRING } as never, ctx.length)], ctx, undefined as never)
    },
    { arity: [2, 3] },
  )
}

const lengthOf = typed(['string_or_binary'], INTEGER, (args, ctx, call) => {
  const input = materialize(args[0]!, ctx.length)
  if (dataTypeOf(call.args[0]!).kind === 'binary') {
    const offsets = input.valueOffsets as Int32Array
    const out = new Int32Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) out[i] = offsets[i + 1]! - offsets[i]!
    return numericColumn(INTEGER, out, validityOf(input))
  }
  // Count UTF-8 lead bytes: every byte that is not a continuation byte (10xxxxxx) starts a character.
  const offsets = input.valueOffsets as Int32Array
  const bytes = input.values as Uint8Array
  const out = new Int32Array(ctx.length)
  for (let i = 0; i < ctx.length; i++) {
    let count = 0
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) if ((bytes[k]! & 0xc0) !== 0x80) count++
    out[i] = count
  }
  return numericColumn(INTEGER, out, validityOf(input))
})

const concatWs: ScalarFunction = {
  kind: 'scalar',
  arity: [1, Number.POSITIVE_INFINITY],
  resolve(args, name) {
    const coerced = args.map((a, i) =>
      i > 0 && dataTypeOf(a).kind === 'array' ? a : coerceArgs(name, [a], ['string'])[0]!,
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

export const stringFunctions = {
  upper: typed(
    ['string'],
    STRING,
    stringMap(([s]) => s!.toUpperCase()),
  ),
  lower: typed(
    ['string'],
    STRING,
    stringMap(([s]) => s!.toLowerCase()),
  ),
  trim: trimFunction(true, true),
  ltrim: trimFunction(true, false),
  rtrim: trimFunction(false, true),
  length: lengthOf,
  concat: typed(
    ['string'],
    STRING,
    stringMap((values) => values.join('')),
    { arity: [0, Number.POSITIVE_INFINITY] },
  ),
  concat_ws: concatWs,
  split,
  substring: typed(
    ['string', INTEGER, INTEGER],
    STRING,
    (args, ctx) => {
      const positions = numbersOver(args[1]!, ctx.length)
      const lengths = args[2] ? numbersOver(args[2], ctx.length) : null
      return stringMap(([s], i) => substringSql(s!, positions[i]!, lengths ? lengths[i]! : 2147483647))(
        [args[0]!],
        ctx,
        undefined as never,
      )
    },
    { arity: [2, 3] },
  ),
  regexp_replace: regexpReplace,
  regexp_extract: regexpExtract,
  contains: stringTest((s, t) => s.includes(t)),
  startswith: stringTest((s, t) => s.startsWith(t)),
  endswith: stringTest((s, t) => s.endsWith(t)),
  instr: typed(
    ['string', 'string'],
    INTEGER,
    stringToNumber(([s, t]) => locate(s!, t!, 1)),
  ),
  locate: typed(
    ['string', 'string', INTEGER],
    INTEGER,
    (args, ctx, call) => {
      const starts = args[2] ? numbersOver(args[2], ctx.length) : null
      return stringToNumber(([t, s], i) => locate(s!, t!, starts ? starts[i]! : 1))(args.slice(0, 2), ctx, call)
    },
    { arity: [2, 3] },
  ),
  lpad: pad(true),
  rpad: pad(false),
  initcap: typed(
    ['string'],
    STRING,
    stringMap(([s]) => initcap(s!)),
  ),
  reverse: typed(
    ['string'],
    STRING,
    stringMap(([s]) => codePoints(s!).reverse().join('')),
  ),
  repeat: typed(['string', INTEGER], STRING, (args, ctx) => {
    const counts = numbersOver(args[1]!, ctx.length)
    return stringMap(([s], i) => s!.repeat(Math.max(0, counts[i]!)))([args[0]!], ctx, undefined as never)
  }),
  translate: typed(
    ['string', 'string', 'string'],
    STRING,
    stringMap(([s, from, to]) => {
      const source = codePoints(from!)
      const target = codePoints(to!)
      const map = new Map<string, string>()
      source.forEach((c, k) => {
        if (!map.has(c)) map.set(c, target[k] ?? '')
      })
      return codePoints(s!)
        .map((c) => map.get(c) ?? c)
        .join('')
    }),
  ),
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
