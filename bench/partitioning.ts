// Partition placement cost: Spark's Murmur3 (sparkHash) over 1M int64 and 1M string keys, and pmod into n
// partitions, in ns per row beside a plain loop that sums the same column (the floor: reading the data once).
//   npm run bench:partitioning -- [--rows 1000000] [--runs 7]

import { type Column, numericColumn, partitionIds, sparkHash, stringColumn } from '../src/arrow/index.js'
import { LONG, STRING } from '../src/types/data-types.js'
import { int64WordsOf, option } from './support.js'

const rows = option('rows', 1_000_000)
const runs = option('runs', 7)

/** Best of `runs` timings of `work`, in ns per row; the result is kept so the work cannot be optimized away. */
let sink = 0
function nsPerRow(work: () => number): number {
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r < runs; r++) {
    const started = process.hrtime.bigint()
    sink += work()
    best = Math.min(best, Number(process.hrtime.bigint() - started))
  }
  return best / rows
}

// Keys drawn from a fixed-seed generator (xorshift), the same every run.
let state = 0x2545f491
const next = () => {
  state ^= state << 13
  state ^= state >>> 17
  state ^= state << 5
  return state >>> 0
}
const longs = new Float64Array(rows)
for (let i = 0; i < rows; i++) longs[i] = next() * 1024 + (next() & 1023) - 2 ** 41
const longColumn = numericColumn(LONG, longs, null)
const strings = Array.from({ length: rows }, () => `user-${next() % 100_000}-${next().toString(36)}`)
const stringKeys = stringColumn(strings)

/** Baseline: the int64 column summed through its words, as a kernel reads it. */
function sumLongs(column: Column): number {
  const words = int64WordsOf(column)
  let sum = 0
  for (let i = 0; i < rows; i++) sum += words[2 * i + 1]! * 4294967296 + (words[2 * i]! >>> 0)
  return sum
}

/** Baseline: every byte of the string column summed, row by row through the offsets. */
function sumStrings(column: Column): number {
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  let sum = 0
  for (let i = 0; i < rows; i++) {
    const end = offsets[i + 1]!
    for (let k = offsets[i]!; k < end; k++) sum = (sum + bytes[k]!) | 0
  }
  return sum
}

const longHashes = sparkHash([longColumn], [LONG], rows)
const figures: [string, number][] = [
  ['int64 keys: sum the column (baseline)', nsPerRow(() => sumLongs(longColumn))],
  ['int64 keys: sparkHash', nsPerRow(() => sparkHash([longColumn], [LONG], rows)[0]!)],
  ['string keys: sum the bytes (baseline)', nsPerRow(() => sumStrings(stringKeys))],
  ['string keys: sparkHash', nsPerRow(() => sparkHash([stringKeys], [STRING], rows)[0]!)],
  ['int64 + string keys: sparkHash', nsPerRow(() => sparkHash([longColumn, stringKeys], [LONG, STRING], rows)[0]!)],
  ['pmod into 8 partitions', nsPerRow(() => partitionIds(longHashes, 8)[0]!)],
  ['pmod into 200 partitions', nsPerRow(() => partitionIds(longHashes, 200)[0]!)],
]

const meanBytes = (stringKeys.values as Uint8Array).length / rows
console.log(`Partition placement: pmod(murmur3_x86_32(keys, 42), n), best of ${runs} runs`)
console.log(
  `${rows.toLocaleString('en-US')} rows, strings of ${meanBytes.toFixed(1)} bytes on average, Node ${process.version}, 1 core`,
)
for (const [what, ns] of figures) console.log(`  ${what.padEnd(40)} ${ns.toFixed(2).padStart(7)} ns/row`)
if (sink === 0.5) console.log('')
