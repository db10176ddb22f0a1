// Gather and concatenate for columns of every type: the copying kernels behind filter, sort, limit and batching.
import { makeData, Type } from 'apache-arrow'
import { bitAt, type Column, copyBytes, newBitmap, setBit, validityOf } from './column.js'

type FixedValues = { [i: number]: number; readonly length: number; readonly buffer: ArrayBuffer } & ArrayBufferView & {
    readonly BYTES_PER_ELEMENT: number
    slice(start: number, end: number): FixedValues
    constructor: new (n: number) => FixedValues
  }

/** A fixed-width column's values array (`stride` elements per row) and, when rows are whole 32-bit words, its words. */
function fixedWidth(column: Column): { values: FixedValues; stride: number; words: Int32Array | null; perRow: number } {
  const values = column.values as unknown as FixedValues
  const stride = column.stride
  const rowBytes = values.BYTES_PER_ELEMENT * stride
  if (rowBytes % 4 !== 0 || values.byteOffset % 4 !== 0) return { values, stride, words: null, perRow: stride }
  const words = new Int32Array(values.buffer, values.byteOffset, (values.length * values.BYTES_PER_ELEMENT) / 4)
  return { values, stride, words, perRow: rowBytes / 4 }
}

/**
 * out[i] = rows[indices[i]] over rows of `perRow` 32-bit words (rows at -1 stay zero); one monomorphic loop per width.
 * Returns how many indices were -1.
 */
function gatherWords(source: Int32Array, out: Int32Array, indices: ArrayLike<number>, perRow: number): number {
  const length = indices.length
  let missing = 0
  if (perRow === 1) {
    for (let i = 0; i < length; i++) {
      const row = indices[i]!
      if (row >= 0) out[i] = source[row]!
      else missing++
    }
  } else if (perRow === 2) {
    for (let i = 0; i < length; i++) {
      const row = indices[i]!
      if (row < 0) {
        missing++
        continue
      }
      out[2 * i] = source[2 * row]!
      out[2 * i + 1] = source[2 * row + 1]!
    }
  } else {
    for (let i = 0; i < length; i++) {
      const row = indices[i]!
      if (row >= 0) for (let w = 0; w < perRow; w++) out[i * perRow + w] = source[row * perRow + w]!
      else missing++
    }
  }
  return missing
}

function takeValidity(column: Column, indices: ArrayLike<number>): { bits: Uint8Array | undefined; nulls: number } {
  const source = validityOf(column)
  if (source === null) {
    // No nulls to carry: a bitmap is needed only when some index is -1.
    let i = 0
    while (i < indices.length && indices[i]! >= 0) i++
    if (i === indices.length) return { bits: undefined, nulls: 0 }
  }
  const bits = newBitmap(indices.length)
  let nulls = 0
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]!
    if (row >= 0 && (source === null || bitAt(source, row))) setBit(bits, i)
    else nulls++
  }
  return nulls > 0 ? { bits, nulls } : { bits: undefined, nulls: 0 }
}

