// Byte-level kernels of length() and translate() over a Utf8 column's buffers: no per-row strings, no per-byte branch.
import { type Column, numericColumn, validityOf, withStringData } from '../../arrow/index.js'
import { INTEGER } from '../../types/data-types.js'
import type { Expr, Fn } from '../expression.js'
import { allAscii } from './define.js'
import { type EvalContext, materialize, type Vec } from './vector.js'

/**
 * Characters per row, counting UTF-8 lead bytes (every byte that is not a continuation byte 10xxxxxx starts one).
 * An all-ASCII column (the usual case, checked four bytes at a time) has one character per byte: its lengths are its
 * offsets' differences.
 */
export function characterCounts(column: Column): Int32Array {
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  const n = column.length
  const out = new Int32Array(n)
  if (allAscii(bytes, offsets[0]!, offsets[n]!)) {
    for (let i = 0; i < n; i++) out[i] = offsets[i + 1]! - offsets[i]!
    return out
  }
  for (let i = 0; i < n; i++) {
    let count = 0
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) if ((bytes[k]! & 0xc0) !== 0x80) count++
    out[i] = count
  }
  return out
}

/**
 * translate() with ASCII `from` and `to`, straight over UTF-8 bytes: a multi-byte character's bytes are all 0x80 or
 * more, so they never match and are kept. Each `from` character maps to the one at its position in `to` (the first
 * occurrence wins), or is deleted when `to` is shorter.
 */
export function translateAscii(column: Column, from: string, to: string): Column {
  const targets = asciiTranslation(from, to)
  if (targets.size === 0) return column
  if (targets.size === 1) {
    const [[c, target]] = [...targets] as [[number, number]]
    if (target >= 0) return replaceByte(column, c, target)
  }
  // Every byte written, the write position advanced only past kept ones: no branch per byte.
  const write = new Uint8Array(256)
  const keep = new Uint8Array(256).fill(1)
  for (let b = 0; b < 256; b++) write[b] = b
  for (const [c, target] of targets) {
    if (target < 0) keep[c] = 0
    else write[c] = target
  }
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  const n = column.length
  const out = new Uint8Array(offsets[n]! - offsets[0]!)
  const outOffsets = new Int32Array(n + 1)
  let written = 0
  for (let i = 0; i < n; i++) {
    for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++) {
      const b = bytes[k]!
      out[written] = write[b]!
      written += keep[b]!
    }
    outOffsets[i + 1] = written
  }
  return withStringData(column, outOffsets, out.subarray(0, written))
}

/** translate(s, 'c', 'd'): the same lengths, `c` bytes replaced; the offsets rebased to the copied range. */
function replaceByte(column: Column, c: number, target: number): Column {
  const offsets = column.valueOffsets as Int32Array
  const start = offsets[0]!
  const out = (column.values as Uint8Array).slice(start, offsets[column.length]!)
  for (let k = out.indexOf(c); k >= 0; k = out.indexOf(c, k + 1)) out[k] = target
  return withStringData(column, start === 0 ? offsets : offsets.map((o) => o - start), out)
}

/** translate's mapping of ASCII `from` to ASCII `to`: each character's first target, -1 for deletion. */
function asciiTranslation(from: string, to: string): Map<number, number> {
  const targets = new Map<number, number>()
  for (let k = 0; k < from.length; k++) {
    const c = from.charCodeAt(k)
    if (!targets.has(c)) targets.set(c, k < to.length ? to.charCodeAt(k) : -1)
  }
  return targets
}

const isAsciiLiteral = (e: Expr | undefined): e is Expr & { value: string } =>
  e?.kind === 'Literal' && typeof e.value === 'string' && /^[\x00-\x7f]*$/.test(e.value)

/**
 * `length(translate(s, from, to))` with ASCII literal `from` and `to` as one read of s's bytes, the translated text
 * never built: it has s's characters less the deleted ones (a `from` character without a `to`), since an ASCII
 * character maps to one ASCII character and multi-byte characters never match. Undefined for any other call.
 */
export function translatedLength(
  call: Fn,
): { readonly text: Expr; readonly kernel: (text: Vec, ctx: EvalContext) => Vec } | undefined {
  const inner = call.args[0]
  if (call.name !== 'length' || call.args.length !== 1 || inner?.kind !== 'Fn' || inner.name !== 'translate')
    return undefined
  const [text, from, to] = inner.args
  if (text === undefined || !isAsciiLiteral(from) || !isAsciiLiteral(to)) return undefined
  const deleted = new Uint8Array(256)
  for (const [c, target] of asciiTranslation(from.value, to.value)) if (target < 0) deleted[c] = 1
  const gone = [...deleted.keys()].filter((c) => deleted[c] === 1)
  return {
    text,
    kernel: (vec, ctx) => {
      const column = materialize(vec, ctx.length)
      const counts = characterCounts(column)
      if (gone.length === 1) subtractByteCounts(column, gone[0]!, counts)
      else if (gone.length > 1) subtractTableCounts(column, deleted, counts)
      return numericColumn(INTEGER, counts, validityOf(column))
    },
  }
}

/**
 * Subtracts from counts[i] the occurrences of byte `c` in row i, four bytes at a time: in x = word ^ cccc a matching
 * byte is 0, and ((x & 0x7f..) + 0x7f..) | x sets the top bit of exactly the non-zero bytes, which are counted.
 */
function subtractByteCounts(column: Column, c: number, counts: Int32Array): void {
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  // Byte `head` of `bytes` is the first on a 4-byte boundary of the buffer: words[w] holds bytes head + 4w ... + 3.
  const head = (4 - (bytes.byteOffset & 3)) & 3
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + head, Math.max(0, bytes.length - head) >> 2)
  const pattern = Math.imul(c, 0x01010101)
  for (let i = 0; i < counts.length; i++) {
    let k = offsets[i]!
    const end = offsets[i + 1]!
    let found = 0
    while (k < end && ((k - head) & 3) !== 0) found += bytes[k++] === c ? 1 : 0
    const lastWord = (end - head) >> 2
    for (let w = (k - head) >> 2; w < lastWord && k + 4 <= end; w++, k += 4) {
      const x = words[w]! ^ pattern
      const nonZero = (((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x) & 0x80808080
      found += 4 - (Math.imul(nonZero >>> 7, 0x01010101) >>> 24)
    }
    while (k < end) found += bytes[k++] === c ? 1 : 0
    counts[i]! -= found
  }
}

/** Subtracts from counts[i] the bytes of row i marked in `deleted` (a 256-entry 0/1 table). */
function subtractTableCounts(column: Column, deleted: Uint8Array, counts: Int32Array): void {
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  for (let i = 0; i < counts.length; i++) {
    let found = 0
    for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++) found += deleted[bytes[k]!]!
    counts[i]! -= found
  }
}
