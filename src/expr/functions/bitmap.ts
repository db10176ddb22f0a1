// Spark's bitmap functions: a value's bucket and bit position in 32,768-bit (4 KB) bitmaps, and the number of set
// bits of a bitmap. bitmap_construct_agg and bitmap_or_agg build the bitmaps (expr/aggregates/bitmap-aggregates.ts).
import { numericColumn } from '../../arrow/index.js'
import { BINARY, LONG } from '../../types/data-types.js'
import { numbersOver, typed } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, materialize } from './vector.js'

/** Bytes in one bitmap (Spark's BitmapExpressionUtils.NUM_BYTES). */
export const BITMAP_BYTES = 4096
/** Bits in one bitmap. */
export const BITMAP_BITS = BITMAP_BYTES * 8

/** bitmap_bucket_number(v): 1 + (v - 1) / 32768 for positive v, v / 32768 otherwise (division toward zero). */
const bucketNumber = typed([LONG], LONG, (args, ctx) => {
  const n = ctx.length
  const values = numbersOver(args[0]!, n)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const v = values[i]!
    out[i] = v > 0 ? 1 + Math.trunc((v - 1) / BITMAP_BITS) : Math.trunc(v / BITMAP_BITS)
  }
  return numericColumn(LONG, out, combinedValidity(args, n))
})

/** bitmap_bit_position(v): (v - 1) mod 32768 for positive v, (-v) mod 32768 otherwise. */
const bitPosition = typed([LONG], LONG, (args, ctx) => {
  const n = ctx.length
  const values = numbersOver(args[0]!, n)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const v = values[i]!
    out[i] = (v > 0 ? (v - 1) % BITMAP_BITS : -v % BITMAP_BITS) || 0
  }
  return numericColumn(LONG, out, combinedValidity(args, n))
})

const ONES = Uint8Array.from({ length: 256 }, (_, b) => {
  let count = 0
  for (let x = b; x > 0; x >>= 1) count += x & 1
  return count
})

/** bitmap_count(bitmap): the number of set bits of a BINARY bitmap. */
const bitmapCount = typed([BINARY], LONG, (args, ctx) => {
  const n = ctx.length
  const input = materialize(args[0]!, n)
  const offsets = input.valueOffsets as Int32Array
  const bytes = input.values as Uint8Array
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let count = 0
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) count += ONES[bytes[k]!]!
    out[i] = count
  }
  return numericColumn(LONG, out, combinedValidity(args, n))
})

export const bitmapFunctions = {
  bitmap_bucket_number: bucketNumber,
  bitmap_bit_position: bitPosition,
  bitmap_count: bitmapCount,
} satisfies Record<string, ScalarFunction>
