// The DataFrame methods a PySpark user reaches for: spark.range, toDF, withColumnsRenamed, toJSON, describe and
// summary (Spark's DataFrameSuite answers), sample, transform, colRegex, repartition/coalesce, cache and show(vertical).
import { describe, expect, it } from 'vitest'
import { AnalysisException, col, IllegalArgumentException, lit } from '../../src/index.js'
import { captureStdoutSync } from '../support/capture.js'
import { newSession } from '../support/session.js'

const spark = newSession()
// DataFrameSuite's person2.
const person2 = spark.createDataFrame(
  [
    ['Bob', 16, 176],
    ['Alice', 32, 164],
    ['David', 60, 192],
    ['Amy', 24, 180],
  ],
  'name STRING, age INT, height INT',
)

describe('spark.range', () => {
  it('counts from start to end (exclusive) by step in a non-null bigint column id', () => {
    const ids = (df: ReturnType<typeof spark.range>) => df.collect().map((r) => r.id)
    expect(spark.range(3).schema.simpleString()).toBe('struct<id:bigint>')
    expect(spark.range(3).schema.fields[0]!.nullable).toBe(false)
    expect(ids(spark.range(3))).toEqual([0, 1, 2])
    expect(ids(spark.range(1, 10, 3))).toEqual([1, 4, 7])
    expect(ids(spark.range(5, 0, -2))).toEqual([5, 3, 1])
    expect(ids(spark.range(5, 1))).toEqual([])
    expect(ids(spark.range(0, 10, 2, 4))).toEqual([0, 2, 4, 6, 8])
  })

  it('rejects a zero step and non-integer bounds', () => {
    expect(() => spark.range(0, 10, 0)).toThrow('requirement failed: step (0) cannot be 0')
    expect(() => spark.range(1.5)).toThrow(IllegalArgumentException)
  })
})

describe('renaming', () => {
  it('toDF renames every column by position and needs one name per column', () => {
    expect(person2.toDF('n', 'a', 'h').columns).toEqual(['n', 'a', 'h'])
    expect(person2.toDF(['n', 'a', 'h']).first()).toEqual({ n: 'Bob', a: 16, h: 176 })
    expect(() => person2.toDF('x', 'y')).toThrow(
      "requirement failed: The number of columns doesn't match.\nOld column names (3): name, age, height\nNew column names (2): x, y",
    )
  })

  it('withColumnsRenamed renames by a map, ignores unknown names, and refuses duplicates', () => {
    expect(person2.withColumnsRenamed({ age: 'years', NAME: 'who', nope: 'x' }).columns).toEqual([
      'who',
      'years',
      'height',
    ])
    expect(person2.withColumnsRenamed(new Map([['height', 'cm']])).columns).toEqual(['name', 'age', 'cm'])
    expect(() => person2.withColumnsRenamed({ age: 'height' })).toThrow(
      '[COLUMN_ALREADY_EXISTS] The column `height` already exists. Choose another name or rename the existing column.',
    )
    expect(() => person2.withColumnsRenamed(['a'] as never)).toThrow('Argument `colsMap` should be a dict, got list.')
  })
})

describe('toJSON', () => {
  it('gives each row as a JSON object in a value column, leaving out null fields', () => {
    const df = spark.createDataFrame(
      [
        [1, 'a'],
        [2, null],
      ],
      'id INT, s STRING',
    )
    expect(df.toJSON().dtypes).toEqual([['value', 'string']])
    expect(df.toJSON().collect()).toEqual([{ value: '{"id":1,"s":"a"}' }, { value: '{"id":2}' }])
  })
})

describe('describe and summary', () => {
  const rows = (stats: string[][]) => stats.map(([summary, name, age, height]) => ({ summary, name, age, height }))

  it('describe gives count, mean, stddev, min and max of numeric and string columns, as strings', () => {
    const described = person2.describe()
    expect(described.dtypes).toEqual([
      ['summary', 'string'],
      ['name', 'string'],
      ['age', 'string'],
      ['height', 'string'],
    ])
    expect(described.collect()).toEqual(
      rows([
        ['count', '4', '4', '4'],
        ['mean', null!, '33.0', '178.0'],
        ['stddev', null!, '19.148542155126762', '11.547005383792516'],
        ['min', 'Alice', '16', '164'],
        ['max', 'David', '60', '192'],
      ]),
    )
    expect(
      person2
        .describe('age')
        .collect()
        .map((r) => [r.summary, r.age]),
    ).toEqual([
      ['count', '4'],
      ['mean', '33.0'],
      ['stddev', '19.148542155126762'],
      ['min', '16'],
      ['max', '60'],
    ])
    expect(person2.select().describe().collect()).toEqual(
      ['count', 'mean', 'stddev', 'min', 'max'].map((summary) => ({ summary })),
    )
  })

  it('summary adds the 25%, 50% and 75% percentiles by default, and nulls over no rows', () => {
    expect(person2.summary().collect()).toEqual(
      rows([
        ['count', '4', '4', '4'],
        ['mean', null!, '33.0', '178.0'],
        ['stddev', null!, '19.148542155126762', '11.547005383792516'],
        ['min', 'Alice', '16', '164'],
        ['25%', null!, '16', '164'],
        ['50%', null!, '24', '176'],
        ['75%', null!, '32', '180'],
        ['max', 'David', '60', '192'],
      ]),
    )
    expect(person2.limit(0).summary('count', 'mean', 'max').collect()).toEqual(
      rows([
        ['count', '0', '0', '0'],
        ['mean', null!, null!, null!],
        ['max', null!, null!, null!],
      ]),
    )
  })

  it('summary takes statistics in the given order, count_distinct, and rejects unknown ones', () => {
    const person3 = spark.createDataFrame(
      [
        ['Luis', 1, 99],
        ['Luis', 16, 99],
        ['Luis', 16, 176],
        ['Fernando', 32, 99],
        ['Fernando', 32, 164],
        ['David', 60, 99],
        ['Amy', 24, 99],
      ],
      'name STRING, age INT, height INT',
    )
    expect(person3.summary('count', 'count_distinct').collect()).toEqual(
      rows([
        ['count', '7', '7', '7'],
        ['count_distinct', '4', '5', '3'],
      ]),
    )
    const stats = ['count', '50.01%', 'max', 'mean', 'min', '25%']
    expect(
      person2
        .summary(...stats)
        .collect()
        .map((r) => r.summary),
    ).toEqual(stats)
    expect(() => person2.summary('foo')).toThrow('foo is not a recognised statistic')
    expect(() => person2.summary('foo%')).toThrow('Unable to parse foo% as a percentile')
  })
})

