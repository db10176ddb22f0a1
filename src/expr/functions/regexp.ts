// Pattern functions with Java regex semantics: split (String.split), regexp_replace, regexp_extract, LIKE, RLIKE.
import { makeData, Type } from 'apache-arrow'
import {
  bitAt,
  boolColumn,
  type Column,
  listColumn,
  newBitmap,
  numbersOf,
  stringsOf,
  toArrowType,
  Utf8Builder,
  validityOf,
} from '../../arrow/index.js'
import { AnalysisException, IllegalArgumentException, SparkRuntimeException } from '../../common/errors.js'
import { LruCache } from '../../common/lru-cache.js'
import { ArrayType, BOOLEAN, INTEGER, STRING } from '../../types/data-types.js'
import { literal } from '../expression.js'
import { byteRegexFor, extractColumn, matchBits } from './byte-regex-kernels.js'
import { callText, coerceArgs } from './coercion.js'
import { codePoints, numbersOver, stringMap, stringsOfVec, typed } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, isScalar, type Scalar } from './vector.js'

/**
 * Spark's `split` (UTF8String.split over Java's `String.split(regex, limit)`): zero-width leading matches give no empty
 * first part, and a limit of 0 is -1 (Spark keeps trailing empty strings, where Java drops them).
 */
function javaSplit(s: string, regex: string, requestedLimit: number): string[] {
  const limit = requestedLimit === 0 ? -1 : requestedLimit
  if (s.length > 0 && regex.length === 0) {
    const chars = codePoints(s)
    const count = limit > chars.length || limit <= 0 ? chars.length : limit
    return [...chars.slice(0, count - 1), chars.slice(count - 1).join('')]
  }
  const re = javaRegex(regex, 'g')
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
  return listColumn(ArrayType(STRING, false), offsets, child.finish(), nulls > 0 ? validity : null)
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
  // The parts are the rows' bytes minus the separators that split them: copied in one pass. Sized by the rows' own
  // bytes, not the buffer's (a sliced column's buffer may hold many more).
  const rowBytes = offsets[n]! - offsets[0]!
  const partEnds = new Int32Array(rowBytes + n + 1)
  const out = new Uint8Array(rowBytes)
  let parts = 0
  let written = 0
  for (let i = 0; i < n; i++) {
    if (validity === null || bitAt(validity, i)) {
      const end = offsets[i + 1]!
      let count = 1
      for (let k = offsets[i]!; k < end; k++) {
        const b = bytes[k]!
        if (b === separator && (limit <= 0 || count < limit)) {
          partEnds[++parts] = written
          count++
        } else out[written++] = b
      }
      partEnds[++parts] = written
    }
    listOffsets[i + 1] = parts
  }
  const partOffsets = partEnds.subarray(0, parts + 1)
  const child = makeData({
    type: toArrowType(STRING),
    length: parts,
    nullCount: 0,
    valueOffsets: partOffsets,
    data: out.subarray(0, written),
  } as never)
  return listColumn(ArrayType(STRING, false), listOffsets, child, validityOf(column))
}

/** The byte a split pattern stands for when it is one ASCII character that is not a regex metacharacter (or is escaped). */
export function singleByteSeparator(pattern: string): number | undefined {
  const literal =
    pattern.length === 2 && pattern[0] === '\\' && /[^a-zA-Z0-9]/.test(pattern[1]!) ? pattern[1]! : pattern
  if (literal.length !== 1 || literal.charCodeAt(0) >= 0x80) return undefined
  return pattern.length === 1 && /[.$|()[\]{}^?*+\\]/.test(literal) ? undefined : literal.charCodeAt(0)
}

