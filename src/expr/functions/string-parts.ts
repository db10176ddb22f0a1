// More string functions with Spark's semantics: left/right, split_part, btrim, elt, find_in_set, overlay, byte and
// bit lengths, soundex, levenshtein and char/chr. Strings count characters as code points, as UTF8String does.
import { bitAt, numericColumn, Utf8Builder, validityOf } from '../../arrow/index.js'
import { SparkRuntimeException } from '../../common/errors.js'
import { INTEGER, LONG, STRING } from '../../types/data-types.js'
import { dataTypeOf } from '../expression.js'
import { coerceArgs, coerceToCommonType } from './coercion.js'
import { codePoints, numbersOver, stringMap, stringToNumber, typed } from './define.js'
import type { ScalarFunction } from './spec.js'
import { substringSql } from './strings.js'
import { combinedValidity, hasNullScalar, materialize, validityOfVec } from './vector.js'

/** left(str, len) / right(str, len): the first / last `len` characters; '' when len <= 0. */
function side(fromRight: boolean): ScalarFunction {
  return typed(['string', INTEGER], STRING, (args, ctx) => {
    const lengths = numbersOver(args[1]!, ctx.length)
    const valid = validityOfVec(args[1]!, ctx.length)
    return stringMap(([s], i) => {
      if (valid !== null && !bitAt(valid, i)) return null
      const len = lengths[i]!
      if (len <= 0) return ''
      return fromRight ? substringSql(s!, -len, 2147483647) : substringSql(s!, 1, len)
    })([args[0]!], ctx, undefined as never)
  })
}

/**
 * split_part(str, delimiter, partNum): the partNum-th part (from the end when negative) of str split around the
 * literal delimiter; '' past the last part; an empty delimiter leaves one part, the whole string; 0 fails.
 */
const splitPart = typed(['string', 'string', INTEGER], STRING, (args, ctx) => {
  const parts = numbersOver(args[2]!, ctx.length)
  const valid = validityOfVec(args[2]!, ctx.length)
  return stringMap(([s, delimiter], i) => {
    if (valid !== null && !bitAt(valid, i)) return null
    const index = parts[i]!
    if (index === 0) {
      throw new SparkRuntimeException(
        'The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).',
        { errorClass: 'INVALID_INDEX_OF_ZERO' },
      )
    }
    const pieces = delimiter === '' ? [s!] : s!.split(delimiter!)
    const k = index > 0 ? index - 1 : pieces.length + index
    return k >= 0 && k < pieces.length ? pieces[k]! : ''
  })(args.slice(0, 2), ctx, undefined as never)
})

/** btrim(str[, chars]): both ends trimmed of spaces, or of any of the characters of `chars`. */
const btrim = typed(
  ['string', 'string'],
  STRING,
  stringMap(([s, chars]) => {
    const set = new Set(codePoints(chars ?? ' '))
    const cps = codePoints(s!)
    let start = 0
    let end = cps.length
    while (start < end && set.has(cps[start]!)) start++
    while (end > start && set.has(cps[end - 1]!)) end--
    return cps.slice(start, end).join('')
  }),
  { arity: [1, 2] },
)

/** elt(n, s1, s2, ...): the n-th string (1-based), NULL when n is out of range (non-ANSI) or NULL. */
const elt: ScalarFunction = {
  kind: 'scalar',
  arity: [2, Number.POSITIVE_INFINITY],
  resolve(args, name) {
    const [index] = coerceArgs(name, args.slice(0, 1), [INTEGER])
    const inputs = args
      .slice(1)
      .map((a) => (dataTypeOf(a).kind === 'binary' ? a : coerceArgs(name, [a], ['string'])[0]!))
    const { args: common, type } = coerceToCommonType(name, inputs)
    return { args: [index!, ...common], dataType: type.kind === 'null' ? STRING : type, nullable: true }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const indices = numbersOver(args[0]!, n)
    const indexValid = combinedValidity(args.slice(0, 1), n)
    const inputs = args.slice(1).map((v) => materialize(v, n))
    const builder = new Utf8Builder(n, n * 8, call.dataType.kind === 'binary')
    for (let i = 0; i < n; i++) {
      const k = indices[i]!
      const input =
        k >= 1 && k <= inputs.length && (indexValid === null || bitAt(indexValid, i)) ? inputs[k - 1]! : null
      const valid = input === null ? null : validityOf(input)
      if (input === null || (valid !== null && !bitAt(valid, i))) builder.appendNull()
      else {
        const offsets = input.valueOffsets as Int32Array
        builder.appendBytes(input.values as Uint8Array, offsets[i]!, offsets[i + 1]!)
      }
    }
    return builder.finish()
  },
}

