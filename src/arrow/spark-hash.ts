// Spark's Murmur3 hash of rows over key columns (HashPartitioning's placement: pmod(hash(keys, seed 42), n)).
import { finish, mix } from '../common/hash.js'
import type { DataType } from '../types/data-types.js'
import { bitAt, type Column, numbersOf, TWO_32, validityOf } from './column.js'

const hashInt = (value: number, seed: number) => finish(mix(seed, value | 0) ^ 4)
const hashLong = (low: number, high: number, seed: number) => finish(mix(mix(seed, low | 0), high | 0) ^ 8)
function hashLongValue(v: number, seed: number): number {
  const high = Math.floor(v / TWO_32)
  return hashLong(v - high * TWO_32, high, seed)
}
function hashBytes(bytes: Uint8Array, start: number, end: number, seed: number): number {
  const aligned = end - ((end - start) % 4)
  let h = seed
  for (let k = start; k < aligned; k += 4) {
    h = mix(h, bytes[k]! | (bytes[k + 1]! << 8) | (bytes[k + 2]! << 16) | (bytes[k + 3]! << 24))
  }
  for (let k = aligned; k < end; k++) h = mix(h, (bytes[k]! << 24) >> 24)
  return finish(h ^ (end - start))
}

const scratch = new DataView(new ArrayBuffer(8))

/** Folds column `column` (of `type`) into the running hashes of rows [0, rows); nulls leave a row's hash as is. */
function hashColumn(column: Column, type: DataType, rows: number, hashes: Int32Array): void {
  const valid = validityOf(column)
  const live = (i: number) => valid === null || bitAt(valid, i)
  switch (type.kind) {
    case 'boolean': {
      const bits = column.values as Uint8Array
      for (let i = 0; i < rows; i++) if (live(i)) hashes[i] = hashInt(bitAt(bits, i) ? 1 : 0, hashes[i]!)
      return
    }
    case 'byte':
    case 'short':
    case 'integer':
    case 'date': {
      const values = numbersOf(column)
      for (let i = 0; i < rows; i++) if (live(i)) hashes[i] = hashInt(values[i]!, hashes[i]!)
      return
    }
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'interval': {
      const values = numbersOf(column)
      for (let i = 0; i < rows; i++) if (live(i)) hashes[i] = hashLongValue(values[i]!, hashes[i]!)
      return
    }
    case 'float': {
      const values = numbersOf(column)
      for (let i = 0; i < rows; i++) {
        if (!live(i)) continue
        const x = values[i]!
        if (x === 0) hashes[i] = hashInt(0, hashes[i]!)
        else {
          scratch.setFloat32(0, Number.isNaN(x) ? Number.NaN : x)
          hashes[i] = hashInt(scratch.getInt32(0), hashes[i]!)
        }
      }
      return
    }
    case 'double': {
      const values = numbersOf(column)
      for (let i = 0; i < rows; i++) {
        if (!live(i)) continue
        const x = values[i]!
        if (x === 0) hashes[i] = hashLong(0, 0, hashes[i]!)
        else {
          scratch.setFloat64(0, Number.isNaN(x) ? Number.NaN : x)
          hashes[i] = hashLong(scratch.getInt32(4), scratch.getInt32(0), hashes[i]!)
        }
      }
      return
    }
    case 'string':
    case 'binary': {
      const offsets = column.valueOffsets as Int32Array
      const bytes = column.values as Uint8Array
      for (let i = 0; i < rows; i++) if (live(i)) hashes[i] = hashBytes(bytes, offsets[i]!, offsets[i + 1]!, hashes[i]!)
      return
    }
    case 'struct': {
      const saved = hashes.slice(0, rows)
      type.fields.forEach((f, k) => {
        hashColumn(column.children[k]!, f.dataType, rows, hashes)
      })
      if (valid !== null) for (let i = 0; i < rows; i++) if (!bitAt(valid, i)) hashes[i] = saved[i]!
      return
    }
    default:
      return
  }
}

/** Spark's `hash(columns...)` (Murmur3Hash, seed 42 by default) of each row. */
export function sparkHash(columns: readonly Column[], types: readonly DataType[], rows: number, seed = 42): Int32Array {
  const hashes = new Int32Array(rows).fill(seed)
  columns.forEach((column, k) => {
    hashColumn(column, types[k]!, rows, hashes)
  })
  return hashes
}

/** Spark's placement of each hash among n partitions: pmod(hash, n). */
export function partitionIds(hashes: Int32Array, n: number): Int32Array {
  const out = new Int32Array(hashes.length)
  for (let i = 0; i < hashes.length; i++) {
    const m = hashes[i]! % n
    out[i] = m < 0 ? m + n : m
  }
  return out
}
