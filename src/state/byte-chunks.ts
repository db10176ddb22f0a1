// Variable-width values (UTF-8 strings, binary) held in byte chunks of at most 4 MiB that are never resized, so an
// append never copies the bytes already held. A value is addressed by its span start, chunk index << 22 | offset
// (read it with `>>> 22` and `& OFFSET_MASK`), and never straddles two chunks; a value larger than a chunk gets one of
// its own.
import { copyBytes } from '../arrow/index.js'
import { IllegalStateException } from '../common/errors.js'
import { PAGE_BITS, SLOT_MASK } from './slot-pages.js'

export const OFFSET_BITS = 22
/** The size of a full chunk; the first chunks of a store are smaller (1 KiB, doubling), so small stores stay small. */
export const CHUNK_BYTES = 1 << OFFSET_BITS
export const OFFSET_MASK = CHUNK_BYTES - 1
/** Span starts are read as unsigned 32-bit numbers: 10 bits of chunk index. */
const MAX_CHUNKS = 1 << (32 - OFFSET_BITS)
const FIRST_CHUNK = 1024

export class ByteChunks {
  /** The chunks, by index: read a value's bytes from `chunks[start >>> 22]` at `start & OFFSET_MASK`. */
  readonly chunks: Uint8Array[] = []
  /** Bytes of the values appended (live or released). */
  used = 0
  /** Bytes of the chunks allocated. */
  allocated = 0
  /** The chunk being filled, its index << 22, and the bytes of it in use. */
  private chunk = new Uint8Array(0)
  private base = 0
  private fill = 0

  /** @param expected bytes the store is expected to hold soon (the first chunk's size, up to a full chunk) */
  constructor(private readonly expected = FIRST_CHUNK) {}

  /** Copies bytes [start, end) of `source` in; returns the value's span start (an empty value's chunk may not exist). */
  append(source: Uint8Array, start: number, end: number): number {
    const length = end - start
    if (this.fill + length > this.chunk.length) {
      if (length > CHUNK_BYTES) return this.appendAlone(source, start, end)
      this.nextChunk(length)
    }
    copyBytes(source, start, end, this.chunk, this.fill)
    const at = this.base | this.fill
    this.fill += length
    this.used += length
    return at
  }

  /**
   * Copies the values of rows [0, n) of a string or binary column (its `offsets` into `bytes`) in, each run of rows
   * that fits the chunk being filled with one copy; row i's span start goes to `starts[i]`.
   */
  appendRows(bytes: Uint8Array, offsets: Int32Array, n: number, starts: Int32Array): void {
    let i = 0
    while (i < n) {
      const from = offsets[i]!
      const first = offsets[i + 1]! - from
      if (this.fill + first > this.chunk.length) {
        if (first > CHUNK_BYTES) {
          starts[i++] = this.appendAlone(bytes, from, from + first)
          continue
        }
        this.nextChunk(Math.min(offsets[n]! - from, CHUNK_BYTES))
      }
      const limit = from + this.chunk.length - this.fill
      let j = i + 1
      while (j < n && offsets[j + 1]! <= limit) j++
      const to = offsets[j]!
      const at = this.base | this.fill
      for (let k = i; k < j; k++) starts[k] = at + (offsets[k]! - from)
      copyBytes(bytes, from, to, this.chunk, this.fill)
      this.fill += to - from
      this.used += to - from
      i = j
    }
  }

  /**
   * The live values of `spans` ([start, length] per slot, in pages of PAGE_SLOTS slots; for slots below `highWater`
   * where `isLive`) copied into new chunks, their span starts rewritten.
   */
  compacted(spans: Int32Array[], isLive: (slot: number) => boolean, highWater: number, liveBytes: number): ByteChunks {
    const into = new ByteChunks(Math.max(FIRST_CHUNK, liveBytes))
    const chunks = this.chunks
    for (let g = 0; g < highWater; g++) {
      const page = spans[g >>> PAGE_BITS]!
      const at = 2 * (g & SLOT_MASK)
      const length = page[at + 1]!
      if (length === 0 || !isLive(g)) continue
      const start = page[at]!
      const from = start & OFFSET_MASK
      page[at] = into.append(chunks[start >>> OFFSET_BITS]!, from, from + length)
    }
    return into
  }

  private nextChunk(length: number): void {
    const size = Math.min(CHUNK_BYTES, Math.max(length, this.expected, this.chunk.length * 2))
    this.chunk = new Uint8Array(size)
    this.base = this.push(this.chunk) << OFFSET_BITS
    this.fill = 0
  }

  /** A value larger than a chunk, in a chunk of its own (the chunk being filled stays the same). */
  private appendAlone(source: Uint8Array, start: number, end: number): number {
    const own = source.slice(start, end)
    this.used += own.length
    return this.push(own) << OFFSET_BITS
  }

  private push(chunk: Uint8Array): number {
    if (this.chunks.length === MAX_CHUNKS)
      throw new IllegalStateException(
        `A state column holds more string or binary bytes than one store can address (${MAX_CHUNKS} chunks of up to ${CHUNK_BYTES} bytes)`,
      )
    this.chunks.push(chunk)
    this.allocated += chunk.length
    return this.chunks.length - 1
  }
}
