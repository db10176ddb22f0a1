// EXPLAIN: a SQL query and its DataFrame-API twin print the same plans (expression ids aside), in Spark's layout.
import { describe, expect, it } from 'vitest'
import {
  col,
  count,
  type DataFrame,
  explode,
  expr,
  MemoryStream,
  type SparkSession,
  split,
  window,
} from '../../src/index.js'
import { captureStdoutSync } from '../support/capture.js'
import { newSession } from '../support/session.js'

/** Expression ids depend on what was built before; Spark's golden files print them as `#x` too. */
const normalized = (text: string) => text.replace(/#\d+/g, '#x')

function session(): SparkSession {
  const spark = newSession()
  spark
    .createDataFrame(
      [
        ['Alice', 34, 'Paris', ['a', 'b']],
        ['Bob', 45, null, []],
      ],
      'name STRING, age INT, city STRING, tags ARRAY<STRING>',
    )
    .createOrReplaceTempView('people')
  const events = new MemoryStream(spark, 'word STRING, ts TIMESTAMP').toDF().withWatermark('ts', '10 seconds')
  events.createOrReplaceTempView('events')
  new MemoryStream(spark, 'value STRING, timestamp TIMESTAMP').toDF().createOrReplaceTempView('lines')
  return spark
}

const sqlExplain = (spark: SparkSession, query: string, extended: boolean) =>
  spark.sql(`EXPLAIN ${extended ? 'EXTENDED ' : ''}${query}`).collect()[0]!.plan as string

const twins: [string, string, (spark: SparkSession) => DataFrame][] = [
  [
    'a projection and a filter',
    'SELECT name, age + 1 AS next FROM people WHERE age > 30',
    (spark) => spark.table('people').filter(col('age').gt(30)).select(col('name'), col('age').plus(1).alias('next')),
  ],
  [
    'a generator',
    'SELECT name, explode(tags) AS tag FROM people',
    (spark) => spark.table('people').select(col('name'), explode(col('tags')).alias('tag')),
  ],
  [
    'a union under a limit',
    'SELECT name FROM people UNION ALL SELECT city FROM people LIMIT 3',
    (spark) => spark.table('people').select('name').union(spark.table('people').select('city')).limit(3),
  ],
  [
    'an aggregation sorted by its count',
    'SELECT city, count(*) AS n FROM people GROUP BY city ORDER BY n DESC',
    (spark) => spark.table('people').groupBy('city').agg(count('*').alias('n')).orderBy(col('n').desc()),
  ],
  [
    'a watermarked window aggregation over a stream',
    "SELECT window(ts, '10 seconds') AS window, word, count(*) AS count FROM events GROUP BY window(ts, '10 seconds'), word",
    (spark) =>
      spark
        .table('events')
        .groupBy(window(col('ts'), '10 seconds'), col('word'))
        .count(),
  ],
  [
    'expression strings: selectExpr and filter',
    'SELECT name, age + 1 AS next FROM people WHERE age + 1 > 31',
    (spark) => spark.table('people').filter('age + 1 > 31').selectExpr('name', 'age + 1 AS next'),
  ],
  [
    'expression strings: expr() and where',
    "SELECT upper(name) AS shout, CAST(age AS STRING) FROM people WHERE city IS NOT NULL AND name LIKE 'A%'",
    (spark) =>
      spark
        .table('people')
        .where("city IS NOT NULL AND name LIKE 'A%'")
        .select(expr('upper(name) AS shout'), expr('CAST(age AS STRING)')),
  ],
]

describe('EXPLAIN', () => {
  for (const [what, query, twin] of twins) {
    it(`prints the same plans for SQL and the DataFrame API: ${what}`, () => {
      const spark = session()
      const df = twin(spark)
      expect(normalized(sqlExplain(spark, query, false))).toBe(normalized(df.explainString()))
      expect(normalized(sqlExplain(spark, query, true))).toBe(normalized(df.explainString(true)))
    })
  }

  it("uses Spark's sections: the physical plan alone, or parsed, analyzed (with the schema), optimized, physical", () => {
    const spark = session()
    const query = 'SELECT name, age + 1 AS next FROM people WHERE age > 30'
    expect(normalized(sqlExplain(spark, query, false))).toBe(
      [
        '== Physical Plan ==',
        'Project [name#x, (age#x + 1) AS next#x]',
        '+- Filter (age#x > 30)',
        '   +- LocalTableScan [name, age]',
        '',
      ].join('\n'),
    )
    const extended = normalized(sqlExplain(spark, query, true))
    expect(extended.split('\n').filter((l) => l.startsWith('=='))).toEqual([
      '== Parsed Logical Plan ==',
      '== Analyzed Logical Plan ==',
      '== Optimized Logical Plan ==',
      '== Physical Plan ==',
    ])
    expect(extended).toContain(
      '== Analyzed Logical Plan ==\nname: string, next: int\nProject [name#x, (age#x + 1) AS next#x]',
    )
  })

  it('marks BIGINT attributes with L, as Spark does', () => {
    const spark = session()
    expect(normalized(sqlExplain(spark, 'SELECT city, count(*) AS n FROM people GROUP BY city', false))).toContain(
      'count(1)#xL AS n#xL]',
    )
  })

  it('df.explain() prints what SQL EXPLAIN returns, followed by a newline as PySpark prints it', () => {
    const spark = session()
    const query = 'SELECT name FROM people WHERE age > 30'
    const df = spark.sql(query)
    expect(captureStdoutSync(() => df.explain())).toBe(`${sqlExplain(spark, query, false)}\n`)
    expect(captureStdoutSync(() => df.explain(true))).toBe(`${sqlExplain(spark, query, true)}\n`)
    expect(captureStdoutSync(() => df.explain('extended'))).toBe(`${sqlExplain(spark, query, true)}\n`)
  })

  it('prints the same physical plan for the windowed word count of issue 4 and its DataFrame twin', () => {
    const spark = session()
    const query = `SELECT window(timestamp, '10 seconds') AS w, word, count(*) AS n
      FROM (SELECT explode(split(value, ' ')) AS word, timestamp FROM lines)
      GROUP BY window(timestamp, '10 seconds'), word
      HAVING count(*) > 1`
    const twin = spark
      .table('lines')
      .select(explode(split(col('value'), ' ')).alias('word'), col('timestamp'))
      .groupBy(window(col('timestamp'), '10 seconds').alias('w'), col('word'))
      .agg(count('*').alias('n'))
      .filter(col('n').gt(1))
    expect(normalized(sqlExplain(spark, query, false))).toBe(normalized(twin.explainString()))
  })

  it("prints a batch aggregation and a batch dropDuplicates as Spark's final HashAggregate, without state", () => {
    // Spark plans a batch dropDuplicates as an aggregation (ReplaceDeduplicateWithAggregate): grouped by the keys,
    // first(col, false) of every other column. Rivulet runs one step on one thread, so no partial step or Exchange.
    const spark = session()
    const people = spark.table('people')
    const aggregated = normalized(people.groupBy('city').agg(count('*').alias('n')).explainString())
    expect(aggregated).toContain('+- HashAggregate(keys=[city#x], functions=[count(1)])\n')
    expect(aggregated).not.toContain('StateStoreSave')
    expect(normalized(people.dropDuplicates(['city', 'name']).explainString())).toContain(
      'HashAggregate(keys=[city#x, name#x], functions=[first(age#x, false), first(tags#x, false)])',
    )
    expect(normalized(people.select('name', 'age').dropDuplicates().explainString())).toContain(
      'HashAggregate(keys=[name#x, age#x], functions=[])',
    )
  })

  it('does not run commands it explains, and rejects modes Rivulet does not have', () => {
    const spark = session()
    expect(() => spark.sql('EXPLAIN CREATE TEMPORARY VIEW v AS SELECT 1')).toThrow(
      'EXPLAIN is supported for queries only',
    )
    expect(spark.catalog.tableExists('v')).toBe(false)
    expect(() => spark.sql('EXPLAIN COST SELECT 1')).toThrow('EXPLAIN COST is not supported yet.; line 1 pos 0')
    expect(() => spark.table('people').explain('codegen')).toThrow('EXPLAIN CODEGEN is not supported yet.')
    expect(() => spark.table('people').explain('nonsense' as 'cost')).toThrow('Unknown explain mode: nonsense.')
  })
})
