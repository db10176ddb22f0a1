// Regex searches beyond the first match: regexp_extract_all, regexp_count, regexp_substr and regexp_instr, with
// Java's find() semantics (an empty match advances by one character).
import { bitAt, listColumn, numericColumn, Utf8Builder } from '../../arrow/index.js'
import { ArrayType, INTEGER, STRING } from '../../types/data-types.js'
import { literal } from '../expression.js'
import { coerceArgs } from './coercion.js'
import { numbersOver, stringsOfVec } from './define.js'
import { checkGroupIndex, groupCount, lastRegex } from './regexp.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, isScalar } from './vector.js'

const isSet = (bits: Uint8Array | null, i: number) => bits === null || bitAt(bits, i)

/** Calls `visit` with each match of `re` in `s`, as Matcher.find() walks them. */
function eachMatch(re: RegExp, s: string, visit: (match: RegExpExecArray) => boolean | undefined): void {
  const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)
  for (let match = global.exec(s); match !== null; match = global.exec(s)) {
    if (visit(match) === false) return
    if (match[0] === '') global.lastIndex++
  }
}

/** A string function with a pattern and an optional group index defaulting to `group` (printed by Spark). */
function withGroup(defaultGroup: number): ScalarFunction['resolve'] {
  return (args, name) => {
    const full = args.length === 2 ? [...args, literal(defaultGroup, INTEGER)] : args
    return { args: coerceArgs(name, full, ['string', 'string', INTEGER]), dataType: STRING }
  }
}

/** regexp_extract_all(str, regexp[, idx = 1]): group idx of every match. */
const regexpExtractAll: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 3],
  resolve: (args, name) => ({ ...withGroup(1)(args, name), dataType: ArrayType(STRING, true) }),
  kernel(args, ctx, call) {
    const n = ctx.length
    const [strings, patterns] = [stringsOfVec(args[0]!, n), stringsOfVec(args[1]!, n)]
    const groups = numbersOver(args[2]!, n)
    const valid = combinedValidity(args, n)
    const regexFor = lastRegex()
    const elements = new Utf8Builder(n, n * 8)
    const offsets = new Int32Array(n + 1)
    let count = 0
    for (let i = 0; i < n; i++) {
      if (isSet(valid, i)) {
        const re = regexFor(patterns[i]!)
        const group = groups[i]!
        checkGroupIndex('regexp_extract_all', groupCount(re), group)
        eachMatch(re, strings[i]!, (m) => {
          elements.append(m[group] ?? '')
          count++
          return true
        })
      }
      offsets[i + 1] = count
    }
    return listColumn(call.dataType, offsets, elements.finish(), valid)
  },
}

/** regexp_count(str, regexp): how many times the pattern matches. */
const regexpCount: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve: (args, name) => ({ args: coerceArgs(name, args, ['string', 'string']), dataType: INTEGER }),
  kernel(args, ctx) {
    const n = ctx.length
    const [strings, patterns] = [stringsOfVec(args[0]!, n), stringsOfVec(args[1]!, n)]
    const valid = combinedValidity(args, n)
    const regexFor = lastRegex()
    const out = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      if (!isSet(valid, i)) continue
      let count = 0
      eachMatch(regexFor(patterns[i]!), strings[i]!, () => {
        count++
        return true
      })
      out[i] = count
    }
    return numericColumn(INTEGER, out, valid)
  },
}

/** regexp_substr(str, regexp): the first match, NULL when none (or when the match is empty). */
const regexpSubstr: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve: (args, name) => ({ args: coerceArgs(name, args, ['string', 'string']), dataType: STRING, nullable: true }),
  kernel(args, ctx) {
    const n = ctx.length
    const [strings, patterns] = [stringsOfVec(args[0]!, n), stringsOfVec(args[1]!, n)]
    const valid = combinedValidity(args, n)
    const regexFor = lastRegex()
    const builder = new Utf8Builder(n, n * 8)
    for (let i = 0; i < n; i++) {
      const match = isSet(valid, i) ? regexFor(patterns[i]!).exec(strings[i]!) : null
      builder.append(match === null || match[0] === '' ? null : match[0])
    }
    return builder.finish()
  },
}

/** regexp_instr(str, regexp[, idx = 0]): 1-based position of the first match (of group idx), 0 when none. */
const regexpInstr: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 3],
  resolve: (args, name) => ({ ...withGroup(0)(args, name), dataType: INTEGER }),
  kernel(args, ctx) {
    const n = ctx.length
    const [strings, patterns] = [stringsOfVec(args[0]!, n), stringsOfVec(args[1]!, n)]
    const groups = isScalar(args[2]!) ? null : numbersOver(args[2]!, n)
    const valid = combinedValidity(args, n)
    const regexFor = lastRegex('d')
    const out = new Int32Array(n)
    for (let i = 0; i < n; i++) {
      if (!isSet(valid, i)) continue
      const group = groups === null ? Number((args[2] as { value: unknown }).value) : groups[i]!
      const match = regexFor(patterns[i]!).exec(strings[i]!)
      const start = match?.indices?.[group]?.[0]
      // Positions count characters (code points) before the match.
      out[i] = start === undefined ? 0 : Array.from(strings[i]!.slice(0, start)).length + 1
    }
    return numericColumn(INTEGER, out, valid)
  },
}

export const regexpSearchFunctions = {
  regexp_extract_all: regexpExtractAll,
  regexp_count: regexpCount,
  regexp_substr: regexpSubstr,
  regexp_instr: regexpInstr,
} satisfies Record<string, ScalarFunction>
