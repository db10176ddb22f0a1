// Shutting down: SIGTERM stops a running query after its batch in flight commits and exits 143; stop() called from
// the query's own foreachBatch or from a listener returns instead of waiting on itself; awaitTermination(timeout)
// returns false when the time passes first.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MemoryStream, type StreamingQuery } from '../../src/index.js'
import { runProgram } from '../support/child-program.js'
import { newSession } from '../support/session.js'
import { tempDir } from '../support/temp-files.js'

describe('shutdown', () => {
  it('SIGTERM lets the batch in flight finish and commit, then exits with 143', async () => {
    const checkpoint = tempDir()
    const program = runProgram('test/fixtures/sigterm-pipeline.ts', { CHECKPOINT: checkpoint })
    await program.waitFor('batch 0 started\n')
    program.process.kill('SIGTERM')
    expect(await program.exited()).toBe(143)
    expect(program.stdout()).toBe('batch 0 started\nbatch 0 wrote 3 rows\n')
    expect(existsSync(join(checkpoint, 'commits', '0'))).toBe(true)
    expect(existsSync(join(checkpoint, 'offsets', '1'))).toBe(false)
  }, 60_000)

  it('stop() awaited inside foreachBatch stops the query after that batch commits', async () => {
    const checkpoint = tempDir()
    const input = new MemoryStream(newSession(), 'n INT')
    const seen: number[] = []
    let query: StreamingQuery | undefined
    query = input
      .toDF()
      .writeStream.option('checkpointLocation', checkpoint)
      .foreachBatch(async (_df, batchId) => {
        seen.push(batchId)
        if (batchId === 1) await query!.stop()
      })
      .start()
    input.addData([[1]])
    await query.processAllAvailable()
    input.addData([[2]])
    expect(await query.awaitTermination()).toBe(true)
    input.addData([[3]])
    expect(query.isActive).toBe(false)
    expect(seen).toEqual([0, 1])
    expect(existsSync(join(checkpoint, 'commits', '1'))).toBe(true)
  })

  it('stop() awaited inside a listener stops the query', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'n INT')
    let query: StreamingQuery | undefined
    const stopped = new Promise<void>((resolve) => {
      spark.streams.addListener({
        onQueryProgress: async () => {
          await query!.stop()
          resolve()
        },
      })
    })
    query = input.toDF().writeStream.format('noop').start()
    input.addData([[1]])
    await stopped
    expect(query.isActive).toBe(false)
  })

  it('awaitTermination(timeout) returns false when the query is still running, true once it stopped', async () => {
    const input = new MemoryStream(newSession(), 'n INT')
    const query = input.toDF().writeStream.format('noop').start()
    expect(await query.awaitTermination(20)).toBe(false)
    expect(query.isActive).toBe(true)
    await query.stop()
    expect(await query.awaitTermination(20)).toBe(true)
  })
})
