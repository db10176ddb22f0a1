// regexp_extract and RLIKE over a string column's bytes with a constant pattern: ASCII rows go through the byte
// matcher (no JS string per row, the group's bytes copied from the input); other rows through the JS regex.
import { bitAt, type Column, newBitmap, stringAt, Utf8Builder, validityOf } from '../../arrow/index.js'
import { LruCache } from '../../common/lru-cache.js'
import { type ByteRegex, compileByteRegex } from './byte-regex.js'
import { allAscii } from './define.js'

const compiled = new LruCache<string, ByteRegex | null>(256)

/** The byte matcher of a Java pattern, compiled once per pattern; null when the pattern is outside its subset. */
export function byteRegexFor(pattern: string): ByteRegex | null {
  let re = compiled.get(pattern)
  if (re === undefined) {
    re = compileByteRegex(pattern)
    compiled.set(pattern, re)
  }
  return re
}

/** Per row: whether the row's bytes are ASCII (every row when the whole column is). */
function asciiRows(column: Column): (i: number) => boolean {
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  const n = column.length
  if (allAscii(bytes, offsets[0]!, offsets[n]!)) return () => true
  return (i) => allAscii(bytes, offsets[i]!, offsets[i + 1]!)
}

/**
 * regexp_extract(column, pattern, group) for a constant pattern: group `group` of the first match, '' when there is
 * no match or the group took no part in it, NULL for a NULL row. `beforeFirst` runs at the first non-NULL row (where
 * Spark checks the group index).
 */
export function extractColumn(
  column: Column,
  byteRe: ByteRegex,
  re: RegExp,
  group: number,
  beforeFirst: () => void,
): Column {
  const n = column.length
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  const validity = validityOf(column)
  const ascii = asciiRows(column)
  const groups = new Int32Array(2 * (byteRe.groupCount + 1))
  const out = new Utf8Builder(n, Math.max(16, (offsets[n]! - offsets[0]!) >> 2))
  let checked = false
  for (let i = 0; i < n; i++) {
    if (validity !== null && !bitAt(validity, i)) {
      out.appendNull()
      continue
    }
    if (!checked) beforeFirst()
    checked = true
    if (ascii(i)) {
      const found = byteRe.find(bytes, offsets[i]!, offsets[i + 1]!, groups)
      const from = groups[2 * group]!
      if (found && from >= 0) out.appendBytes(bytes, from, groups[2 * group + 1]!)
      else out.appendBytes(bytes, 0, 0)
    } else {
      re.lastIndex = 0
      const match = re.exec(stringAt(column, i)!)
      out.append(match ? (match[group] ?? '') : '')
    }
  }
  return out.finish()
}

/** Bits of `column RLIKE pattern` for a constant pattern (the caller applies the column's validity). */
export function matchBits(column: Column, byteRe: ByteRegex, re: RegExp): Uint8Array {
  const n = column.length
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  const validity = validityOf(column)
  const ascii = asciiRows(column)
  const groups = new Int32Array(2 * (byteRe.groupCount + 1))
  const bits = newBitmap(n)
  for (let i = 0; i < n; i++) {
    if (validity !== null && !bitAt(validity, i)) continue
    let found: boolean
    if (ascii(i)) found = byteRe.find(bytes, offsets[i]!, offsets[i + 1]!, groups)
    else {
      re.lastIndex = 0
      found = re.test(stringAt(column, i)!)
    }
    if (found) bits[i >> 3]! |= 1 << (i & 7)
  }
  return bits
}
