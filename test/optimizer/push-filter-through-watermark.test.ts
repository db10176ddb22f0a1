// push_filter_through_watermark: conjuncts that do not read the event-time column move below the watermark node,
// so the rows they drop do not move the watermark (Spark's PushPredicateThroughNonJoin).
import { describe, expect, it } from 'vitest'
import { col, MemoryStream } from '../../src/index.js'
import { optimizedPlan, tree } from '../support/plan-text.js'
import { newSession } from '../support/session.js'

describe('push_filter_through_watermark', () => {
  it('moves conjuncts on other columns below the watermark and keeps those on the event time above', () => {
    const input = new MemoryStream(newSession(), 'ts TIMESTAMP, n INT')
    const df = input
      .toDF()
      .withWatermark('ts', '10 seconds')
      .where(col('n').gt(1).and(col('ts').isNotNull()))
    expect(optimizedPlan(df)).toBe(
      tree(
        'Filter (ts#x-T10000ms IS NOT NULL)',
        '+- EventTimeWatermark ts#x: 10 seconds',
        '   +- Filter (n#x > 1)',
        '      +- StreamingRelation memory, [ts#x, n#x]',
      ),
    )
  })
})
