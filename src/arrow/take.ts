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

/** out[i] = rows[indices[i]] over rows of `perRow` 32-bit words (rows at -1 stay zero); one monomorphic loop per width. */
function gatherWords(source: Int32Array, out: Int32Array, indices: ArrayLike<number>, perRow: number): void {
  const length = indices.length
  if (perRow === 1) {
    for (let i = 0; i < length; i++) {
      const row = indices[i]!
      if (row >= 0) out[i] = source[row]!
    }
  } else if (perRow === 2) {
    for (let i = 0; i < length; i++) {
      const row = indices[i]!
      if (row < 0) continue
      out[2 * i] = source[2 * row]!
      out[2 * i + 1] = source[2 * row + 1]!
    }
  } else {
    for (let i = 0; i < length; i++) {
      const row = indices[i]!
      if (row >= 0) for (let w = 0; w < perRow; w++) out[i * perRow + w] = source[row * perRow + w]!
    }
  }
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
  const { bits: nullBitmap, nulls: nullCount } = takeValidity(column, indices)
  const base = { type, length, nullCount, nullBitmap }
  switch (column.typeId) {
    case Type.Bool: {
      const source = column.values as Uint8Array
      const data = newBitmap(length)
      for (let i = 0; i < length; i++) {
        const row = indices[i]!
        if (row >= 0 && bitAt(source, row)) setBit(data, i)
      }
      return makeData({ ...base, data } as never)
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
      // Runs of consecutive rows (a filter's selection mostly) are one block of bytes: one copy per run.
      for (let i = 0; i < length; ) {
        const row = indices[i]!
        let next = i + 1
        if (row >= 0) while (next < length && indices[next] === indices[next - 1]! + 1) next++
        if (row >= 0) copyBytes(bytes, offsets[row]!, offsets[row + next - i]!, data, outOffsets[i]!)
        i = next
      }
      return makeData({ ...base, valueOffsets: outOffsets, data } as never)
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
      return makeData({ ...base, valueOffsets: outOffsets, child: take(column.children[0]!, childIndices) } as never)
    }
    case Type.Struct:
      return makeData({ ...base, children: column.children.map((child) => take(child, indices)) } as never)
    case Type.Dictionary: {
      const keys = column.values as Int32Array
      const data = new (keys.constructor as Int32ArrayConstructor)(length)
      for (let i = 0; i < length; i++) {
        const row = indices[i]!
        data[i] = row < 0 ? 0 : keys[row]!
      }
      return makeData({ ...base, data, dictionary: column.dictionary } as never)
    }
    default: {
      const { values, stride, words, perRow } = fixedWidth(column)
      const data = new values.constructor(length * stride)
      if (words !== null) gatherWords(words, new Int32Array(data.buffer), indices, perRow)
      else {
        for (let i = 0; i < length; i++) {
          const row = indices[i]!
          if (row >= 0) for (let k = 0; k < stride; k++) data[i * stride + k] = values[row * stride + k]!
        }
      }
      return makeData({ ...base, data } as never)
    }
  }
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
