// The global watermark over several watermarked inputs: min by default, max by conf; an input that has not seen
// data yet counts as 0; the watermark never goes back. Each source's own watermark (Rivulet's sourceWatermarks, shown
// by the live UI) is its withWatermark's: max event time seen minus the delay, 0 before data, null under none.
import { describe, it } from 'vitest'
import { col, MemoryStream, window } from '../../src/index.js'
import { newSession } from '../support/session.js'
import {
  AddData,
  AssertOnQuery,
  MultiAddData,
  ProcessAllAvailable,
  type StreamAction,
} from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

const T0 = Date.UTC(2024, 0, 1)
const at = (seconds: number) => new Date(T0 + seconds * 1000)

/** Feeds the two watermarked inputs in three steps; after each, the global watermark must be `expected[step]`. */
async function expectWatermarks(policy: 'min' | 'max' | undefined, expected: Date[]): Promise<void> {
  const spark = newSession(policy ? { 'spark.sql.streaming.multipleWatermarkPolicy': policy } : {})
  const a = new MemoryStream(spark, 'ts TIMESTAMP')
  const b = new MemoryStream(spark, 'ts TIMESTAMP')
  const both = a.toDF().withWatermark('ts', '10 seconds').union(b.toDF().withWatermark('ts', '20 seconds'))
  const watermarkIs = (step: number): StreamAction[] => [
    ProcessAllAvailable(),
    AssertOnQuery(
      (q) => q.lastProgress!.eventTime.watermark === expected[step]!.toISOString(),
      `the watermark after step ${step + 1} is ${expected[step]!.toISOString()}`,
    ),
  ]
  await testStream(both.groupBy(window(col('ts'), '5 seconds')).count(), 'update')(
    AddData(a, [at(100)]), // a → 90, b unseen → 0
    ...watermarkIs(0),
    AddData(b, [at(100)]), // a 90, b 80
    ...watermarkIs(1),
    AddData(a, [at(50)]), // a stays 90 (monotone), b 80
    ...watermarkIs(2),
  )
}

describe('multiple watermarks', () => {
  it('takes the minimum across inputs by default', async () => {
    await expectWatermarks(undefined, [new Date(0), at(80), at(80)])
  })

  it('takes the maximum with spark.sql.streaming.multipleWatermarkPolicy=max', async () => {
    await expectWatermarks('max', [at(90), at(90), at(90)])
  })

  it("keeps each source's own watermark beside the global one", async () => {
    const spark = newSession()
    const a = new MemoryStream(spark, 'ts TIMESTAMP')
    const b = new MemoryStream(spark, 'ts TIMESTAMP')
    const plain = new MemoryStream(spark, 'ts TIMESTAMP')
    const all = a
      .toDF()
      .withWatermark('ts', '10 seconds')
      .union(b.toDF().withWatermark('ts', '20 seconds'))
      .union(plain.toDF())
    const sourcesAre = (expected: (Date | null)[]): StreamAction[] => [
      ProcessAllAvailable(),
      AssertOnQuery(
        (q) => {
          const want = expected.map((d) => d?.toISOString() ?? null)
          return JSON.stringify(q.sourceWatermarks) === JSON.stringify(want)
        },
        `the sources' watermarks are ${expected.map((d) => d?.toISOString() ?? null).join(', ')}`,
      ),
    ]
    await testStream(all.groupBy(window(col('ts'), '5 seconds')).count(), 'update')(
      AddData(a, [at(100)]), // a: 100 - 10; b unseen: 0; plain: no watermark of its own
      ...sourcesAre([at(90), new Date(0), null]),
      AddData(b, [at(100)]), // b: 100 - 20
      ...sourcesAre([at(90), at(80), null]),
      MultiAddData([a, [[at(50)]]], [plain, [[at(500)]]]), // a never goes back; plain's rows move no watermark
      ...sourcesAre([at(90), at(80), null]),
    )
  })
})