/** The rows of `column` at `indices`, in that order (indices may repeat; -1 gives a NULL). */
export function take(column: Column, indices: ArrayLike<number>): Column {
  const length = indices.length
  const { type } = column
  if (column.typeId === Type.Null) return makeData({ type, length } as never)
  // The validity of the taken rows, for the types below (takeFixed finds its own after the values).
  const withNulls = () => {
    const { bits: nullBitmap, nulls: nullCount } = takeValidity(column, indices)
    return { type, length, nullCount, nullBitmap }
  }
  switch (column.typeId) {
    case Type.Bool: {
      const source = column.values as Uint8Array
      const data = newBitmap(length)
      for (let i = 0; i < length; i++) {
        const row = indices[i]!
        if (row >= 0 && bitAt(source, row)) setBit(data, i)
      }
      return makeData({ ...withNulls(), data } as never)
    }
    case Type.Utf8:
    case Type.Binary: {
      const offsets = column.valueOffsets as Int32Array
      const bytes = column.values as Uint8Array
      const outOffsets = new Int32Array(length + 1)
      for (let i = 0; i < length; i++) {
        const row = indices[i]!
        outOffsets[i + 1] = outOffsets[i]! + (row < 0 ? 0 : offsets[row + 1]! - offsets[row]!)
      }
      const data = new Uint8Array(outOffsets[length]!)
      // Runs of consecutive rows are contiguous in both buffers: one copy each.
      for (let i = 0; i < length; ) {
        const row = indices[i]!
        let end = i + 1
        if (row >= 0) while (end < length && indices[end] === indices[end - 1]! + 1) end++
        if (row >= 0) copyBytes(bytes, offsets[row]!, offsets[indices[end - 1]! + 1]!, data, outOffsets[i]!)
        i = end
      }
      return makeData({ ...withNulls(), valueOffsets: outOffsets, data } as never)
    }
    case Type.List:
    case Type.Map: {
      const offsets = column.valueOffsets as Int32Array
      const outOffsets = new Int32Array(length + 1)
      for (let i = 0; i < length; i++) {
        const row = indices[i]!
        outOffsets[i + 1] = outOffsets[i]! + (row < 0 ? 0 : offsets[row + 1]! - offsets[row]!)
      }
      const childIndices = new Int32Array(outOffsets[length]!)
      for (let i = 0, at = 0; i < length; i++) {
        const row = indices[i]!
        if (row >= 0) for (let j = offsets[row]!; j < offsets[row + 1]!; j++) childIndices[at++] = j
      }
      return makeData({
        ...withNulls(),
        valueOffsets: outOffsets,
        child: take(column.children[0]!, childIndices),
      } as never)
    }
    case Type.Struct:
      return makeData({ ...withNulls(), children: column.children.map((child) => take(child, indices)) } as never)
    case Type.Dictionary: {
      const keys = column.values as Int32Array
      const data = new (keys.constructor as Int32ArrayConstructor)(length)
      for (let i = 0; i < length; i++) {
        const row = indices[i]!
        data[i] = row < 0 ? 0 : keys[row]!
      }
      return makeData({ ...withNulls(), data, dictionary: column.dictionary } as never)
    }
    default:
      return takeFixed(column, indices)
  }
}

/**
 * `take` for fixed-width values. The values are gathered first, counting -1 indices: a column without nulls then
 * needs a validity bitmap only when there was one, and is spared a pass over the indices looking for them.
 */
function takeFixed(column: Column, indices: ArrayLike<number>): Column {
  const length = indices.length
  const { values, stride, words, perRow } = fixedWidth(column)
  const data = new values.constructor(length * stride)
  let missing = 0
  if (words !== null) missing = gatherWords(words, new Int32Array(data.buffer), indices, perRow)
  else {
    for (let i = 0; i < length; i++) {
      const row = indices[i]!
      if (row >= 0) for (let k = 0; k < stride; k++) data[i * stride + k] = values[row * stride + k]!
      else missing++
    }
  }
  const { bits: nullBitmap, nulls: nullCount } =
    column.nullCount === 0 && missing === 0 ? { bits: undefined, nulls: 0 } : takeValidity(column, indices)
  return makeData({ type: column.type, length, nullCount, nullBitmap, data } as never)
}

/**
 * Rows of several columns of one type taken as if they were concatenated: output row i is row `rows[i]` of
 * `columns[parts[i]]` (no -1 rows). Gathers once, without first concatenating the columns.
 */
