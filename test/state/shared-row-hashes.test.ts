// SharedRowHashes: a table probing the very key columns another sharing table just hashed takes its hashes, and
// groups rows exactly as if it had hashed them itself.
import { describe, expect, it } from 'vitest'
import { batchFromRows, columnsOf } from '../../src/arrow/index.js'
import { LongType, StringType, StructField, StructType } from '../../src/index.js'
import { hashRows, keyLayout, leafColumns } from '../../src/state/key-columns.js'
import { KeyTable } from '../../src/state/key-table.js'
import { SharedRowHashes } from '../../src/state/shared-row-hashes.js'

const schema = StructType([StructField('id', LongType()), StructField('name', StringType())])
const keysOf = (rows: unknown[][]) => columnsOf(batchFromRows(schema, rows))

describe('SharedRowHashes', () => {
  it('hands a probe’s hashes to the next probe of the same columns, rows and key types, once', () => {
    const shared = new SharedRowHashes()
    const layout = keyLayout([LongType(), StringType()])
    const keys = keysOf([
      [1, 'a'],
      [1, 'a'],
      [2, null],
    ])
    const hashes = new Int32Array(3)
    const repeats = new Uint8Array(3)
    hashRows(layout, leafColumns(layout, keys), 3, hashes, repeats)
    shared.remember(keys, layout, 3, hashes, repeats)
    const out = new Int32Array(3)
    const outRepeats = new Uint8Array(3)
    expect(shared.recall(keys, keyLayout([LongType(), LongType()]), 3, out, outRepeats)).toBe(false)
    expect(shared.recall(keys, layout, 2, out, outRepeats)).toBe(false)
    expect(
      shared.recall(
        [
          ...keys.slice(0, 1),
          keysOf([
            [0, 'a'],
            [0, 'a'],
            [0, 'a'],
          ])[1]!,
        ],
        layout,
        3,
        out,
        outRepeats,
      ),
    ).toBe(false)
    expect(shared.recall(keys.slice(), keyLayout([LongType(), StringType()]), 3, out, outRepeats)).toBe(true)
    expect([...out]).toEqual([...hashes])
    expect([...outRepeats]).toEqual([...repeats])
    expect(shared.recall(keys, layout, 3, out, outRepeats)).toBe(false)
  })

  it('tables sharing hashes group probed-then-inserted keys as tables that do not', () => {
    const shared = new SharedRowHashes()
    const types = [LongType(), StringType()]
    const [left, right, alone] = [new KeyTable(types), new KeyTable(types), new KeyTable(types)]
    left.shareHashes(shared)
    right.shareHashes(shared)
    const ids = [[5n], [5n, 7n, 5n], [null, 9n, 5n]]
    for (const batch of ids) {
      for (const named of [true, false]) {
        const keys = keysOf(batch.map((id) => [id, named ? `n${id}` : null]))
        const n = batch.length
        const [found, inserted, expected] = [new Int32Array(n), new Int32Array(n), new Int32Array(n)]
        right.find(keys, n, found)
        left.findOrInsert(keys, n, inserted)
        alone.findOrInsert(keys, n, expected)
        expect([...inserted]).toEqual([...expected])
        right.findOrInsert(keys, n, found)
        expect([...found]).toEqual([...expected])
      }
    }
    expect(left.size).toBe(alone.size)
  })
})
