// The SQL-facing DataFrame API: spark.sql, temp views, spark.table, selectExpr, string filters and expr().
import { describe, expect, it } from 'vitest'
import { AnalysisException, col, expr, ParseException, SparkSession } from '../../src/index.js'
import { newSession } from '../support/session.js'

function withPeople() {
  const spark = newSession()
  const people = spark.createDataFrame(
    [
      ['Alice', 34, 'Paris'],
      ['Bob', 45, null],
      ['Carol', null, 'Oslo'],
    ],
    'name STRING, age INT, city STRING',
  )
  return { spark, people }
}

/** The error `run` throws. */
function errorOf(run: () => unknown): Error {
  try {
    run()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}

describe('temporary views', () => {
  it('createOrReplaceTempView registers a view for spark.sql and spark.table, replacing one of the same name', () => {
    const { spark, people } = withPeople()
    people.createOrReplaceTempView('people')
    expect(spark.sql('SELECT name FROM people WHERE age > 40').collect()).toEqual([{ name: 'Bob' }])
    people.filter(col('age').isNull()).createOrReplaceTempView('PEOPLE')
    expect(spark.sql('SELECT name FROM people').collect()).toEqual([{ name: 'Carol' }])
    expect(spark.catalog.listTables().map((t) => t.name)).toEqual(['people'])
  })

  it("createTempView fails with Spark's TEMP_TABLE_OR_VIEW_ALREADY_EXISTS when the name is taken", () => {
    const { people } = withPeople()
    people.createTempView('p')
    const error = errorOf(() => people.createTempView('p'))
    expect(error).toBeInstanceOf(AnalysisException)
    expect(error.message).toBe(
      '[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view `p` because it already exists.',
    )
  })

  it('spark.table qualifies columns by the view name, as FROM does', () => {
    const { spark, people } = withPeople()
    people.createOrReplaceTempView('people')
    expect(spark.table('people').select('people.name').columns).toEqual(['name'])
    expect(spark.sql('SELECT people.name FROM people').collect()).toEqual(
      spark.table('people').select('name').collect(),
    )
  })

  it('spark.sql over a static view returns a batch DataFrame; commands return their rows', () => {
    const { spark, people } = withPeople()
    people.createOrReplaceTempView('people')
    const df = spark.sql('SELECT city, count(*) AS n FROM people GROUP BY city ORDER BY city NULLS LAST')
    expect(df.isStreaming).toBe(false)
    expect(df.collect()).toEqual([
      { city: 'Oslo', n: 1 },
      { city: 'Paris', n: 1 },
      { city: null, n: 1 },
    ])
    const created = spark.sql('CREATE TEMPORARY VIEW adults AS SELECT * FROM people WHERE age >= 18')
    expect(created.columns).toEqual([])
    expect(created.collect()).toEqual([])
    expect(
      spark
        .sql('SHOW TABLES')
        .collect()
        .map((r) => r.tableName),
    ).toEqual(['adults', 'people'])
  })

  it('reports SQL errors as ParseException or AnalysisException with the position in the text', () => {
    const { spark, people } = withPeople()
    people.createOrReplaceTempView('people')
    const parse = errorOf(() => spark.sql('SELECT name FROM people WHERE'))
    expect(parse).toBeInstanceOf(ParseException)
    expect(parse.message).toContain(
      '[PARSE_SYNTAX_ERROR] Syntax error at or near end of input: expected an expression.(line 1, pos 29)',
    )
    const analysis = errorOf(() => spark.sql('SELECT name\nFROM people\nWHERE agee > 1'))
    expect(analysis).toBeInstanceOf(AnalysisException)
    expect((analysis as AnalysisException).context).toEqual({ line: 3, column: 7 })
    expect(analysis.message).toBe(
      '[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `agee` cannot be resolved. Did you mean one of the following? [`age`, `name`, `city`].; line 3 pos 6',
    )
  })
})

describe('expression strings', () => {
  it('filter and where take SQL conditions', () => {
    const { people } = withPeople()
    expect(
      people
        .filter('age > 40')
        .collect()
        .map((r) => r.name),
    ).toEqual(['Bob'])
    expect(
      people
        .where("city = 'Paris' OR age IS NULL")
        .collect()
        .map((r) => r.name),
    ).toEqual(['Alice', 'Carol'])
  })

  it('selectExpr takes SQL expressions with aliases and stars, named as Spark names them', () => {
    const { people } = withPeople()
    const df = people.selectExpr('name', 'age + 1', 'upper(city) AS town', 'CAST(age AS STRING)')
    expect(df.columns).toEqual(['name', '(age + 1)', 'town', 'age'])
    expect(df.first()).toEqual({ name: 'Alice', '(age + 1)': 35, town: 'PARIS', age: '34' })
    expect(people.selectExpr('*', 'age * 2 AS double_age').columns).toEqual(['name', 'age', 'city', 'double_age'])
  })

  it('expr() builds a Column from SQL, usable anywhere a Column is', () => {
    const { people } = withPeople()
    const df = people.select(expr('length(name) AS len'), expr("coalesce(city, 'nowhere')")).filter(expr('len > 3'))
    expect(df.collect()).toEqual([
      { len: 5, 'coalesce(city, nowhere)': 'Paris' },
      { len: 5, 'coalesce(city, nowhere)': 'Oslo' },
    ])
  })

  it('reads typed literals in the session time zone', () => {
    const spark = newSession({ 'spark.sql.session.timeZone': 'America/New_York' })
    const df = spark.createDataFrame([[1]], 'x INT').selectExpr("TIMESTAMP '2024-01-01 00:00:00' AS t")
    expect(df.first()).toEqual({ t: new Date('2024-01-01T05:00:00Z') })
  })

  it('reports errors with positions inside the expression string', () => {
    const { people } = withPeople()
    const parse = errorOf(() => people.filter('age >'))
    expect(parse).toBeInstanceOf(ParseException)
    expect(parse.message).toContain('(line 1, pos 5)')
    const unresolved = errorOf(() => people.selectExpr('name', 'upper(nmae)'))
    expect(unresolved.message).toContain('A column or function parameter with name `nmae` cannot be resolved.')
    expect(unresolved.message).toMatch(/; line 1 pos 6$/)
    expect(errorOf(() => people.filter('age + 1')).message).toContain('[DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN]')
    expect(errorOf(() => expr('1 +')).constructor).toBe(ParseException)
  })

  it('uses the active session time zone for expr() literals', async () => {
    const spark = SparkSession.builder.config('spark.sql.session.timeZone', 'Asia/Tokyo').getOrCreate()
    const df = spark.createDataFrame([[1]], 'x INT').select(expr("TIMESTAMP '2024-01-01 09:00:00' AS t"))
    expect(df.first()).toEqual({ t: new Date('2024-01-01T00:00:00Z') })
    await spark.stop()
  })
})