const split: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 3],
  resolve(args, name) {
    // Spark's StringSplit always has a limit (-1 when not given), which shows in its name: split(s, ,, -1).
    const withLimit = args.length === 2 ? [...args, literal(-1, INTEGER)] : args
    const coerced = coerceArgs(name, withLimit, ['string', 'string', INTEGER])
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

/**
 * regexp_replace(str, regexp, rep[, pos]): every match at or after 1-based `pos` replaced (Java's Matcher with its
 * region starting at pos - 1, so `^` anchors there); text before pos is kept; pos past the end returns str.
 */
const regexpReplaceBase = typed(
  ['string', 'string', 'string', INTEGER],
  STRING,
  (args, ctx, call) => {
    const positions = args[3] ? numbersOver(args[3], ctx.length) : null
    const positionValid = args[3] ? combinedValidity([args[3]], ctx.length) : null
    const regexFor = lastRegex('g')
    // The replacement rewritten for JS once per distinct text in a row (it is usually a constant).
    let lastReplacement: string | undefined
    let rewritten = ''
    return stringMap(([s, pattern, replacement], i) => {
      if (positionValid !== null && !((positionValid[i >> 3]! >> (i & 7)) & 1)) return null
      const from = positions ? positions[i]! - 1 : 0
      if (from !== 0 && from >= s!.length) return s!
      const re = regexFor(pattern!)
      if (replacement !== lastReplacement) {
        lastReplacement = replacement!
        rewritten = javaReplacement(lastReplacement)
      }
      return s!.slice(0, from) + s!.slice(from).replace(re, rewritten)
    })(args.slice(0, 3), ctx, call)
  },
  { arity: [3, 4] },
)

/** regexp_replace with the position Spark prints (1 by default), which must be a positive literal. */
const regexpReplace: ScalarFunction = {
  ...regexpReplaceBase,
  resolve(args, name) {
    const full = args.length === 3 ? [...args, literal(1, INTEGER)] : args
    const position = full[3]!
    if (position.kind === 'Literal' && typeof position.value === 'number' && position.value <= 0) {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, full)}" due to data type mismatch: The \`position\` must be between ` +
          `(0, 2147483647], but got ${position.value}.`,
        { errorClass: 'DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE' },
      )
    }
    return regexpReplaceBase.resolve(full, name)
  },
}

const groupCounts = new WeakMap<RegExp, number>()

/** How many capture groups a regex has (matching the empty alternative added to it yields them all). */
export function groupCount(re: RegExp): number {
  let count = groupCounts.get(re)
  if (count === undefined) {
    count = new RegExp(`${re.source}|`, 'u').exec('')!.length - 1
    groupCounts.set(re, count)
  }
  return count
}

/** Spark's checks of a regexp_extract group index: not negative, and within the pattern's groups. */
export function checkGroupIndex(name: string, groups: number, group: number): void {
  if (group < 0) {
    throw new IllegalArgumentException('The specified group index cannot be less than zero.', {
      errorClass: '_LEGACY_ERROR_TEMP_2006',
    })
  }
  if (group > groups) {
    throw new SparkRuntimeException(
      `The value of parameter(s) \`idx\` in \`${name}\` is invalid: Expects group index between 0 and ${groups}, ` +
        `but got ${group}.`,
      { errorClass: 'INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX_EXCEED_REGEX_GROUP_COUNT' },
    )
  }
}

const regexpExtractBase: ScalarFunction = typed(
  ['string', 'string', INTEGER],
  STRING,
  (args, ctx) => {
    const group = args[2] && isScalar(args[2]) ? Number(args[2].value) : 1
    const regexFor = lastRegex()
    const pattern = args[1]!
    if (isScalar(pattern) && pattern.value !== null && !isScalar(args[0]!)) {
      // One pattern for every row: compiled and checked once (at the first non-null row, as per row), then one exec
      // per row.
      const re = regexFor(pattern.value as string)
      const byteRe = byteRegexFor(pattern.value as string)
      if (byteRe !== null && args[0]!.typeId === Type.Utf8) {
        return extractColumn(args[0]!, byteRe, re, group, () =>
          checkGroupIndex('regexp_extract', groupCount(re), group),
        )
      }
      const texts = stringsOfVec(args[0]!, ctx.length)
      const builder = new Utf8Builder(ctx.length, ctx.length * 8)
      let checked = false
      for (let i = 0; i < ctx.length; i++) {
        const s = texts[i]!
        if (s === null) {
          builder.appendNull()
          continue
        }
        if (!checked) checkGroupIndex('regexp_extract', groupCount(re), group)
        checked = true
        re.lastIndex = 0
        const match = re.exec(s)
        builder.append(match ? (match[group] ?? '') : '')
      }
      return builder.finish()
    }
    return stringMap(([s, pattern]) => {
      const re = regexFor(pattern!)
      checkGroupIndex('regexp_extract', groupCount(re), group)
      const match = re.exec(s!)
      return match ? (match[group] ?? '') : ''
    })(args.slice(0, 2), ctx, undefined as never)
  },
  { arity: [2, 3] },
)

