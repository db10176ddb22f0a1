// rand(seed) and randn(seed) as Spark computes them: XORShiftRandom seeded with Scala's MurmurHash3 of the seed's
// eight bytes (plus the partition index, 0 here), java.util.Random's nextDouble and nextGaussian on top. The 64-bit
// xorshift runs on two 32-bit words. Like Spark, which reseeds for every partition of every task, the sequence starts
// again for each batch a kernel evaluates.
import { numericColumn, TWO_32 } from '../../arrow/index.js'
import { DOUBLE, LONG } from '../../types/data-types.js'
import { dataTypeOf, literal } from '../expression.js'
import { coerceArgs } from './coercion.js'
import type { ScalarFunction } from './spec.js'
import { isScalar } from './vector.js'

const mul = Math.imul
const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r))

function mix(h: number, k: number): number {
  const m = mul(rotl(mul(k, 0xcc9e2d51), 15), 0x1b873593)
  return (mul(rotl(h ^ m, 13), 5) + 0xe6546b64) | 0
}

function finalMix(h: number, length: number): number {
  let x = h ^ length
  x ^= x >>> 16
  x = mul(x, 0x85ebca6b)
  x ^= x >>> 13
  x = mul(x, 0xc2b2ae35)
  return x ^ (x >>> 16)
}

/** scala.util.hashing.MurmurHash3.bytesHash of 8 bytes (two little-endian words; an empty tail mixes nothing). */
function bytesHash8(bytes: Uint8Array, seed: number): number {
  let h = seed
  for (let i = 0; i < 8; i += 4)
    h = mix(h, bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))
  return finalMix(h, 8)
}

/** Java's Random with Spark's XORShiftRandom `next(bits)`. */
export class XorShiftRandom {
  private hi: number
  private lo: number
  private nextGaussianValue: number | null = null

  constructor(seed: number) {
    const bytes = new Uint8Array(8)
    const view = new DataView(bytes.buffer)
    const high = Math.floor(seed / TWO_32)
    view.setUint32(0, high >>> 0)
    view.setUint32(4, (seed - high * TWO_32) >>> 0)
    const low = bytesHash8(bytes, 0x3c074a61)
    this.hi = bytesHash8(bytes, low) >>> 0
    this.lo = low >>> 0
  }

  private next(bits: number): number {
    let { hi, lo } = this
    // s ^= s << 21; s ^= s >>> 35; s ^= s << 4
    const h1 = ((hi << 21) | (lo >>> 11)) >>> 0
    lo = (lo ^ (lo << 21)) >>> 0
    hi = (hi ^ h1) >>> 0
    lo = (lo ^ (hi >>> 3)) >>> 0
    const h2 = ((hi << 4) | (lo >>> 28)) >>> 0
    lo = (lo ^ (lo << 4)) >>> 0
    hi = (hi ^ h2) >>> 0
    this.hi = hi
    this.lo = lo
    return lo & (2 ** bits - 1)
  }

  /** java.util.Random.nextInt(): 32 random bits as a signed int. */
  nextInt(): number {
    return this.next(32) | 0
  }

  nextDouble(): number {
    return (this.next(26) * 2 ** 27 + this.next(27)) * 2 ** -53
  }

  nextGaussian(): number {
    if (this.nextGaussianValue !== null) {
      const value = this.nextGaussianValue
      this.nextGaussianValue = null
      return value
    }
    let v1: number
    let v2: number
    let s: number
    do {
      v1 = 2 * this.nextDouble() - 1
      v2 = 2 * this.nextDouble() - 1
      s = v1 * v1 + v2 * v2
    } while (s >= 1 || s === 0)
    const multiplier = Math.sqrt((-2 * Math.log(s)) / s)
    this.nextGaussianValue = v2 * multiplier
    return v1 * multiplier
  }
}

/** rand([seed]) / randn([seed]): without a seed, Spark picks one when the query is analyzed (and prints it). */
function random(gaussian: boolean): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [0, 1],
    resolve(args, name) {
      const seed = args[0] ?? literal(Math.floor(Math.random() * 2 ** 53) - 2 ** 52, LONG)
      const kind = dataTypeOf(seed).kind
      const coerced = kind === 'integer' || kind === 'long' ? seed : coerceArgs(name, [seed], [LONG])[0]!
      return { args: [coerced], dataType: DOUBLE, nullable: false }
    },
    perBatch: true,
    kernel(args, ctx) {
      const seed = args[0]!
      const value = isScalar(seed) ? Number(seed.value ?? 0) : 0
      const rng = new XorShiftRandom(value)
      const out = new Float64Array(ctx.length)
      for (let i = 0; i < ctx.length; i++) out[i] = gaussian ? rng.nextGaussian() : rng.nextDouble()
      return numericColumn(DOUBLE, out, null, 0)
    },
  }
}

export const randomFunctions = {
  rand: random(false),
  random: random(false),
  randn: random(true),
} satisfies Record<string, ScalarFunction>
