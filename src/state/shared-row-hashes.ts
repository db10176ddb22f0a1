// The row hashes of the last key columns a KeyTable hashed, handed to another table that probes the very same columns
// next: a stream-stream join probes the other side's table with a batch's keys, then inserts them into its own.
import type { Column } from '../arrow/index.js'
import { sameType } from '../types/data-types.js'
import type { KeyLayout } from './key-columns.js'

/**
 * KeyTable's hashes depend only on the key types and values, so a table of the same key types probing the same columns
 * (the same Column objects, whose buffers Arrow never changes) and row count may take them instead of hashing again.
 * A recalled entry is dropped.
 */
export class SharedRowHashes {
  private keys: readonly Column[] | null = null
  private layout: KeyLayout | null = null
  private rows = 0
  private hashes = new Int32Array(0)
  private repeats = new Uint8Array(0)

  /** Keeps a copy of a probe's `hashes` and `repeats` for rows [0, rows) of `keys`. */
  remember(keys: readonly Column[], layout: KeyLayout, rows: number, hashes: Int32Array, repeats: Uint8Array): void {
    if (this.hashes.length < rows) {
      this.hashes = new Int32Array(rows)
      this.repeats = new Uint8Array(rows)
    }
    this.hashes.set(hashes.subarray(0, rows))
    this.repeats.set(repeats.subarray(0, rows))
    this.keys = keys.slice()
    this.layout = layout
    this.rows = rows
  }

  /** Copies the remembered hashes into `hashes` and `repeats` if they are of these keys and rows; says whether. */
  recall(keys: readonly Column[], layout: KeyLayout, rows: number, hashes: Int32Array, repeats: Uint8Array): boolean {
    const held = this.keys
    if (held === null || rows !== this.rows || held.length !== keys.length || !sameHashing(this.layout!, layout))
      return false
    for (let c = 0; c < keys.length; c++) if (held[c] !== keys[c]) return false
    hashes.set(this.hashes.subarray(0, rows))
    repeats.set(this.repeats.subarray(0, rows))
    this.keys = null
    this.layout = null
    return true
  }
}

/** Whether two layouts hash rows alike: of the same key types (nullability aside). */
function sameHashing(a: KeyLayout, b: KeyLayout): boolean {
  return a === b || (a.types.length === b.types.length && a.types.every((t, c) => sameType(t, b.types[c]!, true)))
}