export function takeAcross(columns: readonly Column[], parts: Int32Array, rows: Int32Array): Column {
  if (columns.length === 1) return take(columns[0]!, rows)
  const first = columns[0]!
  const length = rows.length
  const { type } = first
  const simple = first.typeId === Type.Utf8 || first.typeId === Type.Binary || fixedWordsOnly(columns)
  if (!simple) {
    // Nested and bit-packed types: concatenate, then take (global row = part start + row).
    const starts = new Int32Array(columns.length)
    for (let p = 1; p < columns.length; p++) starts[p] = starts[p - 1]! + columns[p - 1]!.length
    const global = new Int32Array(length)
    for (let i = 0; i < length; i++) global[i] = starts[parts[i]!]! + rows[i]!
    return take(concatColumns(columns), global)
  }
  const validities = columns.map(validityOf)
  let nullBitmap: Uint8Array | undefined
  let nullCount = 0
  if (validities.some((v) => v !== null)) {
    const bits = newBitmap(length)
    for (let i = 0; i < length; i++) {
      const validity = validities[parts[i]!]!
      if (validity === null || bitAt(validity, rows[i]!)) setBit(bits, i)
      else nullCount++
    }
    if (nullCount > 0) nullBitmap = bits
  }
  const base = { type, length, nullCount, nullBitmap }
  if (first.typeId === Type.Utf8 || first.typeId === Type.Binary) {
    const offsets = columns.map((c) => c.valueOffsets as Int32Array)
    const bytes = columns.map((c) => c.values as Uint8Array)
    const outOffsets = new Int32Array(length + 1)
    for (let i = 0; i < length; i++) {
      const from = offsets[parts[i]!]!
      const row = rows[i]!
      outOffsets[i + 1] = outOffsets[i]! + from[row + 1]! - from[row]!
    }
    const data = new Uint8Array(outOffsets[length]!)
    // Runs of consecutive rows of one part are contiguous in both buffers: one copy each.
    for (let i = 0; i < length; ) {
      const part = parts[i]!
      const row = rows[i]!
      let end = i + 1
      while (end < length && parts[end] === part && rows[end] === rows[end - 1]! + 1) end++
      const from = offsets[part]!
      copyBytes(bytes[part]!, from[row]!, from[rows[end - 1]! + 1]!, data, outOffsets[i]!)
      i = end
    }
    return makeData({ ...base, valueOffsets: outOffsets, data } as never)
  }
  const widths = columns.map(fixedWidth)
  const { values, stride, perRow } = widths[0]!
  const data = new values.constructor(length * stride)
  const out = new Int32Array(data.buffer)
  const words = widths.map((w) => w.words!)
  if (perRow === 2) {
    for (let i = 0; i < length; i++) {
      const source = words[parts[i]!]!
      const row = rows[i]!
      out[2 * i] = source[2 * row]!
      out[2 * i + 1] = source[2 * row + 1]!
    }
  } else {
    for (let i = 0; i < length; i++) {
      const source = words[parts[i]!]!
      const row = rows[i]!
      for (let w = 0; w < perRow; w++) out[i * perRow + w] = source[row * perRow + w]!
    }
  }
  return makeData({ ...base, data, dictionary: first.dictionary } as never)
}

/** Types whose values are a plain typed array of `stride` elements per row (take's fixed-width path). */
const PLAIN_FIXED = new Set<Type>([
  Type.Int,
  Type.Float,
  Type.Date,
  Type.Time,
  Type.Timestamp,
  Type.Decimal,
  Type.Duration,
])

/** Whether every column is of a plain fixed-width type whose rows are whole 32-bit words. */
function fixedWordsOnly(columns: readonly Column[]): boolean {
  if (!PLAIN_FIXED.has(columns[0]!.typeId)) return false
  return columns.every((c) => fixedWidth(c).words !== null)
}

/** The rows [start, start + length) of `column`, copied so that the result has offset 0. */
export function sliceColumn(column: Column, start: number, length: number): Column {
  const { type } = column
  switch (column.typeId) {
    case Type.Null:
      return makeData({ type, length } as never)
    case Type.Bool:
    case Type.List:
    case Type.Map:
    case Type.Struct:
    case Type.Dictionary: {
      const indices = new Int32Array(length)
      for (let i = 0; i < length; i++) indices[i] = start + i
      return take(column, indices)
    }
  }
  const base = { type, length, ...sliceValidity(column, start, length) }
  if (column.typeId === Type.Utf8 || column.typeId === Type.Binary) {
    const offsets = column.valueOffsets as Int32Array
    const first = offsets[start]!
    const valueOffsets = new Int32Array(length + 1)
    for (let i = 0; i <= length; i++) valueOffsets[i] = offsets[start + i]! - first
    const data = (column.values as Uint8Array).slice(first, offsets[start + length])
    return makeData({ ...base, valueOffsets, data } as never)
  }
  const { values, stride } = fixedWidth(column)
  return makeData({ ...base, data: values.slice(start * stride, (start + length) * stride) } as never)
}

