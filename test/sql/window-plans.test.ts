// Window plans: SQL and the DataFrame API build the same Window node (ExtractWindowExpressions), filters on window
// outputs stay above it, and a window function over a stream fails at start as Spark's does.
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  col,
  MemoryStream,
  rank,
  row_number,
  type SparkSession,
  sum,
  Window,
} from '../../src/index.js'
import { newSession } from '../support/session.js'

const normalized = (text: string) => text.replace(/#\d+/g, '#x')

function session(): SparkSession {
  const spark = newSession()
  spark
    .createDataFrame(
      [
        ['Alice', 34, 'Paris'],
        ['Bob', 45, 'Paris'],
        ['Carol', 29, 'Rome'],
      ],
      'name STRING, age INT, city STRING',
    )
    .createOrReplaceTempView('people')
  return spark
}

const physicalPlan = (spark: SparkSession, query: string) =>
  normalized(spark.sql(`EXPLAIN ${query}`).collect()[0]!.plan as string)

describe('window plans', () => {
  it('prints the same plans for SQL and the DataFrame API', () => {
    const spark = session()
    const query =
      'SELECT name, rank() OVER (PARTITION BY city ORDER BY age DESC) AS r, sum(age) OVER (PARTITION BY city) AS total FROM people'
    const twin = spark.table('people').select(
      col('name'),
      rank()
        .over(Window.partitionBy('city').orderBy(col('age').desc()))
        .alias('r'),
      sum('age').over(Window.partitionBy('city')).alias('total'),
    )
    expect(physicalPlan(spark, query)).toBe(normalized(twin.explainString()))
    expect(twin.collect()).toEqual(spark.sql(query).collect())
  })

  it('computes one Window node per specification, under the projection that names the results', () => {
    const spark = session()
    expect(
      physicalPlan(
        spark,
        'SELECT name, rank() OVER (PARTITION BY city ORDER BY age DESC) AS r, sum(age) OVER (PARTITION BY city) AS total FROM people',
      ),
    ).toBe(
      [
        '== Physical Plan ==',
        'Project [name#x, r#x, total#xL]',
        '+- Window [sum(age#x) OVER (PARTITION BY city#x ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS total#xL], [city#x], []',
        '   +- Window [RANK() OVER (PARTITION BY city#x ORDER BY age#x DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS r#x], [city#x], [age#x DESC NULLS LAST]',
        '      +- LocalTableScan [name, age, city]',
        '',
      ].join('\n'),
    )
  })

  it('keeps a filter on a window output above the Window (a group limit below it), and prunes the columns nothing reads', () => {
    const spark = session()
    const plan = physicalPlan(
      spark,
      'SELECT name FROM (SELECT name, city, row_number() OVER (ORDER BY age) AS rn FROM people) WHERE rn = 1',
    )
    expect(plan).toBe(
      [
        '== Physical Plan ==',
        'Project [name#x]',
        '+- Filter (rn#x = 1)',
        '   +- Project [name#x, rn#x]',
        '      +- Window [row_number() OVER (ORDER BY age#x ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS rn#x], [], [age#x ASC NULLS FIRST]',
        '         +- WindowGroupLimit [], [age#x ASC NULLS FIRST], row_number(), 1, Final',
        '            +- LocalTableScan [name, age]',
        '',
      ].join('\n'),
    )
    expect(
      spark
        .sql('SELECT name FROM (SELECT name, row_number() OVER (ORDER BY age) AS rn FROM people) WHERE rn = 1')
        .collect(),
    ).toEqual([{ name: 'Carol' }])
  })

  it('fails a streaming query with a window function at start (NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING)', () => {
    const spark = newSession()
    const events = new MemoryStream(spark, 'col1 TIMESTAMP, col2 INT').toDF()
    const ranked = events
      .withColumn('rn_col', row_number().over(Window.partitionBy('col1').orderBy(col('col2'))))
      .select('rn_col', 'col1', 'col2')
    let error: unknown
    try {
      ranked.writeStream.format('noop').start()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AnalysisException)
    expect((error as AnalysisException).errorClass).toBe('NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING')
    expect((error as Error).message).toContain(
      'Window function is not supported in ROW_NUMBER() (as column `rn_col`) on streaming DataFrames/Datasets. Structured Streaming only supports time-window aggregation using the WINDOW function. (window specification: (PARTITION BY COL1 ORDER BY COL2 ASC NULLS FIRST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))',
    )
  })
})
