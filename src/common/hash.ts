// 32-bit Murmur3-style hashing of numbers, bytes and text — shared by group-by key tables and sketches.

/** Murmur3's mixing step: folds one 32-bit word into a running hash. */
export function mix(h: number, k: number): number {
  return mixScrambled(h, scramble(k))
}

/** The first half of `mix`, which depends on the word alone: a word folded into many hashes is scrambled once. */
export function scramble(k: number): number {
  const x = Math.imul(k, 0xcc9e2d51)
  return Math.imul((x << 15) | (x >>> 17), 0x1b873593)
}

/** The second half of `mix`: `mixScrambled(h, scramble(k))` is `mix(h, k)`. */
export function mixScrambled(h: number, scrambled: number): number {
  let y = h ^ scrambled
  y = (y << 13) | (y >>> 19)
  return (Math.imul(y, 5) + 0xe6546b64) | 0
}

/** Murmur3's final avalanche. */
export function finish(h: number): number {
  let x = h ^ (h >>> 16)
  x = Math.imul(x, 0x85ebca6b)
  x ^= x >>> 13
  x = Math.imul(x, 0xc2b2ae35)
  return x ^ (x >>> 16)
}

/** Canonical number for grouping and hashing: -0 is 0 and every NaN is the same NaN (as Spark normalizes floats). */
export function canonicalNumber(v: number): number {
  return v === 0 ? 0 : Number.isNaN(v) ? Number.NaN : v
}

const scratch = new Float64Array(1)
const scratchWords = new Int32Array(scratch.buffer)

export function hashNumber(h: number, value: number): number {
  const v = canonicalNumber(value)
  if ((v | 0) === v) return mix(h, v)
  scratch[0] = v
  return mix(mix(h, scratchWords[0]!), scratchWords[1]!)
}

export function hashBytes(h: number, bytes: Uint8Array, start: number, end: number): number {
  let x = h
  let i = start
  for (; i + 4 <= end; i += 4)
    x = mix(x, bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))
  let tail = 0
  for (let shift = 0; i < end; i++, shift += 8) tail |= bytes[i]! << shift
  return mix(x, tail ^ (end - start))
}

export function hashText(h: number, text: string): number {
  let x = h
  for (let i = 0; i < text.length; i++) x = mix(x, text.charCodeAt(i))
  return x
}
