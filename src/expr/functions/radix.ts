// Numbers in other bases: hex/unhex, bin, and conv between bases 2..36, over 64-bit two's complement values held as
// two 32-bit words (BIGINT columns are read from their int64 words, so values beyond 2^53 stay exact; no BigInt).
import { bitAt, numbersOf, TWO_32, Utf8Builder, validityOf } from '../../arrow/index.js'
import { BINARY, type DataType, INTEGER, isNumeric, LONG, STRING } from '../../types/data-types.js'
import { dataTypeOf } from '../expression.js'
import { coerceArgs } from './coercion.js'
import { numbersOver, typed } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, isScalar, materialize, type Vec } from './vector.js'

/** Low and high 32-bit words (as unsigned numbers) of each row's 64-bit integer: words[2i] low, words[2i+1] high. */
export function int64Words(given: Vec, n: number): Uint32Array {
  // A BIGINT literal beyond 2^53 is a bigint: materialized into int64 words exactly.
  const v = isScalar(given) && typeof given.value === 'bigint' ? materialize(given, n) : given
  if (!isScalar(v)) {
    const values = v.values as unknown
    if (values instanceof BigInt64Array) return new Uint32Array(values.buffer, values.byteOffset, n * 2)
  }
  const numbers = numbersOver(v, n)
  const words = new Uint32Array(n * 2)
  for (let i = 0; i < n; i++) {
    const x = Math.trunc(numbers[i]!)
    const hi = Math.floor(x / TWO_32)
    words[2 * i] = x - hi * TWO_32
    words[2 * i + 1] = hi >>> 0
  }
  return words
}

const digitChars = new TextEncoder().encode('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ')

/**
 * Writes the unsigned 64-bit value (hi, lo) in `radix` at the end of `scratch`, returning the first digit's index
 * (Long.toUnsignedString: no leading zeros, "0" for zero). Division works on 32-bit halves, exact in doubles.
 */
function writeUnsigned(hi: number, lo: number, radix: number, scratch: Uint8Array): number {
  let pos = scratch.length
  do {
    const highRemainder = hi % radix
    hi = Math.floor(hi / radix)
    const current = highRemainder * TWO_32 + lo
    lo = Math.floor(current / radix)
    scratch[--pos] = digitChars[current - lo * radix]!
  } while (hi !== 0 || lo !== 0)
  return pos
}

/** A STRING column of the integral argument written in `radix` as an unsigned 64-bit value (hex, bin). */
function integralInRadix(args: readonly Vec[], n: number, radix: number) {
  const words = int64Words(args[0]!, n)
  const validity = combinedValidity(args, n)
  const builder = new Utf8Builder(n, n * 16)
  const scratch = new Uint8Array(64)
  for (let i = 0; i < n; i++) {
    if (validity !== null && !bitAt(validity, i)) builder.appendNull()
    else builder.appendBytes(scratch, writeUnsigned(words[2 * i + 1]!, words[2 * i]!, radix, scratch), 64)
  }
  return builder.finish()
}

/** hex(x): an integral as upper-case hex of its 64-bit two's complement; a string or binary as hex of its bytes. */
const hex: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve(args, name) {
    const t = dataTypeOf(args[0]!)
    // Hex's input types are (BIGINT, BINARY, STRING): any other number is implicitly cast to BIGINT.
    const expected: DataType | 'string' = isNumeric(t) ? LONG : t.kind === 'binary' ? BINARY : 'string'
    return { args: coerceArgs(name, args, [expected]), dataType: STRING }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    if (dataTypeOf(call.args[0]!).kind === 'long') return integralInRadix(args, n, 16)
    const input = materialize(args[0]!, n)
    const offsets = input.valueOffsets as Int32Array
    const bytes = input.values as Uint8Array
    const validity = validityOf(input)
    const builder = new Utf8Builder(n, (offsets[n]! - offsets[0]!) * 2)
    let scratch = new Uint8Array(64)
    for (let i = 0; i < n; i++) {
      if (validity !== null && !bitAt(validity, i)) {
        builder.appendNull()
        continue
      }
      const length = offsets[i + 1]! - offsets[i]!
      if (scratch.length < length * 2) scratch = new Uint8Array(length * 4)
      for (let k = 0; k < length; k++) {
        const b = bytes[offsets[i]! + k]!
        scratch[2 * k] = digitChars[b >> 4]!
        scratch[2 * k + 1] = digitChars[b & 15]!
      }
      builder.appendBytes(scratch, 0, length * 2)
    }
    return builder.finish()
  },
}

