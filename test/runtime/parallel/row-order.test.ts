// Row order on worker threads: each worker reads a contiguous share of a micro-batch's rows (or of its read tasks),
// worker 0 the first, and an exchange hands rows on in worker order, so a key's rows reach its owner in source order —
// as one thread sees them. dropDuplicates keeps the first row of a key, and first() and collect_list see a key's rows
// in the order they were added, at local[2] as at local[1]; expected rows are worked out from the input (Spark's rule
// for one input partition: the first occurrence is kept).
import { describe, expect, it } from 'vitest'
import type { SourceTask } from '../../../src/connectors/source.js'
import { col, collect_list, count, first, MemoryStream, type Row } from '../../../src/index.js'
import { assignTasks } from '../../../src/runtime/parallel/remote-stage-exec.js'
import { seededRandom } from '../../support/random.js'
import { newSession } from '../../support/session.js'
import { AssertOnQuery, MultiAddData, ProcessAllAvailable, StopStream } from '../../support/stream-actions.js'
import { testStream } from '../../support/test-stream.js'

const ON_WORKERS = {
  'spark.master': 'local[2]',
  'spark.sql.shuffle.partitions': '4',
  'rivulet.parallel.minBatchRows': '0',
  'rivulet.parallel.shipSourceRows': 'true',
}

/** Micro-batches of three additions each, of random keys (many repeats) with a running sequence number. */
function additions(seed: number): Row[][][] {
  const random = seededRandom(seed)
  let seq = 0
  return Array.from({ length: 4 }, () =>
    Array.from({ length: 3 }, () =>
      Array.from({ length: 5 + Math.floor(random() * 30) }, () => ({
        key: `k${Math.floor(random() * 8)}`,
        seq: seq++,
      })),
    ),
  )
}

/** Each micro-batch's rows, as [key, seq] pairs sorted by key, from a query over the additions. */
async function batchesOf(
  conf: Record<string, string>,
  input: Row[][][],
  outputMode: 'append' | 'update',
  query: (stream: MemoryStream) => import('../../../src/index.js').DataFrame,
): Promise<Row[][]> {
  const spark = newSession(conf)
  const stream = new MemoryStream(spark, 'key STRING, seq INT')
  let batches: Row[][] = []
  await testStream(query(stream), outputMode, { timeoutMs: 60_000 })(
    ...input.flatMap((batch) => [MultiAddData(...batch.map((rows) => [stream, rows] as const)), ProcessAllAvailable()]),
    AssertOnQuery((_q, sink) => {
      batches = sink.batches.map((b) => [...b.rows].sort((x, y) => String(x.key).localeCompare(String(y.key))))
    }, 'the batches are captured'),
    StopStream,
  )
  return batches
}

describe('row order on worker threads', () => {
  it('dropDuplicates keeps the first row of each key, as one thread does', async () => {
    for (const seed of [1, 2]) {
      const input = additions(seed)
      const seen = new Set<string>()
      const expected = input.map((batch) =>
        batch
          .flat()
          .filter((row) => !seen.has(row.key as string) && seen.add(row.key as string))
          .sort((x, y) => String(x.key).localeCompare(String(y.key))),
      )
      const dedup = (stream: MemoryStream) => stream.toDF().dropDuplicates(['key'])
      expect(await batchesOf(ON_WORKERS, input, 'append', dedup), `seed ${seed}`).toEqual(expected)
      expect(await batchesOf({ 'spark.master': 'local[1]' }, input, 'append', dedup), `seed ${seed}`).toEqual(expected)
    }
  }, 60_000)

  it("first() and collect_list see a key's rows in the order they were added", async () => {
    const input = additions(3)
    const firsts = new Map<string, number>()
    const lists = new Map<string, number[]>()
    const expected = input.map((batch) => {
      const touched = new Set<string>()
      for (const { key, seq } of batch.flat() as { key: string; seq: number }[]) {
        if (!firsts.has(key)) firsts.set(key, seq)
        lists.set(key, [...(lists.get(key) ?? []), seq])
        touched.add(key)
      }
      return [...touched]
        .sort()
        .map((key) => ({ key, n: lists.get(key)!.length, first: firsts.get(key), seqs: lists.get(key) }))
    })
    const ordered = (stream: MemoryStream) =>
      stream
        .toDF()
        .groupBy(col('key'))
        .agg(count('*').alias('n'), first('seq').alias('first'), collect_list('seq').alias('seqs'))
    expect(await batchesOf(ON_WORKERS, input, 'update', ordered)).toEqual(expected)
  }, 60_000)

  it('splits read tasks into contiguous runs of about equal weight, the first run to worker 0', () => {
    const tasks = (...weights: number[]): SourceTask[] => weights.map((weight, id) => ({ id, weight }))
    const split = (workers: number, ...weights: number[]) =>
      assignTasks(new Map([[0, tasks(...weights)]]), workers)
        .get(0)!
        .map((share) => share.map((task) => task.id))
    expect(split(2, 5, 5, 5, 5)).toEqual([
      [0, 1],
      [2, 3],
    ])
    expect(split(2, 10, 1, 1, 1, 1)).toEqual([[0], [1, 2, 3, 4]])
    expect(split(2, 1, 1, 1, 1, 10)).toEqual([[0, 1, 2, 3], [4]])
    expect(split(2, 7)).toEqual([[0], []])
    expect(split(3, 3, 3, 3, 3, 3, 3)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ])
    // Empty files weigh as one byte: they still spread.
    expect(split(2, 0, 0, 0, 0)).toEqual([
      [0, 1],
      [2, 3],
    ])
  })
})
