// Nexmark q3, local item suggestion: sellers in Oregon, Idaho or California listing in category 10 — a stream-stream
// inner join of auctions and persons on seller = id. Without a time bound on the join both sides stay in state for
// the whole run (Flink's and Spark's plans keep them forever too), and the answer is every matching pair, whichever
// side arrived first. The textbook SQL (its OR chain); the DataFrame form writes the same filter with isin.
import { makeBatch, numericColumn, TWO_32, Utf8Builder } from '../../../src/arrow/index.js'
import { col, LongType, StringType, StructField, StructType } from '../../../src/index.js'
import { ensureInt, IntKeyTable, int64Words, utf8 } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const OUTPUT = StructType([
  StructField('name', StringType()),
  StructField('city', StringType()),
  StructField('state', StringType()),
  StructField('id', LongType()),
])

const STATES = new Set(['OR', 'ID', 'CA'])

export const q3: NexmarkQuery = {
  name: 'q3',
  title: 'local item suggestion',
  streams: ['auction', 'person'],
  mode: 'append',
  sql: `SELECT P.name, P.city, P.state, A.id
FROM auction AS A INNER JOIN person AS P ON A.seller = P.id
WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA')`,
  dataFrame: ({ auction, person }) =>
    auction
      .alias('A')
      .join(person.alias('P'), col('A.seller').eq(col('P.id')))
      .where(
        col('A.category')
          .eq(10)
          .and(col('P.state').isin('OR', 'ID', 'CA')),
      )
      .select(col('P.name'), col('P.city'), col('P.state'), col('A.id')),
  // Persons of the three states by id (batch, row), then each category-10 auction whose seller is one of them.
  loop: (inputs) => {
    const people = new IntKeyTable(1 << 12)
    let personBatch = new Int32Array(1 << 12).fill(-1)
    let personRow = new Int32Array(1 << 12)
    const text = inputs.person.map((b) => ({ name: utf8(b, 'name'), city: utf8(b, 'city'), state: utf8(b, 'state') }))
    const decoder = new TextDecoder()
    inputs.person.forEach((batch, b) => {
      const ids = int64Words(batch, 'id')
      const { offsets, bytes } = text[b]!.state
      for (let i = 0; i < batch.numRows; i++) {
        if (!STATES.has(decoder.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!)))) continue
        const s = people.slot(ids[2 * i]! >>> 0)
        personBatch = ensureInt(personBatch, s, -1)
        personRow = ensureInt(personRow, s)
        personBatch[s] = b
        personRow[s] = i
      }
    })
    const matches: number[] = []
    const auctionIds: number[] = []
    for (const batch of inputs.auction) {
      const ids = int64Words(batch, 'id')
      const sellers = int64Words(batch, 'seller')
      const categories = int64Words(batch, 'category')
      for (let i = 0; i < batch.numRows; i++) {
        if (categories[2 * i] !== 10 || categories[2 * i + 1] !== 0) continue
        const before = people.size
        const s = people.slot(sellers[2 * i]! >>> 0)
        if (s === before) personBatch = ensureInt(personBatch, s, -1)
        if (personBatch[s]! < 0) continue
        matches.push(s)
        auctionIds.push(ids[2 * i + 1]! * TWO_32 + (ids[2 * i]! >>> 0))
      }
    }
    const builders = ['name', 'city', 'state'].map(() => new Utf8Builder(matches.length, matches.length * 12))
    for (const s of matches) {
      const person = text[personBatch[s]!]!
      const row = personRow[s]!
      ;[person.name, person.city, person.state].forEach(({ offsets, bytes }, k) => {
        builders[k]!.appendBytes(bytes, offsets[row]!, offsets[row + 1]!)
      })
    }
    return [
      makeBatch(
        OUTPUT,
        [...builders.map((b) => b.finish()), numericColumn(LongType(), Float64Array.from(auctionIds), null)],
        matches.length,
      ),
    ]
  },
  duckdb: () => `SELECT P.name, P.city, P.state, A.id
FROM auction AS A INNER JOIN person AS P ON A.seller = P.id
WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA')`,
}
