// Reading a sink's input rows straight from Arrow buffers: validity bits, and a string or binary cell as bytes.
import { type Column, decodeUtf8, validityOf } from '../arrow/index.js'

/** Whether row i is set in a validity bitmap (null bitmap: every row is). */
export const isValidAt = (bits: Uint8Array | null, i: number): boolean =>
  bits === null || ((bits[i >> 3]! >> (i & 7)) & 1) === 1

/** Row i of a Utf8 or Binary column as a view of its bytes (a string column's bytes are its UTF-8 encoding). */
export function bytesAt(column: Column, bits: Uint8Array | null, i: number): Uint8Array | null {
  if (!isValidAt(bits, i)) return null
  const offsets = column.valueOffsets as Int32Array
  return (column.values as Uint8Array).subarray(offsets[i]!, offsets[i + 1]!)
}

/** Row i of a Utf8 column as text, or null. */
export function textAt(column: Column, bits: Uint8Array | null, i: number): string | null {
  const bytes = bytesAt(column, bits, i)
  return bytes === null ? null : decodeUtf8(bytes, 0, bytes.length)
}

/** A column's validity bitmap, for the helpers above. */
export const bitsOf = (column: Column): Uint8Array | null => validityOf(column)
