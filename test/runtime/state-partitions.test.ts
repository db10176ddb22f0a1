// State partitions as a user sees them: an aggregation at 4 partitions checkpoints state/<op>/<p>/ for each p, its
// progress reports the partitions and store instances, explain() shows the exchange, and a checkpoint written before
// partitioned state (one table, no partition count in its metadata) still restores — as one partition.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { col, count, type DataFrame, MemoryStream } from '../../src/index.js'
import { newSession } from '../support/session.js'
import {
  AddData,
  AssertOnQuery,
  CheckLastBatch,
  ProcessAllAvailable,
  StartStream,
  StopStream,
} from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function checkpointDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rivulet-partitions-'))
  dirs.push(dir)
  return dir
}

const wordCounts = (input: MemoryStream): DataFrame => input.toDF().groupBy(col('word')).agg(count('*').alias('n'))
const words = (...list: string[]) => list.map((word) => ({ word }))

describe('state partitions', () => {
  it('checkpoints an aggregation as state/0/<p>/ for 4 partitions and reports them in progress', async () => {
    const spark = newSession({ 'spark.sql.shuffle.partitions': '4' })
    const dir = checkpointDir()
    const input = new MemoryStream(spark, 'word STRING')
    await testStream(wordCounts(input), 'complete')(
      StartStream({ checkpointLocation: dir }),
      AddData(input, ...words('a', 'b', 'c', 'a', 'd', 'e', 'f', 'g')),
      ProcessAllAvailable(),
      AddData(input, ...words('a', 'h')),
      CheckLastBatch({ word: 'a', n: 3 }, ...['b', 'c', 'd', 'e', 'f', 'g', 'h'].map((word) => ({ word, n: 1 }))),
      AssertOnQuery((query) => {
        expect(query.lastProgress!.stateOperators[0]).toMatchObject({
          operatorName: 'stateStoreSave',
          numRowsTotal: 8,
          numShufflePartitions: 4,
          numStateStoreInstances: 4,
        })
        expect(query.explainString()).toMatch(/Exchange hashpartitioning\(word#\d+, 4\)/)
      }, 'progress and explain() show the four partitions'),
      StopStream,
    )

    const state = join(dir, 'state', '0')
    expect(readdirSync(state).sort()).toEqual(['0', '1', '2', '3', '_metadata'])
    for (const p of ['0', '1', '2', '3']) {
      expect(
        readdirSync(join(state, p))
          .filter((f) => !f.startsWith('.'))
          .sort(),
      ).toEqual(['1.delta', '2.delta'])
    }
    expect(JSON.parse(readFileSync(join(state, '_metadata', 'schema'), 'utf8'))).toEqual({
      operatorName: 'stateStoreSave',
      numPartitions: 4,
      tables: [
        { name: 'default', kind: 'value', keySchema: 'struct<word:string>', valueSchema: 'struct<agg0_0:bigint>' },
      ],
    })
    const offsets = readFileSync(join(dir, 'offsets', '1'), 'utf8').split('\n')[1]!
    expect(JSON.parse(offsets).conf['spark.sql.shuffle.partitions']).toBe('4')
  })

  it('restores a checkpoint written before partitioned state as one partition, whatever the session says', async () => {
    const dir = checkpointDir()
    const first = newSession({ 'spark.sql.shuffle.partitions': '1' })
    const input = new MemoryStream(first, 'word STRING')
    await testStream(wordCounts(input), 'complete')(
      StartStream({ checkpointLocation: dir }),
      AddData(input, ...words('a', 'b', 'a')),
      CheckLastBatch({ word: 'a', n: 2 }, { word: 'b', n: 1 }),
      StopStream,
    )
    // Rivulet 0.1 wrote one table's schemas and no partition count, and pinned the session's (unused) value.
    const metadata = join(dir, 'state', '0', '_metadata', 'schema')
    writeFileSync(
      metadata,
      JSON.stringify({
        operatorName: 'stateStoreSave',
        keySchema: 'struct<word:string>',
        valueSchema: 'struct<agg0_0:bigint>',
      }),
    )
    const offsets = join(dir, 'offsets', '0')
    writeFileSync(
      offsets,
      readFileSync(offsets, 'utf8').replace(
        '"spark.sql.shuffle.partitions":"1"',
        '"spark.sql.shuffle.partitions":"200"',
      ),
    )
    // Nor did it write checksums beside its log entries.
    rmSync(join(dir, 'offsets', '.0.crc'))

    const later = newSession({ 'spark.sql.shuffle.partitions': '8' })
    const resumed = new MemoryStream(later, 'word STRING')
    resumed.addData(words('a', 'b', 'a'))
    await testStream(wordCounts(resumed), 'complete')(
      StartStream({ checkpointLocation: dir }),
      AddData(resumed, ...words('b', 'c')),
      CheckLastBatch({ word: 'a', n: 2 }, { word: 'b', n: 2 }, { word: 'c', n: 1 }),
      AssertOnQuery((query) => {
        expect(query.lastProgress!.stateOperators[0]).toMatchObject({ numShufflePartitions: 1 })
      }, 'the restored query keeps one partition'),
      StopStream,
    )
    expect(existsSync(join(dir, 'state', '0', '1'))).toBe(false)
  })
})
