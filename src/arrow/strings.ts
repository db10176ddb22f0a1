// UTF-8 string and binary columns: a growable builder, fast decoding of single values, and byte-level access.
import { Binary, makeData, Utf8 } from 'apache-arrow'
import { SparkRuntimeException } from '../common/errors.js'
import { type Column, copyBytes, countUnset, newBitmap, validityOf } from './column.js'

const decoder = new TextDecoder()
const encoder = new TextEncoder()

/** V8's longest string (0x1fffffe8 UTF-16 units); a value of fewer bytes always fits. */
const MAX_JS_STRING_LENGTH = 0x1fffffe8

/** Decodes bytes[start, end) as UTF-8; short ASCII strings skip the TextDecoder call. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const length = end - start
  if (length === 0) return ''
  if (length <= 32) {
    let text = ''
    for (let i = start; i < end; i++) {
      const byte = bytes[i]!
      if (byte >= 0x80) return decoder.decode(bytes.subarray(start, end))
      text += String.fromCharCode(byte)
    }
    return text
  }
  if (length < MAX_JS_STRING_LENGTH) return decoder.decode(bytes.subarray(start, end))
  try {
    return decoder.decode(bytes.subarray(start, end))
  } catch (cause) {
    throw new SparkRuntimeException(
      `A value of ${length} bytes is longer than a JavaScript string can be (${MAX_JS_STRING_LENGTH} characters).`,
      { cause },
    )
  }
}

/** The string at row `i` of a Utf8 column (null for a null row). */
export function stringAt(column: Column, i: number): string | null {
  const bits = validityOf(column)
  if (bits !== null && ((bits[i >> 3]! >> (i & 7)) & 1) === 0) return null
  const offsets = column.valueOffsets as Int32Array
  return decodeUtf8(column.values as Uint8Array, offsets[i]!, offsets[i + 1]!)
}

/** All values of a Utf8 column as JS strings (for kernels that need JS string semantics, e.g. regexes). */
export function stringsOf(column: Column): (string | null)[] {
  const out = new Array<string | null>(column.length)
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  const bits = validityOf(column)
  for (let i = 0; i < column.length; i++) {
    out[i] =
      bits !== null && ((bits[i >> 3]! >> (i & 7)) & 1) === 0 ? null : decodeUtf8(bytes, offsets[i]!, offsets[i + 1]!)
  }
  return out
}

/** The most bytes a string or binary column can hold: Arrow's 32-bit value offsets. */
export const MAX_STRING_COLUMN_BYTES = 0x7fffffff

/**
 * The typed error for a generated value longer than a JavaScript string can be (`what` names the function): a value
 * past it could be built but never read back, so building it is refused before any copying.
 */
export function checkStringValueBytes(bytes: number, what: string): void {
  if (bytes < MAX_JS_STRING_LENGTH) return
  throw new SparkRuntimeException(
    `The result of ${what} would be ${bytes} bytes long, more than a string value can hold (${MAX_JS_STRING_LENGTH}).`,
  )
}

/** The typed error for a string result that would not fit a column (`what` names the function or the column). */
export function checkStringColumnBytes(bytes: number, what: string): void {
  if (bytes <= MAX_STRING_COLUMN_BYTES) return
  throw new SparkRuntimeException(
    `The result of ${what} needs ${bytes} bytes, more than a string column of one batch holds (${MAX_STRING_COLUMN_BYTES} bytes).`,
  )
}

/**
 * Writes bytes[start, end) `times` times into `target` from `at` (which has room): one copy, then doubling copies
 * within the target, log2(times) native copies instead of one per repetition.
 */
export function writeRepeated(
  source: Uint8Array,
  start: number,
  end: number,
  times: number,
  target: Uint8Array,
  at: number,
): void {
  const total = (end - start) * times
  if (total === 0) return
  copyBytes(source, start, end, target, at)
  for (let have = end - start; have < total; have *= 2) {
    target.copyWithin(at + have, at, at + Math.min(have, total - have))
  }
}

/** Builds a Utf8 (or Binary) column row by row, growing its buffers geometrically. */
export class Utf8Builder {
  private bytes: Uint8Array
  private offsets: Int32Array
  private validity: Uint8Array | null = null
  private rows = 0
  private size = 0

