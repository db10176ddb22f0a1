// A MemoryStream's rows live as long as something uses the stream: its MemoryStream object, a DataFrame whose plan
// names it, or a query reading it. A stopped query over a dropped stream lets its rows go (the registry that finds a
// stream by its id holds it weakly), and a DataFrame alone still finds its stream at start().
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { MemoryStream } from '../../../src/index.js'
import { newSession } from '../../support/session.js'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/**
 * Watches `target` for garbage collection (a FinalizationRegistry; a sync function, so no suspended frame keeps the
 * target), and returns a wait: whether it went within a few rounds of collection.
 */
function watchCollection(target: object): () => Promise<boolean> {
  let finalized = false
  const registry = new FinalizationRegistry(() => {
    finalized = true
  })
  registry.register(target, undefined)
  return async () => {
    // (The registry must outlive the target, or its callback never runs.)
    void registry
    for (let round = 0; round < 20 && !finalized; round++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
      gc()
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
    return finalized
  }
}

/** Runs a query over `stream` into the memory table `lifetime` and stops it (the query object goes with this frame). */
async function countOnce(stream: MemoryStream): Promise<void> {
  const query = stream.toDF().writeStream.format('memory').queryName('lifetime').start()
  await query.processAllAvailable()
  await query.stop()
  expect(query.exception()).toBeNull()
}

describe('MemoryStream lifetime', () => {
  it('lets the rows of a dropped stream go once its query stopped, while the session lives on', async () => {
    const spark = newSession()
    let stream: MemoryStream | undefined = new MemoryStream(spark, 'v INT')
    stream.addData([[1], [2], [3]])
    await countOnce(stream)
    // The buffer holding the rows: a registry of streams by id held every buffer for the program's life.
    const collected = watchCollection((stream as unknown as { buffer: object }).buffer)
    stream = undefined
    expect(await collected()).toBe(true)
    expect(spark.sql('SELECT count(*) AS n FROM lifetime').collect()).toEqual([{ n: 3 }])
  })

  it('keeps a stream its DataFrame names, so start() finds it after the MemoryStream object is gone', async () => {
    const spark = newSession()
    const df = new MemoryStream(spark, 'v INT').toDF()
    gc()
    await new Promise((resolve) => setTimeout(resolve, 10))
    gc()
    const query = df.writeStream.format('memory').queryName('named_only').start()
    await query.processAllAvailable()
    expect(query.exception()).toBeNull()
    await query.stop()
  })
})
