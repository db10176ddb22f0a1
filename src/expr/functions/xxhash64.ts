// xxhash64(a, b, ...): Spark's XxHash64 (XXH64, seed 42) folded over the arguments left to right as hash() folds
// Murmur3 — ints, dates and booleans as one int; longs, timestamps and intervals as one long; floats and doubles by
// their normalized bits; strings, binary and wide decimals by their bytes; arrays and structs element by element; a
// null leaves the running hash as it is. The 64-bit arithmetic runs on (high, low) 32-bit words held in two module
// variables, so no BigInt or object is made per value.
import {
  bitAt,
  type Column,
  decimalBytes,
  int64WordsOf,
  numericColumn,
  toByteArray,
  validityOf,
} from '../../arrow/index.js'
import { type DataType, LONG } from '../../types/data-types.js'
import { dataTypeOf } from '../expression.js'
import { checkHashable } from './hashing.js'
import type { ScalarFunction } from './spec.js'
import { materialize } from './vector.js'

// The running 64-bit value: high and low words, unsigned.
let H = 0
let L = 0

const P1 = [0x9e3779b1, 0x85ebca87] as const
const P2 = [0xc2b2ae3d, 0x27d4eb4f] as const
const P3 = [0x165667b1, 0x9e3779f9] as const
const P4 = [0x85ebca77, 0xc2b2ae63] as const
const P5 = [0x27d4eb2f, 0x165667c5] as const

/** (H, L) = (ah, al) × (bh, bl) mod 2^64, in 16-bit limbs. */
function mul(ah: number, al: number, bh: number, bl: number): void {
  const a48 = ah >>> 16
  const a32 = ah & 0xffff
  const a16 = al >>> 16
  const a00 = al & 0xffff
  const b48 = bh >>> 16
  const b32 = bh & 0xffff
  const b16 = bl >>> 16
  const b00 = bl & 0xffff
  let c00 = a00 * b00
  let c16 = c00 >>> 16
  c00 &= 0xffff
  c16 += a16 * b00
  let c32 = c16 >>> 16
  c16 &= 0xffff
  c16 += a00 * b16
  c32 += c16 >>> 16
  c16 &= 0xffff
  c32 += a32 * b00
  let c48 = c32 >>> 16
  c32 &= 0xffff
  c32 += a16 * b16
  c48 += c32 >>> 16
  c32 &= 0xffff
  c32 += a00 * b32
  c48 += c32 >>> 16
  c32 &= 0xffff
  c48 += a48 * b00 + a32 * b16 + a16 * b32 + a00 * b48
  c48 &= 0xffff
  H = ((c48 << 16) | c32) >>> 0
  L = ((c16 << 16) | c00) >>> 0
}

/** (H, L) = (ah, al) + (bh, bl) mod 2^64. */
function add(ah: number, al: number, bh: number, bl: number): void {
  const low = al + bl
  L = low >>> 0
  H = (ah + bh + (low > 0xffffffff ? 1 : 0)) >>> 0
}

/** (H, L) rotated left by r (0 < r < 32). */
function rotl(r: number): void {
  const h = H
  H = ((h << r) | (L >>> (32 - r))) >>> 0
  L = ((L << r) | (h >>> (32 - r))) >>> 0
}

/** Spark's fmix: h ^= h >>> 33; h *= P2; h ^= h >>> 29; h *= P3; h ^= h >>> 32. */
function fmix(): void {
  L = (L ^ (H >>> 1)) >>> 0
  mul(H, L, P2[0], P2[1])
  L = (L ^ ((L >>> 29) | (H << 3))) >>> 0
  H = (H ^ (H >>> 29)) >>> 0
  mul(H, L, P3[0], P3[1])
  L = (L ^ H) >>> 0
}

/** The running hash absorbs one 32-bit word: h ^= word * P1; h = rotl(h, 23) * P2 + P3. */
function absorbInt(word: number): void {
  const sh = H
  const sl = L
  mul(0, word >>> 0, P1[0], P1[1])
  H = (sh ^ H) >>> 0
  L = (sl ^ L) >>> 0
  rotl(23)
  mul(H, L, P2[0], P2[1])
  add(H, L, P3[0], P3[1])
}

