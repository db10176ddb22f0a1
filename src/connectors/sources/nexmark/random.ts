// A small, fast, seedable PRNG (mulberry32), re-seeded per event from (seed, event id) so any event can be
// regenerated on its own: replaying offsets needs no generator state.

import { TWO_32 } from '../../../arrow/index.js'
import { finish } from '../../../common/hash.js'

/** murmur3's 32-bit finalizer, unsigned: spreads every input bit over the output. */
const mix32 = (h: number) => finish(h) >>> 0

export class Random {
  private state = 0

  /** Starts the stream of event `eventId` (an integer below 2^53) under `seed`. */
  reseed(seed: number, eventId: number): void {
    const hi = Math.floor(eventId / TWO_32)
    this.state = mix32(mix32((seed ^ 0x9e3779b9) + hi) ^ (eventId >>> 0))
  }

  /** The next 32 random bits as an unsigned integer. */
  nextU32(): number {
    let z = (this.state = (this.state + 0x6d2b79f5) | 0)
    z = Math.imul(z ^ (z >>> 15), z | 1)
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61)
    return (z ^ (z >>> 14)) >>> 0
  }

  /** A uniform integer in [0, bound) for bound ≤ 2^21 (exact multiply-shift, no modulo bias worth noting). */
  nextInt(bound: number): number {
    return Math.floor((this.nextU32() * bound) / TWO_32)
  }

  /** A uniform integer in [0, bound) for any bound below 2^53. */
  nextLong(bound: number): number {
    return Math.floor(this.nextDouble() * bound)
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  nextDouble(): number {
    return (this.nextU32() * 2097152 + (this.nextU32() >>> 11)) / 9007199254740992
  }
}