/** regexp_extract with the group index Spark prints (1 by default). */
const regexpExtract: ScalarFunction = {
  ...regexpExtractBase,
  resolve: (args, name) => regexpExtractBase.resolve(args.length === 2 ? [...args, literal(1, INTEGER)] : args, name),
}

/** Translates a SQL LIKE pattern into an anchored regex (`%` any run, `_` one character, `escape` quotes). */
function likeToRegex(pattern: string, escapeChar = '\\'): RegExp {
  // StringUtils.escapeLikeRegex: the escape character may only precede _, % or itself, and may not end the pattern.
  const invalid = (message: string) => new AnalysisException(`the pattern '${pattern}' is invalid, ${message}`)
  let source = ''
  const chars = Array.from(pattern)
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!
    if (c === escapeChar) {
      const next = chars[++i]
      if (next === undefined) throw invalid('it is not allowed to end with the escape character')
      if (next !== '_' && next !== '%' && next !== escapeChar) {
        throw invalid(`the escape character is not allowed to precede '${next}'`)
      }
      source += next.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    } else if (c === '%') source += '[\\s\\S]*'
    else if (c === '_') source += '[\\s\\S]'
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  }
  return new RegExp(`^${source}$`, 'u')
}

/** A boolean kernel testing each string against a regex compiled from the (usually constant) pattern. */
function regexMatch(compile: (pattern: string) => RegExp, overBytes = false): ScalarFunction {
  // Compiled patterns kept across batches (a pattern is usually one constant); bounded, as patterns can be data.
  const cache = new Map<string, RegExp>()
  const regexFor = (p: string) => {
    let regex = cache.get(p)
    if (!regex) {
      if (cache.size > 1000) cache.clear()
      cache.set(p, (regex = compile(p)))
    }
    return regex
  }
  return typed(['string', 'string'], BOOLEAN, (args, ctx) => {
    const n = ctx.length
    const values = stringsOfVec(args[0]!, n)
    const pattern = args[1]!
    const patterns = isScalar(pattern) ? null : stringsOf(pattern)
    const fixed = isScalar(pattern) && pattern.value !== null ? regexFor(pattern.value as string) : null
    const byteRe = overBytes && fixed !== null ? byteRegexFor((pattern as Scalar).value as string) : null
    if (byteRe !== null && !isScalar(args[0]!) && args[0]!.typeId === Type.Utf8) {
      return boolColumn(matchBits(args[0]!, byteRe, fixed!), n, combinedValidity(args, n))
    }
    const bits = newBitmap(n)
    for (let i = 0; i < n; i++) {
      const value = values[i]
      const regex = fixed ?? (patterns?.[i] != null ? regexFor(patterns[i]!) : null)
      if (value != null && regex?.test(value)) bits[i >> 3]! |= 1 << (i & 7)
    }
    return boolColumn(bits, n, combinedValidity(args, n))
  })
}

/** Java's POSIX character classes (`\\p{Alpha}` and friends), which are ASCII-only, as class contents. */
const posixClasses: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
}