/** The running hash absorbs one 64-bit word: h ^= rotl(k * P2, 31) * P1; h = rotl(h, 27) * P1 + P4. */
function absorbLong(kh: number, kl: number): void {
  const sh = H
  const sl = L
  mul(kh >>> 0, kl >>> 0, P2[0], P2[1])
  rotl(31)
  mul(H, L, P1[0], P1[1])
  H = (sh ^ H) >>> 0
  L = (sl ^ L) >>> 0
  rotl(27)
  mul(H, L, P1[0], P1[1])
  add(H, L, P4[0], P4[1])
}

/** (H, L) = seed + P5 + n. */
function start(sh: number, sl: number, n: number): void {
  add(sh, sl, P5[0], P5[1])
  add(H, L, 0, n)
}

/** XXH64 hashInt(value, seed). */
function hashInt(value: number, sh: number, sl: number): void {
  start(sh, sl, 4)
  absorbInt(value)
  fmix()
}

/** XXH64 hashLong((high, low), seed). */
function hashLong(high: number, low: number, sh: number, sl: number): void {
  start(sh, sl, 8)
  absorbLong(high, low)
  fmix()
}

const word = (bytes: Uint8Array, at: number) =>
  (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0

// The four lanes of a 32-byte stripe.
const lanes = new Uint32Array(8)

/** One lane: v = rotl(v + k * P2, 31) * P1. */
function round(lane: number, kh: number, kl: number): void {
  mul(kh, kl, P2[0], P2[1])
  add(H, L, lanes[2 * lane]!, lanes[2 * lane + 1]!)
  rotl(31)
  mul(H, L, P1[0], P1[1])
  lanes[2 * lane] = H
  lanes[2 * lane + 1] = L
}

/** XXH64 hashUnsafeBytes(bytes[start, end), seed), with Spark's tail (a 4-byte word, then single bytes). */
function hashBytes(bytes: Uint8Array, from: number, end: number, sh: number, sl: number): void {
  const length = end - from
  let at = from
  if (length >= 32) {
    add(sh, sl, P1[0], P1[1])
    add(H, L, P2[0], P2[1])
    lanes[0] = H
    lanes[1] = L
    add(sh, sl, P2[0], P2[1])
    lanes[2] = H
    lanes[3] = L
    lanes[4] = sh
    lanes[5] = sl
    // seed - P1 = seed + (2^64 - P1)
    add(sh, sl, 0x61c8864e, 0x7a143579)
    lanes[6] = H
    lanes[7] = L
    for (; at <= end - 32; at += 32) {
      for (let lane = 0; lane < 4; lane++) round(lane, word(bytes, at + 8 * lane + 4), word(bytes, at + 8 * lane))
    }
    let accH = 0
    let accL = 0
    const rotations = [1, 7, 12, 18]
    for (let lane = 0; lane < 4; lane++) {
      H = lanes[2 * lane]!
      L = lanes[2 * lane + 1]!
      rotl(rotations[lane]!)
      add(accH, accL, H, L)
      accH = H
      accL = L
    }
    for (let lane = 0; lane < 4; lane++) {
      // hash ^= rotl(v * P2, 31) * P1; hash = hash * P1 + P4
      mul(lanes[2 * lane]!, lanes[2 * lane + 1]!, P2[0], P2[1])
      rotl(31)
      mul(H, L, P1[0], P1[1])
      mul((accH ^ H) >>> 0, (accL ^ L) >>> 0, P1[0], P1[1])
      add(H, L, P4[0], P4[1])
      accH = H
      accL = L
    }
    H = accH
    L = accL
  } else {
    add(sh, sl, P5[0], P5[1])
  }
  add(H, L, 0, length)
  for (; at <= end - 8; at += 8) absorbLong(word(bytes, at + 4), word(bytes, at))
  if (at + 4 <= end) {
    absorbInt(word(bytes, at))
    at += 4
  }
  for (; at < end; at++) {
    const sh2 = H
    const sl2 = L
    mul(0, bytes[at]!, P5[0], P5[1])
    H = (sh2 ^ H) >>> 0
    L = (sl2 ^ L) >>> 0
    rotl(11)
    mul(H, L, P1[0], P1[1])
  }
  fmix()
}

/** A column prepared for hashing: its validity and its values in the form the type is hashed from. */
interface Reader {
  readonly type: DataType
  readonly column: Column
  readonly valid: Uint8Array | null
  readonly words: Int32Array | null
  readonly children: readonly Reader[]
}

const scratch = new Float64Array(1)
const scratchWords = new Int32Array(scratch.buffer)
const scratchFloat = new Float32Array(1)
const scratchFloatBits = new Int32Array(scratchFloat.buffer)

function readerOf(column: Column, type: DataType): Reader {
  const kind = type.kind
  const words =
    kind === 'long' || kind === 'timestamp' || kind === 'timestamp_ntz' || kind === 'interval'
      ? int64WordsOf(column)
      : kind === 'decimal'
        ? new Int32Array(
            (column.values as Uint32Array).buffer,
            (column.values as Uint32Array).byteOffset,
            column.length * 4,
          )
        : null
  const children =
    type.kind === 'struct'
      ? type.fields.map((f, k) => readerOf(column.children[k]!, f.dataType))
      : type.kind === 'array'
        ? [readerOf(column.children[0]!, type.elementType)]
        : []
  return { type, column, valid: validityOf(column), words, children }
}

/** Folds value i of the reader's column into (H, L), which holds the running hash (the seed) on entry. */
function foldValue(r: Reader, i: number): void {
  if (r.valid !== null && !bitAt(r.valid, i)) return
  const sh = H
  const sl = L
  const values = r.column.values
  switch (r.type.kind) {
    case 'boolean':
      hashInt(((values as Uint8Array)[i >> 3]! >> (i & 7)) & 1, sh, sl)
      return
    case 'byte':
    case 'short':
    case 'integer':
    case 'date':
    case 'year_month_interval':
      hashInt((values as Int32Array)[i]!, sh, sl)
      return
    case 'float': {
      const v = (values as Float32Array)[i]!
      scratchFloat[0] = v
      hashInt(v === 0 ? 0 : Number.isNaN(v) ? 0x7fc00000 : scratchFloatBits[0]!, sh, sl)
      return
    }
    case 'double': {
      const v = (values as Float64Array)[i]!
      scratch[0] = v
      if (v === 0) {
        hashLong(0, 0, sh, sl)
        return
      }
      if (Number.isNaN(v)) {
        hashLong(0x7ff80000, 0, sh, sl)
        return
      }
      hashLong(scratchWords[1]!, scratchWords[0]!, sh, sl)
      return
    }
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'interval':
      hashLong(r.words![2 * i + 1]!, r.words![2 * i]!, sh, sl)
      return
    case 'decimal': {
      const w = r.words!
      if (r.type.precision <= 18) {
        hashLong(w[4 * i + 1]!, w[4 * i]!, sh, sl)
        return
      }
      hashBytes(decimalBytes, toByteArray(w, 4 * i), 16, sh, sl)
      return
    }
    case 'string':
    case 'binary': {
      const offsets = r.column.valueOffsets as Int32Array
      hashBytes(values as Uint8Array, offsets[i]!, offsets[i + 1]!, sh, sl)
      return
    }
    case 'struct':
      for (const child of r.children) foldValue(child, i)
      return
    case 'array': {
      const offsets = r.column.valueOffsets as Int32Array
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) foldValue(r.children[0]!, j)
      return
    }
    default:
      return
  }
}