/** find_in_set(str, list): 1-based position of str among the comma-separated list; 0 if absent or str has a comma. */
const findInSet = typed(
  ['string', 'string'],
  INTEGER,
  stringToNumber(([s, list]) => (s!.includes(',') ? 0 : list!.split(',').indexOf(s!) + 1)),
)

/** overlay(input, replace, pos[, len]): input with `len` characters from 1-based `pos` replaced (len defaults to replace's). */
const overlay = typed(
  ['string', 'string', INTEGER, INTEGER],
  STRING,
  (args, ctx) => {
    const positions = numbersOver(args[2]!, ctx.length)
    const lengths = args[3] ? numbersOver(args[3], ctx.length) : null
    const valid = combinedValidity(args.slice(2), ctx.length)
    return stringMap(([input, replacement], i) => {
      if (valid !== null && !bitAt(valid, i)) return null
      const chars = codePoints(input!)
      const pos = positions[i]!
      const len = lengths === null || lengths[i]! < 0 ? codePoints(replacement!).length : lengths[i]!
      return substringSql(input!, 1, pos - 1) + replacement! + chars.slice(Math.max(0, pos - 1 + len)).join('')
    })(args.slice(0, 2), ctx, undefined as never)
  },
  { arity: [3, 4] },
)

/** octet_length / bit_length: bytes (or bits) of a string's UTF-8 encoding or of a binary. */
function byteLength(factor: number): ScalarFunction {
  return typed(['string_or_binary'], INTEGER, (args, ctx) => {
    const input = materialize(args[0]!, ctx.length)
    const offsets = input.valueOffsets as Int32Array
    const out = new Int32Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) out[i] = (offsets[i + 1]! - offsets[i]!) * factor
    return numericColumn(INTEGER, out, validityOf(input))
  })
}

/** Soundex codes of A..Z; '7' marks H and W, which neither code nor separate. */
const soundexCodes = '01230127022455012623017202'

/** UTF8String.soundex: a letter and three digits; input not starting with an ASCII letter is returned as it is. */
export function soundex(s: string): string {
  if (s === '') return ''
  const upper = (c: number) => (c >= 97 && c <= 122 ? c - 32 : c)
  const first = upper(s.charCodeAt(0))
  if (first < 65 || first > 90) return s
  let out = String.fromCharCode(first)
  let last = soundexCodes[first - 65]!
  for (let i = 1; i < s.length && out.length < 4; i++) {
    const c = upper(s.charCodeAt(i))
    if (c < 65 || c > 90) {
      last = '0'
      continue
    }
    const code = soundexCodes[c - 65]!
    if (code === '7') continue
    if (code !== '0' && code !== last) out += code
    last = code
  }
  return out.padEnd(4, '0')
}

/** Levenshtein distance in code points, with two reused rows. */
export function levenshtein(a: string, b: string): number {
  const s = codePoints(a)
  const t = codePoints(b)
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j)
  let current = new Array<number>(t.length + 1)
  for (let i = 1; i <= s.length; i++) {
    current[0] = i
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
    }
    ;[previous, current] = [current, previous]
  }
  return previous[t.length]!
}

/** levenshtein(l, r[, threshold]): the edit distance, or -1 when it exceeds the threshold. */
const levenshteinFunction = typed(
  ['string', 'string', INTEGER],
  INTEGER,
  (args, ctx, call) => {
    const thresholds = args[2] ? numbersOver(args[2], ctx.length) : null
    const valid = combinedValidity(args.slice(2), ctx.length)
    return stringToNumber(([a, b], i) => {
      if (valid !== null && !bitAt(valid, i)) return null
      const d = levenshtein(a!, b!)
      return thresholds !== null && d > thresholds[i]! ? -1 : d
    })(args.slice(0, 2), ctx, call)
  },
  { arity: [2, 3] },
)

/** char(n) / chr(n): the character of code n mod 256 ('' for negative n). */
const chr = typed([LONG], STRING, (args, ctx) => {
  const n = ctx.length
  const codes = numbersOver(args[0]!, n)
  const validity = combinedValidity(args, n)
  const builder = new Utf8Builder(n, n * 2)
  for (let i = 0; i < n; i++) {
    if (hasNullScalar(args) || (validity !== null && !bitAt(validity, i))) builder.appendNull()
    else builder.append(codes[i]! < 0 ? '' : String.fromCharCode(((codes[i]! % 256) + 256) % 256))
  }
  return builder.finish()
})

export const stringPartFunctions = {
  left: side(false),
  right: side(true),
  split_part: splitPart,
  btrim,
  elt,
  find_in_set: findInSet,
  overlay,
  octet_length: byteLength(1),
  bit_length: byteLength(8),
  soundex: typed(
    ['string'],
    STRING,
    stringMap(([s]) => soundex(s!)),
  ),
  levenshtein: levenshteinFunction,
  char: chr,
  chr,
} satisfies Record<string, ScalarFunction>
