// `s IN ('a', 'b', …)` over a string column's bytes: each row compared with the constants' UTF-8 bytes (of the same
// length only), with no JS string decoded per row.
import type { Column } from '../../arrow/index.js'
import type { Scalar } from './vector.js'

/** Whether row i of `column` equals one of the non-null string `constants`, byte for byte. */
export function stringInConstants(column: Column, constants: readonly Scalar[]): (i: number) => boolean {
  const encoder = new TextEncoder()
  const targets = constants.filter((c) => typeof c.value === 'string').map((c) => encoder.encode(c.value as string))
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  return (i) => {
    const start = offsets[i]!
    const length = offsets[i + 1]! - start
    next: for (const target of targets) {
      if (target.length !== length) continue
      for (let k = 0; k < length; k++) if (bytes[start + k] !== target[k]) continue next
      return true
    }
    return false
  }
}
