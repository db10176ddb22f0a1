// Variable-width values (UTF-8 strings, binary) held in byte chunks of at most 4 MiB that are never resized, so an
// append never copies the bytes already held. A value is addressed by its span start, chunk index << 22 | offset
// (read it with `>>> 22` and `& OFFSET_MASK`), and never straddles two chunks; a value larger than a chunk gets one of
// its own. A store that borrows keeps a large input column's bytes where they are (its chunks are views of the
// column's buffer) instead of copying them. A chunk none of whose values is live any more is let go.
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
/** Columns with fewer bytes than this are copied: borrowing pays for large buffers only. */
export const BORROW_MIN_BYTES = 1 << 16
const NO_CHUNK = new Uint8Array(0)

/** A borrowed buffer: held (and counted whole) while any chunk viewing it is. */
interface Loan {
  readonly bytes: number
  chunks: number
}

export class ByteChunks {
  /** The chunks, by index: read a value's bytes from `chunks[start >>> 22]` at `start & OFFSET_MASK`. */
  readonly chunks: Uint8Array[] = []
  /** Bytes of the values appended to the chunks held (live or released). */
  used = 0
  /** Bytes of those values released. */
  released = 0
  /** Bytes held: the own chunks allocated and the whole buffers borrowed from. */
  allocated = 0
  /** Per chunk: bytes of the values appended to it, and of those still live. */
  private readonly chunkUsed: number[] = []
  private readonly chunkLive: number[] = []
  /** Per chunk: the buffer it views (borrowed), or null (own). */
  private readonly loans: (Loan | null)[] = []
  private readonly freeIndexes: number[] = []
  /** The chunk being filled, its index (-1: none yet), and the bytes of it in use. */
  private chunk = NO_CHUNK
  private current = -1
  private fill = 0

  /**
   * @param expected bytes the store is expected to hold soon (the first chunk's size, up to a full chunk)
   * @param borrowing whether `appendRows` may keep a column's buffer instead of copying it (the caller guarantees
   *   that buffers are never written after they are appended, as Arrow's are not)
   */
  constructor(
    private readonly expected = FIRST_CHUNK,
    private readonly borrowing = false,
  ) {}

  /** Copies bytes [start, end) of `source` in; returns the value's span start (an empty value's chunk may not exist). */
  append(source: Uint8Array, start: number, end: number): number {
    const length = end - start
    if (this.fill + length > this.chunk.length) {
      if (length > CHUNK_BYTES) return this.appendAlone(source, start, end)
      this.nextChunk(length)
    }
    copyBytes(source, start, end, this.chunk, this.fill)
    const at = this.spanStart()
    this.fill += length
    this.grew(this.current, length)
    return at
  }

