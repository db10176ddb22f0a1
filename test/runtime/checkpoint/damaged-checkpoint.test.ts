// A damaged checkpoint is refused with a typed error naming the file — never read as less state, another batch or
// a raw SyntaxError: empty, truncated or altered state files, log entries that no longer match their checksum, an
// offsets/N deleted while commits/N stayed, and unreadable JSON in the file source's log.
import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { col, IllegalStateException, MemoryStream, SparkError } from '../../../src/index.js'
import { newSession } from '../../support/session.js'
import { tempDir, writeFile } from '../../support/temp-files.js'

/** A running count per key over `input`, run once per list of batches; returns what each batch emitted. */
async function runCounts(input: MemoryStream, checkpoint: string, batches: string[][]) {
  const emitted: string[] = []
  const query = input
    .toDF()
    .groupBy(col('key'))
    .count()
    .writeStream.outputMode('update')
    .option('checkpointLocation', checkpoint)
    .foreachBatch((df) => {
      for (const row of df.collect()) emitted.push(`${row.key}=${row.count}`)
    })
    .start()
  for (const batch of batches) {
    input.addData(batch.map((key) => [key]))
    await query.processAllAvailable().catch(() => undefined)
  }
  await query.stop()
  return { emitted, failure: query.exception() }
}

const counting = () => new MemoryStream(newSession({ 'spark.sql.shuffle.partitions': '1' }), 'key STRING')

const flipByte = (path: string, at: (length: number) => number) => {
  const bytes = readFileSync(path)
  const i = at(bytes.length)
  bytes[i] = bytes[i]! ^ 0x5a
  writeFileSync(path, bytes)
}

describe('damaged checkpoints', () => {
  it.each([
    ['empty', (path: string) => truncateSync(path, 0), 'the file is empty'],
    ['cut short', (path: string) => truncateSync(path, 100), 'the file is truncated (100 bytes)'],
    ['altered', (path: string) => flipByte(path, (n) => n >> 1), 'its content does not match its checksum'],
  ])('refuses a state delta that is %s, naming it, instead of resuming from less state', async (_, damage, why) => {
    const checkpoint = tempDir()
    const input = counting()
    expect((await runCounts(input, checkpoint, [['a'], ['a']])).emitted).toEqual(['a=1', 'a=2'])
    const delta = join(checkpoint, 'state', '0', '0', '2.delta')
    damage(delta)
    const { emitted, failure } = await runCounts(input, checkpoint, [['a']])
    expect(emitted).toEqual([])
    expect(failure?.cause).toBeInstanceOf(SparkError)
    expect(failure?.message).toContain(
      `[CANNOT_LOAD_STATE_STORE.CANNOT_READ_STREAMING_STATE_FILE] Cannot read state file ${delta}: ${why}.`,
    )
  })

  it('reads intact state files and resumes the counts', async () => {
    const checkpoint = tempDir()
    const input = counting()
    await runCounts(input, checkpoint, [['a'], ['a', 'b']])
    expect((await runCounts(input, checkpoint, [['a']])).emitted).toEqual(['a=3'])
  })

  it('refuses a log entry that no longer matches its checksum, though it still parses', async () => {
    const checkpoint = tempDir()
    const input = counting()
    await runCounts(input, checkpoint, [['a'], ['a']])
    const entry = join(checkpoint, 'offsets', '1')
    writeFileSync(entry, readFileSync(entry, 'utf8').replace('"batchWatermarkMs":0', '"batchWatermarkMs":7'))
    const { emitted, failure } = await runCounts(input, checkpoint, [['a']])
    expect(emitted).toEqual([])
    expect(failure?.cause).toBeInstanceOf(IllegalStateException)
    expect(failure?.message).toContain(`Log file was malformed: checksum mismatch (bytes 0-`)
    expect(failure?.message).toContain(`in ${entry}.`)
  })

  it('refuses to resume when offsets/N was deleted but commits/N kept, naming the missing file', async () => {
    const checkpoint = tempDir()
    const input = counting()
    await runCounts(input, checkpoint, [['a'], ['b']])
    rmSync(join(checkpoint, 'offsets', '1'))
    const { emitted, failure } = await runCounts(input, checkpoint, [['c']])
    expect(emitted).toEqual([])
    expect(failure?.cause).toBeInstanceOf(IllegalStateException)
    expect(failure?.message).toContain(
      `The commit log holds batch 1 but the offset log ends at batch 0: ${join(checkpoint, 'offsets', '1')} is missing.`,
    )
  })

  it("names the file source log's file when one of its entries is not JSON", async () => {
    const root = tempDir()
    writeFile(join(root, 'in', 'a.json'), '{"n":1}\n')
    const spark = newSession()
    const start = () =>
      spark.readStream
        .schema('n INT')
        .json(join(root, 'in'))
        .writeStream.format('noop')
        .option('checkpointLocation', join(root, 'checkpoint'))
        .start()
    const first = start()
    await first.processAllAvailable()
    await first.stop()
    const log = join(root, 'checkpoint', 'sources', '0')
    const entry = join(log, readdirSync(log).find((name) => /^\d+$/.test(name))!)
    // The source reads its log when the query starts.
    const damaged = '{"path":"file:/in/a.json","timest'
    writeFileSync(entry, `v1\n${damaged}`)
    expect(start).toThrow(IllegalStateException)
    expect(start).toThrow(`Log file ${entry} was malformed: unreadable entry ${JSON.stringify(damaged)}.`)
  })
})
