// date_format(timestamp, pattern): each row's text in a datetime pattern, formatted once per second (or per
// microsecond, when the pattern prints fractions) and copied as bytes to the rows that share it.
import {
  type Column,
  checkStringColumnBytes,
  copyBytes,
  grown,
  numbersOf,
  stringDataColumn,
  TWO_32,
  Utf8Builder,
  unconvertedInt64Words,
  validityOf,
} from '../../arrow/index.js'
import { formatWithPattern } from '../../common/datetime-pattern.js'
import { STRING } from '../../types/data-types.js'
import { stringsOfVec, typed } from './define.js'
import { combinedValidity, type EvalContext, isScalar, materialize, type Vec } from './vector.js'

const utf8 = new TextEncoder()

/**
 * Whether the pattern's text can change within a second: it prints fractions of a second (S, n, N, A). Zone offsets
 * change on whole seconds, so otherwise every row of one second shares its text. (A letter inside a quoted literal
 * counts too: a conservative answer.)
 */
const printsFractions = (pattern: string) => /[SnNA]/.test(pattern)

export const dateFormat = typed(['timestamp', 'string'], STRING, (args, ctx) => {
  const pattern = args[1]!
  if (isScalar(pattern) && pattern.value !== null) {
    return formatConstantPattern(materialize(args[0]!, ctx.length), pattern.value as string, ctx)
  }
  return formatPerRowPattern(args, ctx)
})

/**
 * The usual case, one pattern for the batch. The text last formatted holds for the micros in [from, to) (its second,
 * or its microsecond): rows in that range copy its bytes, and time-ordered rows format once per second. An int64
 * column not yet read as doubles is read through its words, so no per-batch Float64Array is made; the result's
 * bytes are written straight into its buffers (sized by the first text: fixed-width patterns need no growth), and
 * its validity is the input's.
 */
function formatConstantPattern(times: Column, pattern: string, ctx: EvalContext): Column {
  const n = ctx.length
  const words = unconvertedInt64Words(times)
  const values = words === null ? numbersOf(times) : null
  const validity = validityOf(times)
  const span = printsFractions(pattern) ? 1 : 1_000_000
  const offsets = new Int32Array(n + 1)
  let bytes: Uint8Array | undefined
  let size = 0
  let from = 0
  let to = 0
  let text = new Uint8Array(0)
  for (let i = 0; i < n; i++) {
    if (validity === null || ((validity[i >> 3]! >> (i & 7)) & 1) === 1) {
      // readable form: const micros = numbersOf(times)[i]
      const micros = words === null ? values![i]! : words[2 * i + 1]! * TWO_32 + (words[2 * i]! >>> 0)
      if (!(micros >= from && micros < to)) {
        text = utf8.encode(formatWithPattern(micros, pattern, ctx.zone))
        from = Math.floor(micros / span) * span
        to = from + span
        bytes ??= new Uint8Array(n * text.length)
      }
      const length = text.length
      if (size + length > bytes!.length) {
        checkStringColumnBytes(size + length, 'date_format')
        bytes = grown(bytes!, size + length)
      }
      copyBytes(text, 0, length, bytes!, size)
      size += length
    }
    offsets[i + 1] = size
  }
  return stringDataColumn(false, n, offsets, (bytes ?? new Uint8Array(0)).subarray(0, size), validity)
}

/** A pattern per row (rare): each row's pattern read as a string, the last second's text reused while both match. */
function formatPerRowPattern(args: readonly Vec[], ctx: EvalContext): Column {
  const values = numbersOf(materialize(args[0]!, ctx.length))
  const patterns = stringsOfVec(args[1]!, ctx.length)
  const validity = combinedValidity(args, ctx.length)
  const builder = new Utf8Builder(ctx.length, ctx.length * 20)
  let lastPattern: string | undefined
  let perMicro = false
  let lastKey = Number.NaN
  let lastBytes = new Uint8Array(0)
  for (let i = 0; i < ctx.length; i++) {
    const valid = validity === null || ((validity[i >> 3]! >> (i & 7)) & 1) === 1
    if (!valid) {
      builder.append(null)
      continue
    }
    const micros = values[i]!
    const pattern = patterns[i]!
    if (pattern !== lastPattern) {
      lastPattern = pattern
      perMicro = printsFractions(pattern)
      lastKey = Number.NaN
    }
    const key = perMicro ? micros : Math.floor(micros / 1_000_000)
    if (key !== lastKey) {
      lastBytes = utf8.encode(formatWithPattern(micros, pattern, ctx.zone))
      lastKey = key
    }
    builder.appendBytes(lastBytes)
  }
  return builder.finish()
}
