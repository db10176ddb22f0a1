// spark.read.format('statestore') and format('state-metadata') over a word count's checkpoint: the state rows of any
// committed batch as Spark's state data source returns them (key, value, partition_id), and its option errors; a
// transformWithState query's state variables read the same way.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { partitionIds, sparkHash, stringColumn } from '../../src/arrow/index.js'
import {
  col,
  explode,
  MemoryStream,
  type Row,
  type SparkSession,
  StatefulProcessor,
  type StatefulProcessorHandle,
  split,
  type ValueState,
} from '../../src/index.js'
import { STRING } from '../../src/types/data-types.js'
import { newSession } from '../support/session.js'
import { tempDir } from '../support/temp-files.js'

const PARTITIONS = 4
const batches = ['the cat and the hat', 'a cat a bat', 'the end']

/** Word counts after each batch, counted here: what the aggregation's state must hold. */
function expectedCounts(upTo: number): Map<string, number> {
  const counts = new Map<string, number>()
  for (const line of batches.slice(0, upTo + 1))
    for (const w of line.split(' ')) counts.set(w, (counts.get(w) ?? 0) + 1)
  return counts
}

/** Spark's placement of a string key: pmod(murmur3(key, 42), n). */
function partitionOf(word: string): number {
  const column = stringColumn([word])
  return partitionIds(sparkHash([column], [STRING], 1), PARTITIONS)[0]!
}

/** Runs the word count over `batches` into a checkpoint (a snapshot every 2 versions, so both file kinds are read). */
async function wordCountCheckpoint(spark: SparkSession): Promise<string> {
  const checkpoint = join(tempDir(), 'checkpoint')
  const input = new MemoryStream(spark, 'value STRING')
  const counts = input
    .toDF()
    .select(explode(split(col('value'), ' ')).alias('word'))
    .groupBy('word')
    .count()
  const query = counts.writeStream
    .format('memory')
    .queryName('counts')
    .outputMode('complete')
    .option('checkpointLocation', checkpoint)
    .start()
  for (const line of batches) {
    input.addData([{ value: line }])
    await query.processAllAvailable()
  }
  await query.stop()
  return checkpoint
}

const session = () =>
  newSession({
    'spark.sql.shuffle.partitions': String(PARTITIONS),
    'spark.sql.streaming.stateStore.minDeltasForSnapshot': '2',
  })

describe("spark.read.format('statestore')", () => {
  it('returns every word with its count and partition at the last committed batch', async () => {
    const spark = session()
    const checkpoint = await wordCountCheckpoint(spark)
    const state = spark.read.format('statestore').load(checkpoint)
    expect(state.schema.simpleString()).toBe(
      'struct<key:struct<word:string>,value:struct<agg0_0:bigint>,partition_id:int>',
    )
    const rows = state.select('key.word', 'value.agg0_0', 'partition_id').collect()
    const expected = [...expectedCounts(2)].map(([word, n]) => ({ word, agg0_0: n, partition_id: partitionOf(word) }))
    const byWord = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      String(a.word).localeCompare(String(b.word))
    expect(rows.map((r) => ({ ...r })).sort(byWord)).toEqual(expected.sort(byWord))
  })

  it('reads an earlier batch with batchId, and takes the path as an option', async () => {
    const spark = session()
    const checkpoint = await wordCountCheckpoint(spark)
    for (const batchId of [0, 1]) {
      const rows = spark.read
        .format('statestore')
        .option('path', checkpoint)
        .option('batchId', batchId)
        .load()
        .select('key.word', 'value.agg0_0')
        .collect()
      expect(new Map(rows.map((r) => [r.word, r.agg0_0]))).toEqual(expectedCounts(batchId))
    }
  })

  it("fails with Spark's STDS errors for bad options", async () => {
    const spark = session()
    const checkpoint = await wordCountCheckpoint(spark)
    const read = () => spark.read.format('statestore')
    expect(() => read().load()).toThrow("[STDS_REQUIRED_OPTION_UNSPECIFIED] 'path' must be specified.")
    expect(() => read().option('batchId', -1).load(checkpoint)).toThrow(
      "[STDS_INVALID_OPTION_VALUE.IS_NEGATIVE] Invalid value for source option 'batchId': cannot be negative.",
    )
    expect(() => read().option('joinSide', 'both').load(checkpoint)).toThrow(
      "[STDS_INVALID_OPTION_VALUE.WITH_MESSAGE] Invalid value for source option 'joinSide': Valid values are left,right,none",
    )
    expect(() => read().option('joinSide', 'left').option('storeName', 'x').load(checkpoint)).toThrow(
      "[STDS_CONFLICT_OPTIONS] The options ['joinSide', 'storeName'] cannot be specified together.",
    )
    expect(() => read().option('batchId', 7).load(checkpoint)).toThrow(
      '[STDS_OFFSET_LOG_UNAVAILABLE] The offset log for 7',
    )
    expect(() => read().load(tempDir())).toThrow('[STDS_COMMITTED_BATCH_UNAVAILABLE] No committed batch found')
    expect(() => read().option('operatorId', 3).load(checkpoint)).toThrow('[STDS_FAILED_TO_READ_STATE_SCHEMA]')
  })
})

