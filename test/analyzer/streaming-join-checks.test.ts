// Spark's UnsupportedOperationChecker for joins, one test per cell of the matrix (join type × which side streams ×
// watermark): a supported cell starts, an unsupported one fails at start() with Spark's AnalysisException text.
import { afterEach, describe, expect, it } from 'vitest'
import {
  AnalysisException,
  col,
  type DataFrame,
  expr,
  MemoryStream,
  type SparkSession,
  type StreamingQuery,
} from '../../src/index.js'
import { newSession } from '../support/session.js'

const started: StreamingQuery[] = []
afterEach(async () => {
  for (const q of started.splice(0)) await q.stop()
})

/** Starts `df` (to a noop sink) and returns the query, or throws what start() throws. */
function start(df: DataFrame, mode: 'append' | 'update' | 'complete' = 'append'): StreamingQuery {
  const query = df.writeStream.outputMode(mode).format('noop').start()
  started.push(query)
  return query
}

/** A stream `(k INT, ts TIMESTAMP, <name> INT)`, watermarked on ts when asked. */
function stream(spark: SparkSession, prefix: string, watermark: boolean): DataFrame {
  const df = new MemoryStream(spark, `${prefix}k INT, ${prefix}ts TIMESTAMP, ${prefix}v INT`).toDF()
  return watermark ? df.withWatermark(`${prefix}ts`, '10 seconds') : df
}

const fixed = (spark: SparkSession, prefix: string) =>
  spark.createDataFrame([[1, new Date(0), 1]], `${prefix}k INT, ${prefix}ts TIMESTAMP, ${prefix}v INT`)

const HOWS = ['inner', 'cross', 'left_outer', 'right_outer', 'full_outer', 'left_semi', 'left_anti'] as const
type How = (typeof HOWS)[number]

const onKeys = expr('lk = rk')

/** Spark's checker text for each unsupported cell; absent: supported. */
const STREAM_STATIC: Partial<Record<How, string>> = {
  right_outer:
    'RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported',
  full_outer:
    'FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported',
}
const STATIC_STREAM: Partial<Record<How, string>> = {
  left_outer:
    'LeftOuter join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported',
  full_outer:
    'FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported',
  left_semi:
    'LeftSemi join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported',
  left_anti: 'LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported',
}
const withoutWatermark = (type: string) =>
  `Stream-stream ${type} join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition`
const STREAM_STREAM_NO_WATERMARK: Partial<Record<How, string>> = {
  left_outer: withoutWatermark('LeftOuter'),
  right_outer: withoutWatermark('RightOuter'),
  full_outer: withoutWatermark('FullOuter'),
  left_semi: withoutWatermark('LeftSemi'),
  left_anti: 'LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported',
}

function expectCell(df: () => DataFrame, error: string | undefined): void {
  if (error === undefined) expect(start(df()).isActive).toBe(true)
  else {
    expect(df).not.toThrow() // the DataFrame builds; the query is refused when it starts
    expect(() => start(df())).toThrow(AnalysisException)
    expect(() => start(df())).toThrow(error)
  }
}

describe('stream joined with a static DataFrame', () => {
  for (const how of HOWS) {
    it(`stream ${how} static: ${STREAM_STATIC[how] ? 'refused' : 'runs'}`, () => {
      const spark = newSession()
      expectCell(() => stream(spark, 'l', false).join(fixed(spark, 'r'), onKeys, how), STREAM_STATIC[how])
    })
  }
})

describe('static DataFrame joined with a stream', () => {
  for (const how of HOWS) {
    it(`static ${how} stream: ${STATIC_STREAM[how] ? 'refused' : 'runs'}`, () => {
      const spark = newSession()
      expectCell(() => fixed(spark, 'l').join(stream(spark, 'r', false), onKeys, how), STATIC_STREAM[how])
    })
  }
})

describe('two streams, without watermarks', () => {
  for (const how of HOWS) {
    it(`stream ${how} stream: ${STREAM_STREAM_NO_WATERMARK[how] ? 'refused' : 'runs'}`, () => {
      const spark = newSession()
      expectCell(
        () => stream(spark, 'l', false).join(stream(spark, 'r', false), onKeys, how),
        STREAM_STREAM_NO_WATERMARK[how],
      )
    })
  }
})

describe('two streams, with watermarks', () => {
  const range = expr('lk = rk AND lts BETWEEN rts - interval 5 seconds AND rts + interval 5 seconds')

  for (const how of ['left_outer', 'right_outer', 'full_outer', 'left_semi'] as const) {
    it(`stream ${how} stream runs with a watermark on both sides and a range condition`, () => {
      const spark = newSession()
      expectCell(() => stream(spark, 'l', true).join(stream(spark, 'r', true), range, how), undefined)
    })

    it(`stream ${how} stream runs with a watermarked column among the join keys`, () => {
      const spark = newSession()
      const keyed = expr('lk = rk AND lts = rts')
      expectCell(() => stream(spark, 'l', true).join(stream(spark, 'r', false), keyed, how), undefined)
    })
  }

  it('left outer: the watermark must be on the right (nullable) side for the range to bound the left state', () => {
    const spark = newSession()
    // Only the left side is watermarked: no state watermark for the left side follows from the range.
    expectCell(
      () => stream(spark, 'l', true).join(stream(spark, 'r', false), range, 'left_outer'),
      withoutWatermark('LeftOuter'),
    )
    // A range bounding the left side from above only gives no state watermark either.
    expectCell(
      () => stream(spark, 'l', true).join(stream(spark, 'r', true), expr('lk = rk AND lts < rts'), 'left_outer'),
      withoutWatermark('LeftOuter'),
    )
  })

  it('right outer: a range from the left watermark bounds the right side', () => {
    const spark = newSession()
    expectCell(() => stream(spark, 'l', true).join(stream(spark, 'r', false), range, 'right_outer'), undefined)
    expectCell(
      () => stream(spark, 'l', false).join(stream(spark, 'r', true), range, 'right_outer'),
      withoutWatermark('RightOuter'),
    )
  })

  it('left anti stays refused with watermarks', () => {
    const spark = newSession()
    expectCell(
      () => stream(spark, 'l', true).join(stream(spark, 'r', true), range, 'left_anti'),
      'LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported',
    )
  })
})

describe('output modes and conditions of stream-stream joins', () => {
  it('runs only in append mode', () => {
    const spark = newSession()
    const joined = () => stream(spark, 'l', false).join(stream(spark, 'r', false), onKeys)
    expectCell(joined, undefined)
    expect(() => start(joined(), 'update')).toThrow(
      'Join between two streaming DataFrames/Datasets is not supported in Update output mode, only in Append output mode',
    )
    expect(() => start(joined().groupBy('lk').count(), 'complete')).toThrow(
      'Join between two streaming DataFrames/Datasets is not supported in Complete output mode, only in Append output mode',
    )
  })

  it('needs an equality between the two sides', () => {
    const spark = newSession()
    expectCell(
      () => stream(spark, 'l', false).join(stream(spark, 'r', false), col('lk').lt(col('rk'))),
      'Stream-stream join without equality predicate is not supported',
    )
  })

  it('a stream-static join has no such limits: update mode, no keys', () => {
    const spark = newSession()
    expect(start(stream(spark, 'l', false).join(fixed(spark, 'r'), col('lk').lt(col('rk'))), 'update').isActive).toBe(
      true,
    )
  })
})
