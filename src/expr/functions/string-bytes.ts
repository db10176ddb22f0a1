// Byte-level kernels of length() and translate() over a Utf8 column's buffers: no per-row strings, no per-byte branch.
import { type Column, withStringData } from '../../arrow/index.js'
import { allAscii } from './define.js'

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
  const targets = new Map<number, number>()
  for (let k = 0; k < from.length; k++) {
    const c = from.charCodeAt(k)
    if (!targets.has(c)) targets.set(c, k < to.length ? to.charCodeAt(k) : -1)
  }
  if (targets.size === 0) return column
  if (targets.size === 1) {
    const [[c, target]] = [...targets] as [[number, number]]
    return target < 0 ? deleteByte(column, c) : replaceByte(column, c, target)
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

/** translate(s, 'c', ''): the bytes other than `c`; each byte is written, and kept by advancing past it. */
function deleteByte(column: Column, c: number): Column {
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  const n = column.length
  const out = new Uint8Array(offsets[n]! - offsets[0]!)
  const outOffsets = new Int32Array(n + 1)
  let written = 0
  for (let i = 0; i < n; i++) {
    for (let k = offsets[i]!, end = offsets[i + 1]!; k < end; k++) {
      const b = bytes[k]!
      out[written] = b
      written += b === c ? 0 : 1
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
