// The text that identifies a value of a nested type (array, map, wide decimal): equal texts exactly when Spark's
// grouping and set functions treat the values as equal (maps compare as their entries sorted by key, as Spark 4's MapSort normalizes them; -0.0 is 0.0 and
// NaN is NaN; timestamps keep their microseconds). Such values are rare as keys, so this walks the value per row.

import type { DataType } from '../types/data-types.js'
import { bitAt, type Column, numbersOf, validityOf } from './column.js'
import { stringAt } from './strings.js'

/** The identifying text of row `i` of a column of Spark type `type`. */
export function keyTextAt(column: Column, type: DataType, i: number): string {
  const bits = validityOf(column)
  if (type.kind === 'null' || (bits !== null && !bitAt(bits, i))) return 'n'
  switch (type.kind) {
    case 'boolean':
      return bitAt(column.values as Uint8Array, i) ? 't' : 'f'
    case 'string':
      return JSON.stringify(stringAt(column, i))
    case 'binary': {
      const offsets = column.valueOffsets as Int32Array
      return `x${Buffer.from((column.values as Uint8Array).subarray(offsets[i]!, offsets[i + 1]!)).toString('hex')}`
    }
    case 'decimal': {
      // Four 32-bit words per value: the exact unscaled integer, whatever its size.
      const words = column.values as Uint32Array
      return `d${words[4 * i + 3]},${words[4 * i + 2]},${words[4 * i + 1]},${words[4 * i]}`
    }
    case 'array': {
      const offsets = column.valueOffsets as Int32Array
      const child = column.children[0]!
      const items: string[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) items.push(keyTextAt(child, type.elementType, j))
      return `[${items.join(',')}]`
    }
    case 'map': {
      const offsets = column.valueOffsets as Int32Array
      const entries = column.children[0]!
      const items: string[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        const key = keyTextAt(entries.children[0]!, type.keyType, j)
        items.push(`${key}:${keyTextAt(entries.children[1]!, type.valueType, j)}`)
      }
      return `{${items.sort().join(',')}}`
    }
    case 'struct':
      return `(${type.fields.map((f, k) => keyTextAt(column.children[k]!, f.dataType, i)).join(',')})`
    case 'long':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'interval':
      return String((column.values as BigInt64Array)[i])
    default: {
      const x = numbersOf(column)[i]!
      return x === 0 ? '0' : String(x)
    }
  }
}