/** A hex digit's value, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 65 && c <= 70) return c - 55
  if (c >= 97 && c <= 102) return c - 87
  return -1
}

/** unhex(s): the bytes of a hex string (an odd length gets a leading 0 nibble); NULL for a non-hex character. */
const unhex = typed(
  [STRING],
  BINARY,
  (args, ctx) => {
    const n = ctx.length
    const input = materialize(args[0]!, n)
    const offsets = input.valueOffsets as Int32Array
    const bytes = input.values as Uint8Array
    const validity = validityOf(input)
    const builder = new Utf8Builder(n, (offsets[n]! - offsets[0]!) >> 1, true)
    let scratch = new Uint8Array(64)
    for (let i = 0; i < n; i++) {
      if (validity !== null && !bitAt(validity, i)) {
        builder.appendNull()
        continue
      }
      const start = offsets[i]!
      const length = offsets[i + 1]! - start
      const size = (length + 1) >> 1
      if (scratch.length < size) scratch = new Uint8Array(size * 2)
      let ok = true
      for (let k = 0; k < size && ok; k++) {
        // With an odd length the first output byte is just the first digit.
        const hiPos = start + 2 * k - (length & 1)
        const high = hiPos < start ? 0 : hexValue(bytes[hiPos]!)
        const low = hexValue(bytes[hiPos + 1]!)
        ok = high >= 0 && low >= 0
        scratch[k] = (high << 4) | low
      }
      if (ok) builder.appendBytes(scratch, 0, size)
      else builder.appendNull()
    }
    return builder.finish()
  },
  { nullable: () => true },
)

/** bin(x): Long.toBinaryString of the value cast to BIGINT. */
const bin = typed([LONG], STRING, (args, ctx) => integralInRadix(args, ctx.length, 2))

/** Digit value of a character in `radix` (Character.digit), or -1. */
function digitIn(c: number, radix: number): number {
  const d = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : c >= 97 && c <= 122 ? c - 87 : 99
  return d < radix ? d : -1
}

/**
 * conv(num, fromBase, toBase), Spark's NumberConverter: the digits (up to the first invalid one) are read as an unsigned
 * 64-bit value (overflow gives -1, i.e. all ones); a '-' negates it; toBase < 0 prints the value as signed. NULL for a
 * base outside 2..36 or an empty string. The overflow check keeps Spark's quirk of comparing `v >= bound` as signed.
 */
function convert(text: Uint8Array, start: number, end: number, from: number, to: number, scratch: Uint8Array): number {
  const negative = end > start && text[start] === 45
  let hi = 0
  let lo = 0
  // bound = (2^64 - 1 - from) / from, unsigned; v >= bound as signed longs means v < 2^63 and v >= bound.
  const boundHi = Math.floor((TWO_32 - 1) / from)
  const boundLo = Math.floor((((TWO_32 - 1) % from) * TWO_32 + (TWO_32 - 1 - from)) / from)
  for (let p = negative ? start + 1 : start; p < end; p++) {
    const d = digitIn(text[p]!, from)
    if (d < 0) break
    const lowProduct = lo * from + d
    const carry = Math.floor(lowProduct / TWO_32)
    const highProduct = hi * from + carry
    if (hi < 0x80000000 && (hi > boundHi || (hi === boundHi && lo >= boundLo)) && highProduct >= TWO_32) {
      hi = TWO_32 - 1
      lo = TWO_32 - 1
      break
    }
    lo = lowProduct - carry * TWO_32
    hi = highProduct % TWO_32
  }
  const negate = () => {
    lo = (TWO_32 - lo) % TWO_32
    hi = (TWO_32 - 1 - hi + (lo === 0 ? 1 : 0)) % TWO_32
  }
  let signed = negative
  if (negative && to > 0) {
    if (hi >= 0x80000000) hi = lo = TWO_32 - 1
    else negate()
  }
  if (to < 0 && hi >= 0x80000000) {
    negate()
    signed = true
  }
  let pos = writeUnsigned(hi, lo, Math.abs(to), scratch)
  if (signed && to < 0) scratch[--pos] = 45
  return pos
}

const conv = typed(
  [STRING, INTEGER, INTEGER],
  STRING,
  (args, ctx) => {
    const n = ctx.length
    const input = materialize(args[0]!, n)
    const offsets = input.valueOffsets as Int32Array
    const bytes = input.values as Uint8Array
    const validity = combinedValidity(args, n)
    const from = numbersOf(materialize(args[1]!, n))
    const to = numbersOf(materialize(args[2]!, n))
    const builder = new Utf8Builder(n, n * 16)
    const scratch = new Uint8Array(72)
    for (let i = 0; i < n; i++) {
      const f = from[i]!
      const t = to[i]!
      const bad = f < 2 || f > 36 || Math.abs(t) < 2 || Math.abs(t) > 36 || offsets[i + 1] === offsets[i]
      if (bad || (validity !== null && !bitAt(validity, i))) builder.appendNull()
      else builder.appendBytes(scratch, convert(bytes, offsets[i]!, offsets[i + 1]!, f, t, scratch), scratch.length)
    }
    return builder.finish()
  },
  { nullable: () => true },
)

export const radixFunctions = { hex, unhex, bin, conv } satisfies Record<string, ScalarFunction>
