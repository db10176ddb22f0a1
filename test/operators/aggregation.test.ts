// Aggregate functions and the output-mode rules for aggregations, sorts and limits on streams.
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  approx_count_distinct,
  avg,
  col,
  collect_list,
  collect_set,
  count,
  countDistinct,
  first,
  last,
  MemoryStream,
  max,
  max_by,
  mean,
  min,
  min_by,
  percentile,
  session_window,
  stddev,
  stddev_pop,
  struct,
  sum,
  variance,
  window,
} from '../../src/index.js'
import { newSession } from '../support/session.js'
import {
  AddData,
  AssertOnQuery,
  CheckAnswer,
  CheckLastBatch,
  ProcessAllAvailable,
  StartStream,
  StopStream,
} from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

const spark = newSession()
const scores = spark.createDataFrame(
  [
    ['x', 1, 'p'],
    ['x', 3, null],
    ['y', 5, 'q'],
    ['x', null, 'r'],
    ['y', 5, 's'],
  ],
  'k STRING, v INT, tag STRING',
)

describe('aggregate functions', () => {
  it('computes Spark results per group, ignoring nulls, with Spark column names', () => {
    const out = scores
      .groupBy('k')
      .agg(count('*'), count('v'), sum('v'), avg('v'), min('v'), max('tag'), countDistinct('v'))
    expect(out.columns).toEqual([
      'k',
      'count(1)',
      'count(v)',
      'sum(v)',
      'avg(v)',
      'min(v)',
      'max(tag)',
      'count(DISTINCT v)',
    ])
    expect(out.collect()).toEqual([
      {
        k: 'x',
        'count(1)': 3,
        'count(v)': 2,
        'sum(v)': 4,
        'avg(v)': 2,
        'min(v)': 1,
        'max(tag)': 'r',
        'count(DISTINCT v)': 2,
      },
      {
        k: 'y',
        'count(1)': 2,
        'count(v)': 2,
        'sum(v)': 10,
        'avg(v)': 5,
        'min(v)': 5,
        'max(tag)': 's',
        'count(DISTINCT v)': 1,
      },
    ])
  })

  it('keeps values: first, last, collect_list, collect_set, min_by, max_by', () => {
    const out = scores
      .groupBy('k')
      .agg(
        first('tag'),
        last('v'),
        first('tag', true),
        collect_list('v'),
        collect_set('v'),
        min_by('tag', 'v'),
        max_by('tag', 'v'),
      )
    expect(out.collect()[0]).toEqual({
      k: 'x',
      'first(tag)': 'p',
      'last(v)': null,
      'first(tag) ignore nulls': 'p',
      'collect_list(v)': [1, 3],
      'collect_set(v)': [1, 3],
      'min_by(tag, v)': 'p',
      'max_by(tag, v)': null,
    })
  })

  it('finds min and max of BIGINT exactly past 2^53 and of DOUBLE with NaN above every other value', () => {
    const out = spark
      .sql(
        `SELECT k, min(x), max(x), min(d), max(d) FROM VALUES
          ('a', 9007199254740993, 1.5D), ('a', 9007199254740992, CAST('NaN' AS DOUBLE)),
          ('a', 9007199254740995, -1.0D), ('a', 9007199254740994, 2.0D),
          ('b', 9223372036854775806, CAST('-Infinity' AS DOUBLE)), ('b', 9223372036854775807, 0.0D),
          ('b', -9223372036854775808, NULL), ('b', NULL, 3.0D),
          ('c', 9007199254740992, 1.0D), ('c', 9007199254740993, 1.0D), ('c', 9007199254740992, 1.0D),
          ('d', NULL, NULL)
        AS t(k, x, d) GROUP BY k ORDER BY k`,
      )
      .collect()
    // 2^53 and 2^53 + 1 share a double: the exact values still decide.
    expect(out).toEqual([
      { k: 'a', 'min(x)': 9007199254740992n, 'max(x)': 9007199254740995n, 'min(d)': -1, 'max(d)': Number.NaN },
      { k: 'b', 'min(x)': -9223372036854775808n, 'max(x)': 9223372036854775807n, 'min(d)': -Infinity, 'max(d)': 3 },
      { k: 'c', 'min(x)': 9007199254740992n, 'max(x)': 9007199254740993n, 'min(d)': 1, 'max(d)': 1 },
      { k: 'd', 'min(x)': null, 'max(x)': null, 'min(d)': null, 'max(d)': null },
    ])
  })

  it('orders non-numeric values as Spark does: structs field by field, NULL fields first, strings by bytes', () => {
    const rows = spark.createDataFrame(
      [
        ['a', 9, 'z', 'ﬀ', 2.5],
        ['a', 10, 'b', '😀', Number.NaN],
        ['a', null, 'y', 'a', 1],
        ['b', 3, null, null, null],
      ],
      'k STRING, n INT, s STRING, t STRING, d DOUBLE',
    )
    const pair = struct(col('n'), col('s'))
    const out = rows
      .groupBy('k')
      .agg(max(pair).alias('hi'), min(pair).alias('lo'), max('t'), max('d'), max_by('s', pair), min_by('t', col('s')))
      .collect()
    expect(out).toEqual([
      {
        k: 'a',
        hi: { n: 10, s: 'b' },
        lo: { n: null, s: 'y' },
        'max(t)': '😀',
        'max(d)': Number.NaN,
        'max_by(s, struct(n, s))': 'b',
        'min_by(t, s)': '😀',
      },
      {
        k: 'b',
        hi: { n: 3, s: null },
        lo: { n: 3, s: null },
        'max(t)': null,
        'max(d)': null,
        'max_by(s, struct(n, s))': null,
        'min_by(t, s)': null,
      },
    ])
  })

  it('keeps struct extremes exactly through a checkpointed restart', async () => {
    const input = new MemoryStream(newSession(), 'k STRING, n INT, at TIMESTAMP')
    const best = input
      .toDF()
      .groupBy('k')
      .agg(max(struct(col('n'), col('at'))).alias('best'))
    await testStream(best, 'update')(
      AddData(input, ['a', 9, new Date(Date.UTC(2024, 0, 1))]),
      ProcessAllAvailable(),
      StopStream,
      StartStream(),
      AddData(input, ['a', 8, new Date(Date.UTC(2024, 0, 2))]),
      CheckLastBatch({ k: 'a', best: { n: 9, at: new Date(Date.UTC(2024, 0, 1)) } }),
      AddData(input, ['a', 10, new Date(Date.UTC(2024, 0, 3))]),
      CheckLastBatch({ k: 'a', best: { n: 10, at: new Date(Date.UTC(2024, 0, 3)) } }),
      AssertOnQuery((_q, sink) => sink.batches.length === 3, 'one batch per addition'),
    )
  })

  it('keeps collect_list and percentile state (list columns) through a checkpointed restart', async () => {
    const input = new MemoryStream(newSession(), 'k STRING, n INT')
    const lists = input
      .toDF()
      .groupBy('k')
      .agg(collect_list(col('n')).alias('ns'), percentile(col('n'), 0.5).alias('p50'))
    await testStream(lists, 'update')(
      AddData(input, ['a', 1], ['a', 2], ['b', 7]),
      ProcessAllAvailable(),
      StopStream,
      StartStream(),
      AddData(input, ['a', 6]),
      // a holds 1, 2 from before the restart and 6 after: the median of three is 2.
      CheckLastBatch({ k: 'a', ns: [1, 2, 6], p50: 2 }),
    )
  })

  it('keeps listagg WITHIN GROUP values and their ordering keys through a checkpointed restart', async () => {
    const session = newSession()
    const input = new MemoryStream(session, 'k STRING, s STRING, n INT')
    input.toDF().createOrReplaceTempView('events')
    const joined = session.sql(
      "SELECT k, listagg(s, ',') WITHIN GROUP (ORDER BY n DESC NULLS FIRST) AS joined FROM events GROUP BY k",
    )
    await testStream(joined, 'update')(
      AddData(input, ['a', 'x', 2], ['a', 'y', 5], ['b', 'p', 1]),
      ProcessAllAvailable(),
      StopStream,
      StartStream(),
      AddData(input, ['a', 'z', 3], ['a', 'w', null]),
      // x (2) and y (5) from before the restart, z (3) and w (NULL, first) after: by n descending, NULLs first.
      CheckLastBatch({ k: 'a', joined: 'w,y,z,x' }),
    )
  })

  it('max/min of a struct led by a number: ties, NaN and NULL first fields, values held from an earlier batch', async () => {
    const input = new MemoryStream(newSession(), 'k STRING, n DOUBLE, s STRING')
    const extremes = input
      .toDF()
      .groupBy('k')
      .agg(max(struct(col('n'), col('s'))).alias('hi'), min(struct(col('n'), col('s'))).alias('lo'))
    await testStream(extremes, 'update')(
      AddData(input, ['a', 5, 'x'], ['b', null, 'q'], ['c', 1, 'm']),
      ProcessAllAvailable(),
      AddData(
        input,
        ['a', 5, 'y'],
        ['a', 4, 'z'],
        ['a', 6, 'a'],
        ['a', 6, 'b'],
        ['b', 2, 'r'],
        ['b', null, 'p'],
        ['c', Number.NaN, 'n'],
        ['c', 0, 'a'],
      ),
      // Struct order: field by field, NULL first, NaN above every number.
      CheckLastBatch(
        { k: 'a', hi: { n: 6, s: 'b' }, lo: { n: 4, s: 'z' } },
        { k: 'b', hi: { n: 2, s: 'r' }, lo: { n: null, s: 'p' } },
        { k: 'c', hi: { n: Number.NaN, s: 'n' }, lo: { n: 0, s: 'a' } },
      ),
    )
  })

  it('computes sample and population statistics; a single value has no sample deviation', () => {
    const out = scores.groupBy('k').agg(stddev('v'), stddev_pop('v'), variance('v'), mean('v'))
    const x = out.collect()[0]!
    // Spark 4 names these columns after the function called (pyspark docs: stddev("id") → stddev(id)).
    expect(x['stddev(v)']).toBeCloseTo(Math.SQRT2, 12)
    expect(x['stddev_pop(v)']).toBeCloseTo(1, 12)
    expect(x['variance(v)']).toBeCloseTo(2, 12)
    expect(x['avg(v)']).toBe(2)
    const single = spark
      .createDataFrame([[1]], 'v INT')
      .agg(stddev('v'), variance('v'))
      .collect()[0]
    expect(single).toEqual({ 'stddev(v)': null, 'variance(v)': null })
  })

  it('estimates distinct counts with a HyperLogLog++ sketch within its error bound', () => {
    const n = 20_000
    const many = spark.createDataFrame(
      Array.from({ length: n }, (_, i) => [`user-${i % 5000}`, i]),
      'u STRING, i INT',
    )
    const [row] = many.agg(approx_count_distinct('u'), approx_count_distinct('i', 0.02)).collect()
    expect(Math.abs((row!['approx_count_distinct(u)'] as number) - 5000) / 5000).toBeLessThan(0.1)
    expect(Math.abs((row!['approx_count_distinct(i)'] as number) - n) / n).toBeLessThan(0.05)
    const small = spark
      .createDataFrame([['a'], ['b'], ['a']], 'u STRING')
      .agg(approx_count_distinct('u'))
      .collect()
    expect(small).toEqual([{ 'approx_count_distinct(u)': 2 }])
  })

  it('aggregates without groupBy and names grouped sums like PySpark', () => {
    expect(scores.agg(sum('v')).collect()).toEqual([{ 'sum(v)': 14 }])
    expect(scores.select(count('*')).collect()).toEqual([{ 'count(1)': 5 }])
    expect(scores.groupBy('k').sum('v').columns).toEqual(['k', 'sum(v)'])
    expect(scores.groupBy('k').count().columns).toEqual(['k', 'count'])
  })

  it("rejects columns that are neither grouped nor aggregated, with Spark's message", () => {
    expect(() => scores.groupBy('k').agg(col('tag'))).toThrow(
      '[MISSING_AGGREGATION] The non-aggregating expression "tag" is based on columns which are not participating in the GROUP BY clause.',
    )
    expect(() => scores.agg(sum(max('v')))).toThrow('[NESTED_AGGREGATE_FUNCTION]')
  })
})