/**
 * A Java regex (java.util.regex.Pattern, which Spark's RLIKE, split and regexp_* use) as a JS RegExp: leading
 * inline flags such as `(?i)` become flags, POSIX classes are ASCII ranges, `\\A`, `\\z`, `\\Z` are anchors, and an
 * unescaped `$` also matches before a final line break, as Java's does.
 */
function translateJavaRegex(pattern: string): { source: string; flags: string } {
  let flags = 'u'
  let rest = pattern
  const inline = /^\(\?([imsx]+)\)/.exec(rest)
  if (inline) {
    for (const f of inline[1]!) if (f !== 'x' && !flags.includes(f)) flags += f
    rest = rest.slice(inline[0].length)
  }
  let source = ''
  let inClass = false
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!
    if (c === '\\') {
      const next = rest[i + 1] ?? ''
      const posix = /^[pP]\{(\w+)\}/.exec(rest.slice(i + 1))
      if (posix && posixClasses[posix[1]!] !== undefined) {
        const range = posixClasses[posix[1]!]!
        source += inClass ? range : next === 'p' ? `[${range}]` : `[^${range}]`
        i += posix[0].length
      } else if (!inClass && next === 'A') {
        source += '(?<![\\s\\S])'
        i++
      } else if (!inClass && next === 'z') {
        source += '(?![\\s\\S])'
        i++
      } else if (!inClass && next === 'Z') {
        source += '(?=\\n?(?![\\s\\S]))'
        i++
      } else {
        source += c + next
        i++
      }
    } else if (c === '[' && !inClass) {
      inClass = true
      source += c
      if (rest[i + 1] === '^') source += rest[++i]
      if (rest[i + 1] === ']') source += `\\${rest[++i]}`
    } else if (c === ']' && inClass) {
      inClass = false
      source += c
    } else if (c === '$' && !inClass && !flags.includes('m')) source += '(?=\\n?(?![\\s\\S]))'
    else source += c
  }
  return { source, flags }
}

const compiledRegexes = new LruCache<string, RegExp>(1024)

/**
 * A Java regex as a JS RegExp (find() semantics: a match anywhere), compiled once per pattern and flags: patterns
 * are usually constants evaluated on every row. A cached `g` regex starts again at index 0.
 */
export function javaRegex(pattern: string, extraFlags = ''): RegExp {
  const key = `${extraFlags}/${pattern}`
  let re = compiledRegexes.get(key)
  if (re === undefined) {
    re = compileJavaRegex(pattern, extraFlags)
    compiledRegexes.set(key, re)
  }
  re.lastIndex = 0
  return re
}

/** javaRegex for a pattern given per row, remembering the last one: a constant pattern costs one comparison. */
export function lastRegex(extraFlags = ''): (pattern: string) => RegExp {
  let lastPattern: string | undefined
  let last: RegExp | undefined
  return (pattern) => {
    if (pattern !== lastPattern || last === undefined) {
      last = javaRegex(pattern, extraFlags)
      lastPattern = pattern
    }
    last.lastIndex = 0
    return last
  }
}

function compileJavaRegex(pattern: string, extraFlags: string): RegExp {
  try {
    const { source, flags } = translateJavaRegex(pattern)
    return new RegExp(source, flags + extraFlags)
  } catch (error) {
    throw new AnalysisException(`The value '${pattern}' is not a valid regular expression.`, {
      errorClass: 'INVALID_PARAMETER_VALUE.PATTERN',
      cause: error,
    })
  }
}

/** LIKE, ILIKE and RLIKE, the predicates over patterns (registered with the other predicates). */
export const likeFunctions = {
  like: regexMatch((p) => likeToRegex(p)),
  ilike: regexMatch((p) => new RegExp(likeToRegex(p.toLowerCase()).source, 'iu')),
  rlike: regexMatch(javaRegex, true),
} satisfies Record<string, ScalarFunction>

export const regexpFunctions = {
  split,
  regexp_replace: regexpReplace,
  regexp_extract: regexpExtract,
} satisfies Record<string, ScalarFunction>