  constructor(
    expectedRows = 16,
    expectedBytes = expectedRows * 8,
    private readonly binary = false,
  ) {
    this.bytes = new Uint8Array(Math.max(16, expectedBytes))
    this.offsets = new Int32Array(Math.max(1, expectedRows) + 1)
  }

  get length(): number {
    return this.rows
  }

  appendNull(): void {
    this.nextRow()
    if (!this.validity) this.validity = allSet(this.offsets.length)
    this.validity[(this.rows - 1) >> 3]! &= ~(1 << ((this.rows - 1) & 7))
  }

  append(text: string | null): void {
    if (text === null) {
      this.appendNull()
      return
    }
    this.reserve(text.length * 3)
    const bytes = this.bytes
    let pos = this.size
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i)
      if (code >= 0x80) {
        pos += encoder.encodeInto(text.slice(i), bytes.subarray(pos)).written
        break
      }
      bytes[pos++] = code
    }
    this.size = pos
    this.nextRow()
  }

  /** Appends bytes[start, end) repeated `times` times as one value. */
  appendRepeated(source: Uint8Array, start: number, end: number, times: number): void {
    const total = (end - start) * times
    this.reserve(total)
    writeRepeated(source, start, end, times, this.bytes, this.size)
    this.size += total
    this.nextRow()
  }

  /** Appends raw bytes (already UTF-8 for string columns). */
  appendBytes(source: Uint8Array, start = 0, end = source.length): void {
    this.reserve(end - start)
    copyBytes(source, start, end, this.bytes, this.size)
    this.size += end - start
    this.nextRow()
  }

  finish(): Column {
    const length = this.rows
    const validity = this.validity ? this.validity.subarray(0, (length + 7) >> 3) : null
    return stringDataColumn(
      this.binary,
      length,
      this.offsets.subarray(0, length + 1),
      this.bytes.subarray(0, this.size),
      validity,
    )
  }

  private nextRow(): void {
    if (this.rows + 2 > this.offsets.length) {
      const grown = new Int32Array(this.offsets.length * 2)
      grown.set(this.offsets)
      this.offsets = grown
      if (this.validity) {
        const bits = allSet(grown.length)
        bits.set(this.validity)
        this.validity = bits
      }
    }
    this.offsets[++this.rows] = this.size
  }

  private reserve(extra: number): void {
    if (this.size + extra <= this.bytes.length) return
    checkStringColumnBytes(this.size + extra, this.binary ? 'a binary column' : 'a string column')
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.size + extra))
    grown.set(this.bytes.subarray(0, this.size))
    this.bytes = grown
  }
}

function allSet(bits: number): Uint8Array {
  return newBitmap(bits).fill(255)
}

/** A Utf8 column from JS strings. */
export function stringColumn(values: readonly (string | null)[]): Column {
  const builder = new Utf8Builder(values.length, values.length * 8)
  for (const value of values) builder.append(value)
  return builder.finish()
}

/** A Utf8 (or, with `binary`, Binary) column over value offsets and bytes; NULL where `validity` has a bit unset. */
export function stringDataColumn(
  binary: boolean,
  length: number,
  offsets: Int32Array,
  bytes: Uint8Array,
  validity: Uint8Array | null,
): Column {
  const nullCount = validity === null ? 0 : countUnset(validity, length)
  return makeData({
    type: binary ? new Binary() : new Utf8(),
    length,
    nullCount,
    nullBitmap: nullCount > 0 ? validity! : undefined,
    valueOffsets: offsets,
    data: bytes,
  } as never)
}

/** A Utf8 or Binary column like `column` (type, length, validity) over new value offsets and bytes. */
export function withStringData(column: Column, offsets: Int32Array, bytes: Uint8Array): Column {
  return makeData({
    type: column.type,
    length: column.length,
    nullCount: column.nullCount,
    nullBitmap: column.nullCount > 0 ? column.nullBitmap : undefined,
    valueOffsets: offsets,
    data: bytes,
  } as never)
}

/** A Binary column from byte arrays. */
export function binaryColumn(values: readonly (Uint8Array | null)[]): Column {
  const builder = new Utf8Builder(values.length, values.length * 8, true)
  for (const value of values) value === null ? builder.appendNull() : builder.appendBytes(value)
  return builder.finish()
}