describe('output modes for stateful queries', () => {
  const stream = () => new MemoryStream(newSession(), 'word STRING, ts TIMESTAMP')

  it("refuses append-mode aggregation without a watermark, with Spark's message", () => {
    const counts = stream().toDF().groupBy('word').count()
    expect(() => counts.writeStream.outputMode('append').format('console').start()).toThrow(AnalysisException)
    expect(() => counts.writeStream.outputMode('append').format('console').start()).toThrow(
      'Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark',
    )
    const watermarkedElsewhere = stream().toDF().withWatermark('ts', '1 minute').groupBy('word').count()
    expect(() => watermarkedElsewhere.writeStream.format('noop').start()).toThrow('without watermark')
  })

  it('refuses distinct aggregates, sorting outside complete mode, and limits in update mode', () => {
    const df = stream().toDF()
    expect(() =>
      df.groupBy('word').agg(countDistinct('ts')).writeStream.outputMode('complete').format('noop').start(),
    ).toThrow(
      'Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.',
    )
    expect(() => df.orderBy('word').writeStream.format('noop').start()).toThrow(
      'Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode',
    )
    expect(() => df.limit(3).writeStream.outputMode('update').format('noop').start()).toThrow(
      'Limits are not supported on streaming DataFrames/Datasets in Update output mode',
    )
  })

  it('refuses a stateful operator after an update-mode aggregation (the global watermark correctness check)', () => {
    const chained = stream()
      .toDF()
      .withWatermark('ts', '10 seconds')
      .groupBy(window('ts', '10 seconds'), 'word')
      .count()
      .groupBy('word')
      .agg(sum('count'))
    expect(() => chained.writeStream.outputMode('update').format('noop').start()).toThrow(
      "Detected pattern of possible 'correctness' issue due to global watermark.",
    )
  })

  it('sorts and limits the whole result each batch in complete mode', async () => {
    const input = stream()
    const top = input.toDF().groupBy('word').count().orderBy(col('count').desc(), col('word')).limit(2)
    await testStream(top, 'complete')(
      AddData(input, ['b', null], ['a', null], ['c', null], ['c', null]),
      CheckLastBatch.ordered({ word: 'c', count: 2 }, { word: 'a', count: 1 }),
      AddData(input, ['a', null], ['a', null]),
      CheckLastBatch.ordered({ word: 'a', count: 3 }, { word: 'c', count: 2 }),
      AssertOnQuery((_q, sink) => sink.batches.length === 2, 'one batch per addition'),
    )
  })

  it('limits the whole stream in append mode', async () => {
    const input = stream()
    await testStream(input.toDF().select('word').limit(3))(
      AddData(input, ['a', null], ['b', null]),
      ProcessAllAvailable(),
      AddData(input, ['c', null], ['d', null]),
      CheckAnswer.ordered({ word: 'a' }, { word: 'b' }, { word: 'c' }),
      AssertOnQuery((q) => q.lastProgress!.stateOperators[0]!.operatorName === 'globalLimit'),
    )
  })
})

