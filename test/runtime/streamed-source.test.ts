// A source that streams its batch (Source.streamBatch): its chunks go through the operators one by one while the rest
// is read, only after the batch's end is in the offset log; a failure stops the reading and the batch replays whole.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { batchFromRows, type RecordBatch } from '../../src/arrow/index.js'
import { registerSourceProvider } from '../../src/connectors/registry.js'
import type { Offset, Source, SourceContext } from '../../src/connectors/source.js'
import { col, type DataFrame, udf } from '../../src/index.js'
import { parseSchemaString } from '../../src/types/ddl.js'
import { newSession } from '../support/session.js'
import { tempDir } from '../support/temp-files.js'

const SCHEMA = parseSchemaString('value INT')
const CHUNK = 3

/** What the test's sources did, in order: `offsets/N written` checks, chunks read, rows processed, reads stopped. */
let events: string[] = []
/** How many numbers the next source created offers. */
let available = 0

/** The numbers 0 .. available-1, offered in one batch and streamed CHUNK rows at a time. */
class StreamedCounter implements Source {
  readonly schema = SCHEMA
  readonly description = 'StreamedCounter'

  constructor(private readonly context: SourceContext) {}

  async latestOffset(): Promise<Offset | null> {
    return available === 0 ? null : available
  }

  async getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]> {
    events.push(`getBatch ${start} ${end}`)
    return [this.rows((start as number | null) ?? 0, end as number)]
  }

  async *streamBatch(start: Offset | null, end: Offset): AsyncGenerator<RecordBatch, void, undefined> {
    // sources/0 is beside offsets/ in the checkpoint.
    const offsets = join(this.context.metadataPath!, '..', '..', 'offsets')
    const from = (start as number | null) ?? 0
    try {
      for (let at = from; at < (end as number); at += CHUNK) {
        events.push(
          `read ${at} (offsets/${from === 0 ? 0 : 1} written: ${existsSync(join(offsets, from === 0 ? '0' : '1'))})`,
        )
        yield this.rows(at, Math.min(at + CHUNK, end as number))
      }
    } finally {
      events.push('reading stopped')
    }
  }

  private rows(from: number, until: number): RecordBatch {
    return batchFromRows(
      SCHEMA,
      Array.from({ length: until - from }, (_, i) => [from + i]),
    )
  }

  commit(): void {}

  async stop(): Promise<void> {}
}

registerSourceProvider({
  format: 'streamed-counter',
  describe: () => ({ format: 'streamed-counter', options: {}, schema: SCHEMA }),
  create: (_source, context) => new StreamedCounter(context),
})

/** A UDF that logs the rows it sees (and fails on `failOn`). */
const seen = (failOn?: number) =>
  udf((n: number) => {
    events.push(`process ${n}`)
    if (n === failOn) throw new Error(`refusing ${n}`)
    return n % 2
  }, 'int')

async function run(df: DataFrame, checkpoint: string): Promise<{ rows: unknown[]; inputRows: number }> {
  const rows: unknown[] = []
  const query = df.writeStream
    .outputMode('complete')
    .option('checkpointLocation', checkpoint)
    .trigger({ availableNow: true })
    .foreachBatch((batch) => {
      rows.push(...batch.orderBy('parity').collect())
    })
    .start()
  await query.awaitTermination()
  return { rows, inputRows: query.recentProgress.reduce((sum, p) => sum + p.numInputRows, 0) }
}

const source = () => newSession().readStream.format('streamed-counter').load()

describe('a source that streams its batch', () => {
  it('feeds each chunk through the operators before the next is read, once the offset log holds the batch', async () => {
    events = []
    available = 7
    const counts = source()
      .select(seen()(col('value')).alias('parity'))
      .groupBy('parity')
      .count()
    const { rows, inputRows } = await run(counts, tempDir())
    // 0, 2, 4, 6 are even; 1, 3, 5 odd.
    expect(rows).toEqual([
      { parity: 0, count: 4 },
      { parity: 1, count: 3 },
    ])
    expect(inputRows).toBe(7)
    expect(events).toEqual([
      'read 0 (offsets/0 written: true)',
      'process 0',
      'process 1',
      'process 2',
      'read 3 (offsets/0 written: true)',
      'process 3',
      'process 4',
      'process 5',
      'read 6 (offsets/0 written: true)',
      'process 6',
      'reading stopped',
    ])
  })

  it('is read with getBatch when two scans read it (a self-union), since a stream is read once', async () => {
    events = []
    available = 4
    const values = source()
    const counts = values.union(values).groupBy('value').count()
    const rows: unknown[] = []
    const query = counts.writeStream
      .outputMode('complete')
      .trigger({ availableNow: true })
      .foreachBatch((batch) => {
        rows.push(...batch.orderBy('value').collect())
      })
      .start()
    await query.awaitTermination()
    // Each of the 4 values twice.
    expect(rows).toEqual([0, 1, 2, 3].map((value) => ({ value, count: 2 })))
    expect(events).toEqual(['getBatch null 4'])
  })

  it('stops reading when an operator fails, and a restart runs the batch again from its first row', async () => {
    events = []
    available = 7
    const checkpoint = tempDir()
    const failing = source()
      .select(seen(4)(col('value')).alias('parity'))
      .groupBy('parity')
      .count()
    await expect(run(failing, checkpoint)).rejects.toThrow('refusing 4')
    expect(events.slice(-2)).toEqual(['process 4', 'reading stopped'])
    expect(events.filter((e) => e.startsWith('read '))).toHaveLength(2)
    expect(existsSync(join(checkpoint, 'commits', '0'))).toBe(false)

    events = []
    const counts = source()
      .select(seen()(col('value')).alias('parity'))
      .groupBy('parity')
      .count()
    const { rows, inputRows } = await run(counts, checkpoint)
    // The replayed batch counts every row once: the failed attempt's partial counts were never committed.
    expect(rows).toEqual([
      { parity: 0, count: 4 },
      { parity: 1, count: 3 },
    ])
    expect(inputRows).toBe(7)
    expect(events[0]).toBe('read 0 (offsets/0 written: true)')
  })
})