/** The validity of rows [start, start + length): no bitmap when none of them is null. */
function sliceValidity(column: Column, start: number, length: number): { nullBitmap?: Uint8Array; nullCount: number } {
  const source = column.nullCount === 0 ? null : validityOf(column)
  if (source === null) return { nullCount: 0 }
  const bits = newBitmap(length)
  let nulls = 0
  for (let i = 0; i < length; i++) {
    if (bitAt(source, start + i)) setBit(bits, i)
    else nulls++
  }
  return nulls > 0 ? { nullBitmap: bits, nullCount: nulls } : { nullCount: 0 }
}

/** Columns of one type, one after the other. */
export function concatColumns(columns: readonly Column[]): Column {
  if (columns.length === 1) return columns[0]!
  const first = columns[0]!
  const length = columns.reduce((sum, c) => sum + c.length, 0)
  const { type } = first
  if (first.typeId === Type.Null) return makeData({ type, length } as never)
  const nullCount = columns.reduce((sum, c) => sum + c.nullCount, 0)
  let nullBitmap: Uint8Array | undefined
  if (nullCount > 0) {
    nullBitmap = newBitmap(length)
    let at = 0
    for (const c of columns) {
      const bits = validityOf(c)
      for (let i = 0; i < c.length; i++) if (bits === null || bitAt(bits, i)) setBit(nullBitmap, at + i)
      at += c.length
    }
  }
  const base = { type, length, nullCount, nullBitmap }
  switch (first.typeId) {
    case Type.Bool: {
      const data = newBitmap(length)
      let at = 0
      for (const c of columns) {
        const bits = c.values as Uint8Array
        for (let i = 0; i < c.length; i++) if (bitAt(bits, i)) setBit(data, at + i)
        at += c.length
      }
      return makeData({ ...base, data } as never)
    }
    case Type.Utf8:
    case Type.Binary:
    case Type.List:
    case Type.Map: {
      const valueOffsets = new Int32Array(length + 1)
      let row = 0
      let base0 = 0
      for (const c of columns) {
        const offsets = c.valueOffsets as Int32Array
        for (let i = 0; i < c.length; i++) valueOffsets[++row] = base0 + offsets[i + 1]!
        base0 += offsets[c.length]!
      }
      if (first.typeId === Type.List || first.typeId === Type.Map) {
        const child = concatColumns(columns.map((c) => c.children[0]!))
        return makeData({ ...base, valueOffsets, child } as never)
      }
      const data = new Uint8Array(base0)
      let at = 0
      for (const c of columns) {
        const offsets = c.valueOffsets as Int32Array
        data.set((c.values as Uint8Array).subarray(0, offsets[c.length]!), at)
        at += offsets[c.length]!
      }
      return makeData({ ...base, valueOffsets, data } as never)
    }
    case Type.Struct:
      return makeData({
        ...base,
        children: first.children.map((_, k) => concatColumns(columns.map((c) => c.children[k]!))),
      } as never)
    default: {
      type Typed = ArrayLike<unknown> & { subarray(start: number, end: number): Typed }
      const values = first.values as unknown as Typed & {
        constructor: new (n: number) => { set(a: Typed, at: number): void }
      }
      const stride = first.stride
      const data = new values.constructor(length * stride)
      let at = 0
      for (const c of columns) {
        data.set((c.values as unknown as Typed).subarray(0, c.length * stride), at)
        at += c.length * stride
      }
      return makeData({ ...base, data, dictionary: first.dictionary } as never)
    }
  }
}