describe('DISTINCT aggregates', () => {
  it('count each distinct value once per group, also when session windows merge', () => {
    const at = (s: number) => new Date(Date.UTC(2024, 0, 1) + s * 1000)
    const df = spark.createDataFrame(
      [
        ['a', at(0), 'p'],
        ['a', at(20), 'p'],
        ['a', at(10), 'q'],
        ['a', at(25), null],
        ['b', at(0), 'p'],
      ],
      'k STRING, ts TIMESTAMP, x STRING',
    )
    const out = df
      .groupBy(session_window(col('ts'), '12 seconds'), col('k'))
      .agg(countDistinct('x').alias('distinct'), count('x').alias('all'))
      .orderBy('k')
      .collect()
    expect(out.map((r) => [r.k, r.distinct, r.all])).toEqual([
      ['a', 2, 3],
      ['b', 1, 1],
    ])
    expect(df.groupBy('k').agg(countDistinct('x', 'ts').alias('pairs')).orderBy('k').collect()).toEqual([
      { k: 'a', pairs: 3 },
      { k: 'b', pairs: 1 },
    ])
  })
})

describe('a global aggregate of a static DataFrame', () => {
  it('is one row over no rows, as in SQL: count 0, the other aggregates null', () => {
    const empty = spark.createDataFrame([], 'a INT')
    expect(empty.agg(count('*').alias('n'), max('a').alias('m'), sum('a').alias('s')).collect()).toEqual([
      { n: 0, m: null, s: null },
    ])
    expect(empty.groupBy('a').count().collect()).toEqual([])
  })
})
