// Row fingerprints: a 52-bit hash of a row's canonical values (type-agnostic: a long, a decimal and a timestamp
// with the same number hash alike; strings hash by UTF-16 code unit whether they arrive as UTF-8 bytes or JS
// strings). Floats compared with a tolerance are left out and carried beside the fingerprint.
import { type CellColumn, cellAt } from './cells.js'

const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)

/** Two independent 32-bit multiplicative hashes, updated one 32-bit word at a time. */
class Hasher {
  a = 0x811c9dc5
  b = 0x27d4eb2f

  word(w: number): void {
    this.a = Math.imul(this.a ^ w, 0x01000193)
    this.b = Math.imul((this.b + w) ^ (this.b >>> 15), 0x2c1b3c6d)
  }

  number(value: number): void {
    f64[0] = value === 0 ? 0 : Number.isNaN(value) ? Number.NaN : value
    this.word(1)
    this.word(u32[0]!)
    this.word(u32[1]!)
  }

  finish(): number {
    let a = this.a ^ (this.a >>> 16)
    a = Math.imul(a, 0x85ebca6b) ^ (this.b >>> 13)
    let b = this.b ^ (this.b >>> 16)
    b = Math.imul(b, 0xc2b2ae35) ^ (a >>> 15)
    // 32 bits of a and 20 of b: an integer below 2^52, exact as a double (so Float64Array.sort orders it).
    return (a >>> 0) * 1048576 + (b >>> 12)
  }
}

const decoder = new TextDecoder()

function hashCell(h: Hasher, column: CellColumn, row: number): void {
  switch (column.kind) {
    case 'number':
      if (column.isNull(row)) h.word(0)
      else h.number(column.values[row]!)
      return
    case 'boolean':
      if (column.isNull(row)) h.word(0)
      else h.word(column.value(row) ? 3 : 4)
      return
    case 'utf8': {
      if (column.isNull(row)) {
        h.word(0)
        return
      }
      const start = column.offsets[row]!
      const end = column.offsets[row + 1]!
      const bytes = column.bytes
      let ascii = true
      for (let i = start; i < end; i++) if (bytes[i]! >= 0x80) ascii = false
      if (!ascii) {
        hashText(h, decoder.decode(bytes.subarray(start, end)))
        return
      }
      h.word(2)
      h.word(end - start)
      let i = start
      for (; i + 1 < end; i += 2) h.word(bytes[i]! | (bytes[i + 1]! << 16))
      if (i < end) h.word(bytes[i]!)
      return
    }
    case 'text': {
      const value = column.values[row] ?? null
      if (value === null) h.word(0)
      else hashText(h, value)
    }
  }
}

function hashText(h: Hasher, text: string): void {
  h.word(2)
  h.word(text.length)
  let i = 0
  for (; i + 1 < text.length; i += 2) h.word(text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16))
  if (i < text.length) h.word(text.charCodeAt(i))
}

/** The fingerprint of `row` over the columns whose `include` flag is set. */
export function fingerprint(columns: readonly CellColumn[], row: number, include: readonly boolean[]): number {
  const h = new Hasher()
  for (let c = 0; c < columns.length; c++) if (include[c]) hashCell(h, columns[c]!, row)
  return h.finish()
}

/** A float cell as a number (NaN for null), for tolerance comparison. */
export function floatCell(column: CellColumn, row: number): number {
  const value = cellAt(column, row)
  return typeof value === 'number' ? value : Number.NaN
}