/** xxhash64(a, b, ...): a BIGINT, never NULL; maps are refused as hash() refuses them. */
const xxhash64: ScalarFunction = {
  kind: 'scalar',
  arity: [0, Number.POSITIVE_INFINITY],
  resolve(args, name) {
    checkHashable(name, args)
    return { args, dataType: LONG, nullable: false }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const readers = args.map((a, k) => readerOf(materialize(a, n), dataTypeOf(call.args[k]!)))
    const out = new BigInt64Array(n)
    const words = new Int32Array(out.buffer)
    for (let i = 0; i < n; i++) {
      H = 0
      L = 42
      for (const reader of readers) foldValue(reader, i)
      words[2 * i] = L | 0
      words[2 * i + 1] = H | 0
    }
    return numericColumn(LONG, out, null, 0)
  },
}

export const xxhash64Functions = { xxhash64 } satisfies Record<string, ScalarFunction>

/** XXH64 of bytes with a 64-bit seed (what Spark's hashUnsafeBytes computes), as a signed bigint: for tests. */
export function xxh64(bytes: Uint8Array, seed = 0n): bigint {
  const s = BigInt.asUintN(64, seed)
  hashBytes(bytes, 0, bytes.length, Number(s >> 32n), Number(s & 0xffffffffn))
  return BigInt.asIntN(64, (BigInt(H) << 32n) | BigInt(L))
}