describe("spark.read.format('state-metadata')", () => {
  it('lists each operator and store with its partitions and committed batch range', async () => {
    const spark = session()
    const checkpoint = await wordCountCheckpoint(spark)
    const rows = spark.read.format('state-metadata').load(checkpoint).collect()
    expect(rows.map((r) => ({ ...r }))).toEqual([
      {
        operatorId: 0,
        operatorName: 'stateStoreSave',
        stateStoreName: 'default',
        numPartitions: PARTITIONS,
        minBatchId: 0,
        maxBatchId: 2,
        operatorProperties: '',
      },
    ])
  })
})

/** A running count per key in one ValueState variable, `count`. */
class RunningCount extends StatefulProcessor<[string]> {
  private count!: ValueState<number>
  init(handle: StatefulProcessorHandle): void {
    this.count = handle.getValueState<number>('count', 'bigint')
  }
  *handleInputRows([key]: [string], rows: IterableIterator<Row>): Generator<Row> {
    const count = (this.count.get() ?? 0) + [...rows].length
    this.count.update(count)
    yield { key, count }
  }
}

describe('transformWithState state through the state readers', () => {
  it('lists each state variable as a store and reads its values by key', async () => {
    const spark = session()
    const checkpoint = join(tempDir(), 'checkpoint')
    const input = new MemoryStream(spark, 'key STRING, value STRING')
    const query = input
      .toDF()
      .groupBy('key')
      .transformWithState(new RunningCount(), {
        outputSchema: 'key STRING, count BIGINT',
        outputMode: 'update',
        timeMode: 'None',
      })
      .writeStream.format('noop')
      .outputMode('update')
      .option('checkpointLocation', checkpoint)
      .start()
    for (const keys of [['a', 'b', 'a'], ['a']]) {
      input.addData(keys.map((key) => [key, 'x']))
      await query.processAllAvailable()
    }
    await query.stop()
    const stores = spark.read.format('state-metadata').load(checkpoint).collect()
    expect(stores).toEqual([
      expect.objectContaining({ operatorId: 0, stateStoreName: 'count', numPartitions: PARTITIONS, maxBatchId: 1 }),
    ])
    const rows = spark.read
      .format('statestore')
      .option('storeName', 'count')
      .load(checkpoint)
      .select('key.key', 'value.value', 'partition_id')
      .collect()
    expect(rows.sort((x, y) => String(x.key).localeCompare(String(y.key)))).toEqual([
      { key: 'a', value: 3, partition_id: partitionOf('a') },
      { key: 'b', value: 1, partition_id: partitionOf('b') },
    ])
  })
})