describe('sample', () => {
  const hundred = spark.range(100)

  it('keeps each row with probability fraction, the same rows for the same seed', () => {
    const a = hundred.sample(0.3, 7).collect()
    expect(hundred.sample(false, 0.3, 7).collect()).toEqual(a)
    expect(a.length).toBeGreaterThan(10)
    expect(a.length).toBeLessThan(50)
    expect(hundred.sample(0.0, 1).count()).toBe(0)
    expect(hundred.sample(1.0, 1).count()).toBe(100)
  })

  it('with replacement repeats rows a Poisson number of times', () => {
    const ids = hundred
      .sample(true, 2.0, 3)
      .collect()
      .map((r) => r.id as number)
    expect(ids).toEqual([...ids].sort((x, y) => x - y))
    expect(ids.length).toBeGreaterThan(120)
    expect(new Set(ids).size).toBeLessThan(ids.length)
  })

  it('rejects fractions out of range and other argument types with Spark’s and PySpark’s messages', () => {
    expect(() => hundred.sample(1.5)).toThrow(
      'requirement failed: Sampling fraction (1.5) must be on interval [0, 1] without replacement',
    )
    expect(() => hundred.sample(true, -1)).toThrow(
      'requirement failed: Sampling fraction (-1.0) must be nonnegative with replacement',
    )
    expect(() => hundred.sample('a' as never)).toThrow(
      'Argument `withReplacement (optional), fraction (required) and seed (optional)` should be a bool, float or int, got str, NoneType, NoneType.',
    )
  })
})

describe('transform, colRegex, repartition, cache', () => {
  it('transform chains a function with extra arguments and checks it returns a DataFrame', () => {
    const older = (df: typeof person2, years: number) => df.withColumn('age', col('age').plus(lit(years)))
    expect(
      person2
        .transform(older, 10)
        .collect()
        .map((r) => r.age),
    ).toEqual([26, 42, 70, 34])
    expect(() => person2.transform((() => 1) as never)).toThrow(
      'Func returned an instance of type [int], should have been DataFrame.',
    )
  })

  it('colRegex selects the columns whose whole name matches, case-insensitively', () => {
    expect(person2.select(person2.colRegex('`(NAME|h.*)`')).columns).toEqual(['name', 'height'])
    expect(person2.select(person2.colRegex('age')).columns).toEqual(['age'])
    expect(person2.select(person2.colRegex('`a`')).columns).toEqual([])
  })

  it('repartition and coalesce validate their arguments and keep the rows', () => {
    expect(person2.repartition(4).collect()).toEqual(person2.collect())
    expect(person2.repartition(2, 'name').count()).toBe(4)
    expect(person2.repartition(col('age')).count()).toBe(4)
    expect(person2.coalesce(1).count()).toBe(4)
    expect(() => person2.repartition(0)).toThrow('requirement failed: Number of partitions (0) must be positive.')
    expect(() => person2.coalesce(-1)).toThrow('requirement failed: Number of partitions (-1) must be positive.')
    expect(() => person2.repartition(3, 'nope')).toThrow(AnalysisException)
  })

  it('cache, persist and unpersist return the DataFrame', () => {
    expect(person2.cache()).toBe(person2)
    expect(person2.persist('MEMORY_AND_DISK')).toBe(person2)
    expect(person2.unpersist()).toBe(person2)
  })
})

describe('show', () => {
  const long = spark.createDataFrame([['1'], ['1'.repeat(21)]], 'value STRING')

  it('prints Spark’s vertical layout (DataFrameSuite’s expected text)', () => {
    expect(captureStdoutSync(() => long.show(10, false, true))).toBe(
      '-RECORD 0----------------------\n value | 1                     \n-RECORD 1----------------------\n value | 111111111111111111111 \n\n',
    )
    expect(captureStdoutSync(() => long.show(10, 3, true))).toBe(
      '-RECORD 0----\n value | 1   \n-RECORD 1----\n value | 111 \n\n',
    )
    expect(captureStdoutSync(() => long.show({ n: 0, vertical: true }))).toBe('(0 rows)\n\n')
  })

  it('takes a boolean first argument as truncate', () => {
    expect(captureStdoutSync(() => long.show(false))).toBe(
      '+---------------------+\n|value                |\n+---------------------+\n|1                    |\n|111111111111111111111|\n+---------------------+\n\n',
    )
  })
})
