// The generator's random text and prices, written as ASCII bytes into a scratch buffer (no JS strings per event):
// Beam's StringsGenerator (nextString, nextExactString, nextExtra) and PriceGenerator.
import type { Random } from './random.js'

const SPACE = 32
const LETTER_A = 97
const MIN_STRING_LENGTH = 3

/**
 * Beam's `nextString(maxLength, delimiter)`: 3 to maxLength - 1 characters, each the delimiter with probability
 * 1/13 or a lowercase letter; a space delimiter is trimmed from both ends. Writes at `at`, returns the end.
 */
export function writeNextString(
  random: Random,
  out: Uint8Array,
  at: number,
  maxLength: number,
  delimiter = SPACE,
): number {
  const length = MIN_STRING_LENGTH + random.nextInt(maxLength - MIN_STRING_LENGTH)
  const start = at
  let end = at
  for (let i = 0; i < length; i++) {
    out[end++] = random.nextInt(13) === 0 ? delimiter : LETTER_A + random.nextInt(26)
  }
  if (delimiter !== SPACE) return end
  let first = start
  while (first < end && out[first] === SPACE) first++
  while (end > first && out[end - 1] === SPACE) end--
  if (first > start) out.copyWithin(start, first, end)
  return start + (end - first)
}

/**
 * Beam's `nextExactString`: `length` lowercase letters, six from each random word (each letter takes the next
 * base-26 digit of the word's fraction: digit = floor(frac * 26), frac = frac * 26 - digit).
 */
export function writeExactString(random: Random, out: Uint8Array, at: number, length: number): number {
  let fraction = 0
  let left = 0
  const end = at + length
  for (let i = at; i < end; i++) {
    if (left === 0) {
      fraction = random.nextU32() * (1 / 4294967296)
      left = 6
    }
    const scaled = fraction * 26
    const digit = Math.floor(scaled)
    out[i] = LETTER_A + digit
    fraction = scaled - digit
    left--
  }
  return end
}

/** Beam's `nextExtra` length: what brings `currentSize` to `desiredAverageSize` on average (±20%). */
export function extraLength(random: Random, currentSize: number, desiredAverageSize: number): number {
  if (currentSize > desiredAverageSize) return 0
  const desired = desiredAverageSize - currentSize
  const delta = Math.round(desired * 0.2)
  return desired - delta + (delta === 0 ? 0 : random.nextInt(2 * delta))
}

/** Writes `value` as decimal digits, zero-padded to `width`. */
export function writeDecimal(out: Uint8Array, at: number, value: number, width = 1): number {
  let digits = 1
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++
  const length = Math.max(digits, width)
  for (let i = at + length - 1, v = value; i >= at; i--, v = Math.floor(v / 10)) out[i] = 48 + (v % 10)
  return at + length
}

/** Copies ASCII `bytes` to `out` at `at`, returns the end. */
export function writeBytes(out: Uint8Array, at: number, bytes: Uint8Array): number {
  out.set(bytes, at)
  return at + bytes.length
}

/** Beam's `nextPrice`: 10^(6u) * 100 rounded, so prices are log-uniform between 1 and 1,000,000 (in cents). */
export function nextPrice(random: Random): number {
  return Math.round(10 ** (random.nextU32() * (6 / 4294967296)) * 100)
}

const encoder = new TextEncoder()

/** ASCII text as bytes (for the generator's fixed vocabularies). */
export function asciiBytes(text: string): Uint8Array {
  return encoder.encode(text)
}