  /**
   * Appends the values of rows [0, n) of a string or binary column (its `offsets` into `bytes`); row i's span start
   * goes to `starts[i]`. A borrowing store keeps a large column's buffer; otherwise each run of rows that fits the
   * chunk being filled is copied at once.
   */
  appendRows(bytes: Uint8Array, offsets: Int32Array, n: number, starts: Int32Array): void {
    if (this.borrowing && this.borrow(bytes, offsets, n, starts)) return
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
      const at = this.spanStart()
      for (let k = i; k < j; k++) starts[k] = at + (offsets[k]! - from)
      copyBytes(bytes, from, to, this.chunk, this.fill)
      this.fill += to - from
      this.grew(this.current, to - from)
      i = j
    }
  }

  /** The value at a span start with `length` bytes is gone: a chunk left with no live value is let go. */
  release(start: number, length: number): void {
    if (length === 0) return
    const c = start >>> OFFSET_BITS
    this.released += length
    this.chunkLive[c]! -= length
    if (this.chunkLive[c] === 0 && c !== this.current) this.drop(c)
  }

  /**
   * The live values of `spans` ([start, length] per slot, in pages of PAGE_SLOTS slots; for slots below `highWater`
   * where `isLive`) copied into new chunks, their span starts rewritten.
   */
  compacted(spans: Int32Array[], isLive: (slot: number) => boolean, highWater: number, liveBytes: number): ByteChunks {
    const into = new ByteChunks(Math.max(FIRST_CHUNK, liveBytes), this.borrowing)
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

  /**
   * Keeps rows [0, n) where they are, in chunks that view runs of `bytes` (each run at most a chunk, or one larger
   * value), if the column is large and its values are at least half of the buffer behind it (which is held, and
   * counted, whole); returns whether it did.
   */
  private borrow(bytes: Uint8Array, offsets: Int32Array, n: number, starts: Int32Array): boolean {
    const covered = offsets[n]! - offsets[0]!
    const held = bytes.buffer.byteLength
    if (covered < BORROW_MIN_BYTES || covered * 2 < held) return false
    // Chunk indexes are few: past half of them, values are copied into full chunks again.
    if (this.chunks.length - this.freeIndexes.length + Math.ceil(covered / CHUNK_BYTES) > MAX_CHUNKS / 2) return false
    const loan: Loan = { bytes: held, chunks: 0 }
    this.allocated += held
    let i = 0
    while (i < n) {
      const from = offsets[i]!
      let j = i + 1
      while (j < n && offsets[j + 1]! - from <= CHUNK_BYTES) j++
      const to = offsets[j]!
      if (to === from) {
        // Only empty values left: no chunk.
        for (let k = i; k < j; k++) starts[k] = 0
      } else {
        const c = this.push(bytes.subarray(from, to), loan)
        loan.chunks++
        this.grew(c, to - from)
        const at = c << OFFSET_BITS
        for (let k = i; k < j; k++) starts[k] = at + (offsets[k]! - from)
      }
      i = j
    }
    return true
  }

  /** Where the next byte of the chunk being filled goes (0 before the first chunk: only empty values go there). */
  private spanStart(): number {
    return this.current < 0 ? 0 : (this.current << OFFSET_BITS) | this.fill
  }

  private grew(c: number, length: number): void {
    if (length === 0) return
    this.chunkUsed[c]! += length
    this.chunkLive[c]! += length
    this.used += length
  }

  private nextChunk(length: number): void {
    const size = Math.min(CHUNK_BYTES, Math.max(length, this.expected, this.chunk.length * 2))
    const last = this.current
    this.current = -1
    if (last >= 0 && this.chunkLive[last] === 0) this.drop(last)
    this.chunk = new Uint8Array(size)
    this.current = this.push(this.chunk, null)
    this.fill = 0
  }

  /** A value larger than a chunk, in a chunk of its own (the chunk being filled stays the same). */
  private appendAlone(source: Uint8Array, start: number, end: number): number {
    const c = this.push(source.slice(start, end), null)
    this.grew(c, end - start)
    return c << OFFSET_BITS
  }

  /** Holds a chunk at a free index; returns the index. */
  private push(chunk: Uint8Array, loan: Loan | null): number {
    const free = this.freeIndexes.pop()
    if (free === undefined && this.chunks.length === MAX_CHUNKS)
      throw new IllegalStateException(
        `A state column holds more string or binary bytes than one store can address (${MAX_CHUNKS} chunks of up to ${CHUNK_BYTES} bytes)`,
      )
    const c = free ?? this.chunks.length
    this.chunks[c] = chunk
    this.chunkUsed[c] = 0
    this.chunkLive[c] = 0
    this.loans[c] = loan
    if (loan === null) this.allocated += chunk.length
    return c
  }

  /** Lets a chunk with no live value go (a borrowed buffer once none of its chunks is held). */
  private drop(c: number): void {
    this.used -= this.chunkUsed[c]!
    this.released -= this.chunkUsed[c]!
    const loan = this.loans[c]!
    if (loan === null) this.allocated -= this.chunks[c]!.length
    else if (--loan.chunks === 0) this.allocated -= loan.bytes
    this.chunks[c] = NO_CHUNK
    this.loans[c] = null
    this.chunkUsed[c] = 0
    this.freeIndexes.push(c)
  }
}
