// df.mapInArrow: user code over each epoch's Arrow record batches, on static and streaming DataFrames; the batches it
// yields must carry the declared columns (matched by name) and types.
import { type RecordBatch, tableFromArrays } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import { MemoryStream, SparkException } from '../../src/index.js'
import { newSession } from '../support/session.js'
import { AddData, CheckNewAnswer, ExpectFailure } from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

/** Yields, per input batch, its `x` doubled as `y` and `x` itself (columns in another order than declared). */
function* doubled(batches: IterableIterator<RecordBatch>): Generator<RecordBatch> {
  for (const batch of batches) {
    const x = batch.getChild('x')!.toArray() as Int32Array
    const y = Float64Array.from(x, (v) => v * 2)
    yield tableFromArrays({ y, x: Int32Array.from(x) }).batches[0]!
  }
}

describe('mapInArrow', () => {
  it('maps a static DataFrame, matching yielded columns to the schema by name', () => {
    const spark = newSession()
    const df = spark.createDataFrame([[1], [2], [3]], 'x INT')
    const mapped = df.mapInArrow(doubled, 'x INT, y DOUBLE')
    expect(mapped.columns).toEqual(['x', 'y'])
    expect(mapped.collect()).toEqual([
      { x: 1, y: 2 },
      { x: 2, y: 4 },
      { x: 3, y: 6 },
    ])
  })

  it('maps each micro-batch of a stream, awaiting an async generator', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'x INT')
    let epochs = 0
    async function* summed(batches: IterableIterator<RecordBatch>): AsyncGenerator<RecordBatch> {
      epochs++
      let total = 0
      for (const batch of batches) for (const v of batch.getChild('x')!.toArray() as Int32Array) total += v
      await new Promise((resolve) => setTimeout(resolve, 1))
      yield tableFromArrays({ total: Float64Array.of(total) }).batches[0]!
    }
    await testStream(input.toDF().mapInArrow(summed, 'total DOUBLE'))(
      AddData(input, [1], [2]),
      CheckNewAnswer({ total: 3 }),
      AddData(input, [10]),
      CheckNewAnswer({ total: 10 }),
    )
    expect(epochs).toBe(2)
  })

  it('rejects yielded batches whose columns or types differ from the schema', () => {
    const spark = newSession()
    const df = spark.createDataFrame([[1]], 'x INT')
    expect(() => df.mapInArrow(doubled, 'x INT, z DOUBLE').collect()).toThrow(
      '[RESULT_COLUMNS_MISMATCH_FOR_ARROW_UDF] Column names of the returned RecordBatch do not match specified schema. Missing: z. Unexpected: y.',
    )
    expect(() => df.mapInArrow(doubled, 'x INT, y STRING').collect()).toThrow(
      "[RESULT_TYPE_MISMATCH_FOR_ARROW_UDF] Columns do not match in their data type: column 'y' (expected string, actual double).",
    )
  })

  it('fails the query with FAILED_EXECUTE_UDF when the function throws', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'x INT')
    // It fails while the engine iterates its output, after reading the first batch.
    function* broken(batches: Iterable<RecordBatch>): Generator<RecordBatch> {
      for (const _ of batches) throw new Error('cannot map')
      yield* []
    }
    await testStream(input.toDF().mapInArrow(broken, 'x INT'))(
      AddData(input, [1]),
      ExpectFailure(
        SparkException,
        '[FAILED_EXECUTE_UDF] User defined function (`broken`: (struct<x:int>) => struct<x:int>) failed due to: Error: cannot map.',
      ),
    )
  })
})
