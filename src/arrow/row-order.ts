// Spark's ordering of values, row against row, straight from Arrow columns: numbers with NaN above everything (and
// 0.0 = -0.0), false before true, strings and binary by their bytes, structs field by field and arrays element by
// element with NULLs first inside them, then the shorter array first.
import type { DataType } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import { bitAt, type Column, isInt64Backed, numbersOf, validityOf } from './column.js'

/** Sign of (a − b) for two rows of values. */
export type RowCompare = (a: number, b: number) => number

/** Lexicographic comparison of two byte ranges, as unsigned bytes (for UTF-8 text, the code-point order). */
export function compareBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): number {
  const la = ae - as
  const lb = be - bs
  const n = Math.min(la, lb)
  for (let k = 0; k < n; k++) {
    const d = a[as + k]! - b[bs + k]!
    if (d !== 0) return d
  }
  return la - lb
}

/** Two numbers in Spark's order: NaN equals NaN and is above every other value; 0.0 equals -0.0. */
export function compareNumbers(x: number, y: number): number {
  if (x === y) return 0
  const nx = Number.isNaN(x)
  const ny = Number.isNaN(y)
  if (nx || ny) return nx ? (ny ? 0 : 1) : -1
  return x < y ? -1 : 1
}

/**
 * Compares row `a` of `left` with row `b` of `right` (two columns of `type`; pass one column twice to compare its
 * rows). Both rows must be non-null; NULLs nested inside come first.
 */
export function rowComparator(type: DataType, left: Column, right: Column): RowCompare {
  switch (type.kind) {
    case 'null':
      return () => 0
    case 'string':
    case 'binary': {
      const lb = left.values as Uint8Array
      const lo = left.valueOffsets as Int32Array
      const rb = right.values as Uint8Array
      const ro = right.valueOffsets as Int32Array
      return (a, b) => compareBytes(lb, lo[a]!, lo[a + 1]!, rb, ro[b]!, ro[b + 1]!)
    }
    case 'boolean': {
      const lb = left.values as Uint8Array
      const rb = right.values as Uint8Array
      return (a, b) => Number(bitAt(lb, a)) - Number(bitAt(rb, b))
    }
    case 'struct': {
      const fields = type.fields.map((f, k) => nullsFirst(f.dataType, left.children[k]!, right.children[k]!))
      return (a, b) => {
        for (const compare of fields) {
          const c = compare(a, b)
          if (c !== 0) return c
        }
        return 0
      }
    }
    case 'array':
    case 'map': {
      // A map compares as its list of key-value entries.
      const elementType = type.kind === 'array' ? type.elementType : entryType(type.keyType, type.valueType)
      const compare = nullsFirst(elementType, left.children[0]!, right.children[0]!)
      const lo = left.valueOffsets as Int32Array
      const ro = right.valueOffsets as Int32Array
      return (a, b) => {
        const la = lo[a + 1]! - lo[a]!
        const lb = ro[b + 1]! - ro[b]!
        for (let k = 0; k < Math.min(la, lb); k++) {
          const c = compare(lo[a]! + k, ro[b]! + k)
          if (c !== 0) return c
        }
        return la - lb
      }
    }
    default: {
      const lv = numbersOf(left)
      const rv = numbersOf(right)
      const wide = exactWords(type)
      if (wide === 0) return (a, b) => compareNumbers(lv[a]!, rv[b]!)
      // Doubles order exact values monotonically; equal doubles of wide values are told apart by their words.
      const lw = new Uint32Array(left.values.buffer, left.values.byteOffset, left.length * wide)
      const rw = new Uint32Array(right.values.buffer, right.values.byteOffset, right.length * wide)
      return (a, b) => {
        const c = compareNumbers(lv[a]!, rv[b]!)
        return c !== 0 || Number.isNaN(lv[a]!) ? c : compareWords(lw, a * wide, rw, b * wide, wide)
      }
    }
  }
}

/** Words per value of types whose doubles can tie for distinct values (BIGINT and timestamps past 2^53, wide decimals). */
export function exactWords(type: DataType): number {
  if (type.kind === 'decimal') return type.precision > 15 ? 4 : 0
  return isInt64Backed(type) ? 2 : 0
}

/** Two's complement integers of `n` little-endian 32-bit words: the top word signed, the others unsigned. */
export function compareWords(l: Uint32Array, a: number, r: Uint32Array, b: number, n: number): number {
  const top = (l[a + n - 1]! | 0) - (r[b + n - 1]! | 0)
  if (top !== 0) return top < 0 ? -1 : 1
  for (let k = n - 2; k >= 0; k--) if (l[a + k] !== r[b + k]) return l[a + k]! < r[b + k]! ? -1 : 1
  return 0
}

/** The comparator of a nested column, NULL rows before any value. */
function nullsFirst(type: DataType, left: Column, right: Column): RowCompare {
  const compare = rowComparator(type, left, right)
  const lv = validityOf(left)
  const rv = validityOf(right)
  if (lv === null && rv === null) return compare
  return (a, b) => {
    const va = lv === null || bitAt(lv, a)
    const vb = rv === null || bitAt(rv, b)
    if (va && vb) return compare(a, b)
    return va === vb ? 0 : va ? 1 : -1
  }
}

function entryType(keyType: DataType, valueType: DataType): DataType {
  return StructType([StructField('key', keyType, false), StructField('value', valueType)])
}
