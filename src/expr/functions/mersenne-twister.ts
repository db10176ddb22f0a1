// MT19937 as Apache Commons Math's MersenneTwister implements it (a long seed is the key [high word, low word] of
// init_by_array; nextInt(n) rejects biased draws as BitsStreamGenerator does), for shuffle's permutations, which
// Spark draws from that generator (RandomIndicesGenerator, the "inside-out" Fisher-Yates shuffle).
const N = 624
const M = 397
const MAG01 = [0, 0x9908b0df | 0]

export class MersenneTwister {
  private readonly mt = new Int32Array(N)
  private mti = N

  constructor(seed: number | readonly number[]) {
    if (typeof seed === 'number') {
      // The long's two 32-bit words, high first: (int) (seed >>> 32), (int) (seed & 0xffffffffL).
      const high = Math.floor(seed / 2 ** 32)
      this.seedArray([high | 0, (seed - high * 2 ** 32) | 0])
    } else this.seedArray(seed)
  }

  private seedInt(seed: number): void {
    const mt = this.mt
    mt[0] = seed
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30)
      // 1812433253 * prev + i, modulo 2^32, in 16-bit halves to stay exact.
      mt[i] = (Math.imul(1812433253, prev) + i) | 0
    }
    this.mti = N
  }

  private seedArray(key: readonly number[]): void {
    this.seedInt(19650218)
    const mt = this.mt
    let i = 1
    let j = 0
    for (let k = Math.max(N, key.length); k !== 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30)
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j) | 0
      i++
      j++
      if (i >= N) {
        mt[0] = mt[N - 1]!
        i = 1
      }
      if (j >= key.length) j = 0
    }
    for (let k = N - 1; k !== 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30)
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1566083941)) - i) | 0
      i++
      if (i >= N) {
        mt[0] = mt[N - 1]!
        i = 1
      }
    }
    mt[0] = 0x80000000 | 0
    this.mti = N
  }

  /** The next `bits` random bits (1 ≤ bits ≤ 32), as an unsigned number. */
  next(bits: number): number {
    const mt = this.mt
    if (this.mti >= N) {
      let k = 0
      for (; k < N - M; k++) {
        const y = (mt[k]! & 0x80000000) | (mt[k + 1]! & 0x7fffffff)
        mt[k] = mt[k + M]! ^ (y >>> 1) ^ MAG01[y & 1]!
      }
      for (; k < N - 1; k++) {
        const y = (mt[k]! & 0x80000000) | (mt[k + 1]! & 0x7fffffff)
        mt[k] = mt[k + (M - N)]! ^ (y >>> 1) ^ MAG01[y & 1]!
      }
      const y = (mt[N - 1]! & 0x80000000) | (mt[0]! & 0x7fffffff)
      mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ MAG01[y & 1]!
      this.mti = 0
    }
    let y = mt[this.mti++]!
    y ^= y >>> 11
    y ^= (y << 7) & 0x9d2c5680
    y ^= (y << 15) & 0xefc60000
    y ^= y >>> 18
    return (y >>> 0) >>> (32 - bits)
  }

  /** A uniform int in [0, n), n > 0, as BitsStreamGenerator.nextInt(n). */
  nextInt(n: number): number {
    if ((n & -n) === n) return Math.floor((n * this.next(31)) / 2 ** 31)
    for (;;) {
      const bits = this.next(31)
      const value = bits % n
      // Java's int overflow test `bits - val + (n - 1) < 0` rejects the last, partial range.
      if (((bits - value + (n - 1)) | 0) >= 0) return value
    }
  }
}
