// The global watermark over several watermarked inputs: min by default, max by conf; an input that has not seen
// data yet counts as 0; the watermark never goes back.
import { describe, expect, it } from 'vitest'
import { col, MemoryStream, window } from '../../src/index.js'
import { newSession } from '../support/session.js'
import { startHarness } from '../support/stream-harness.js'

const T0 = Date.UTC(2024, 0, 1)
const at = (seconds: number) => new Date(T0 + seconds * 1000)

async function watermarks(policy?: 'min' | 'max'): Promise<string[]> {
  const spark = newSession(policy ? { 'spark.sql.streaming.multipleWatermarkPolicy': policy } : {})
  const a = new MemoryStream(spark, 'ts TIMESTAMP')
  const b = new MemoryStream(spark, 'ts TIMESTAMP')
  const both = a.toDF().withWatermark('ts', '10 seconds').union(b.toDF().withWatermark('ts', '20 seconds'))
  const h = startHarness(both.groupBy(window(col('ts'), '5 seconds')).count(), { outputMode: 'update' })
  const seen: string[] = []
  const step = async (feed: () => void) => {
    feed()
    await h.processAll()
    seen.push(h.query.lastProgress!.eventTime.watermark!)
  }
  await step(() => a.addData([[at(100)]])) // a → 90, b unseen → 0
  await step(() => b.addData([[at(100)]])) // a 90, b 80
  await step(() => a.addData([[at(50)]])) // a stays 90 (monotone), b 80
  await h.stop()
  return seen
}

describe('multiple watermarks', () => {
  it('takes the minimum across inputs by default', async () => {
    expect(await watermarks()).toEqual([new Date(0).toISOString(), at(80).toISOString(), at(80).toISOString()])
  })

  it('takes the maximum with spark.sql.streaming.multipleWatermarkPolicy=max', async () => {
    expect(await watermarks('max')).toEqual([at(90).toISOString(), at(90).toISOString(), at(90).toISOString()])
  })
})
