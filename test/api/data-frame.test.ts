// DataFrame operations on static data: projections, filters, column management, unions, schema and errors.
import { describe, expect, it } from 'vitest'
import { AnalysisException, col, explode, lit, split, upper, when } from '../../src/index.js'
import { captureStdoutSync } from '../support/capture.js'
import { newSession } from '../support/session.js'

const spark = newSession()
const people = spark.createDataFrame(
  [
    { name: 'Alice', age: 34, city: 'Paris' },
    { name: 'Bob', age: 45, city: null },
    { name: 'Carol', age: null, city: 'Oslo' },
  ],
  'name STRING, age INT, city STRING',
)

describe('DataFrame', () => {
  it('describes its schema like PySpark', () => {
    expect(people.columns).toEqual(['name', 'age', 'city'])
    expect(people.dtypes).toEqual([
      ['name', 'string'],
      ['age', 'int'],
      ['city', 'string'],
    ])
    expect(people.isStreaming).toBe(false)
    expect(captureStdoutSync(() => people.printSchema())).toBe(
      'root\n |-- name: string (nullable = true)\n |-- age: integer (nullable = true)\n |-- city: string (nullable = true)\n\n',
    )
  })

  it('selects columns and expressions with Spark-generated names', () => {
    const df = people.select('name', col('age').plus(1), upper(col('name')), lit(7), col('age').cast('string'))
    expect(df.columns).toEqual(['name', '(age + 1)', 'upper(name)', '7', 'age'])
    expect(df.collect()[0]).toEqual({ name: 'Alice', '(age + 1)': 35, 'upper(name)': 'ALICE', '7': 7, age: '34' })
  })

  it('filters with three-valued logic: null comparisons drop the row', () => {
    expect(
      people
        .filter(col('age').gt(40))
        .collect()
        .map((r) => r.name),
    ).toEqual(['Bob'])
    expect(
      people
        .where(col('age').lt(40).or(col('city').eq('Oslo')))
        .collect()
        .map((r) => r.name),
    ).toEqual(['Alice', 'Carol'])
    expect(
      people
        .filter(col('city').isNull())
        .collect()
        .map((r) => r.name),
    ).toEqual(['Bob'])
  })

  it('adds, replaces, renames and drops columns', () => {
    const df = people
      .withColumn('age', col('age').multiply(2))
      .withColumn('adult', when(col('age').geq(18), 'yes').otherwise('no'))
      .withColumnRenamed('city', 'town')
      .drop('name')
    expect(df.columns).toEqual(['age', 'town', 'adult'])
    expect(df.collect()).toEqual([
      { age: 68, town: 'Paris', adult: 'yes' },
      { age: 90, town: null, adult: 'yes' },
      { age: null, town: 'Oslo', adult: 'no' },
    ])
  })

  it('explodes arrays into rows', () => {
    const lines = spark.createDataFrame([{ value: 'a b' }, { value: 'c' }], 'value STRING')
    const words = lines.select(explode(split(col('value'), ' ')).alias('word'))
    expect(words.columns).toEqual(['word'])
    expect(words.collect()).toEqual([{ word: 'a' }, { word: 'b' }, { word: 'c' }])
    expect(lines.select(explode(split('value', ' '))).columns).toEqual(['col'])
  })

  it('unions by position and by name, and limits', () => {
    const a = spark.createDataFrame([[1, 'x']], 'id INT, tag STRING')
    const b = spark.createDataFrame([['y', 2]], 'tag STRING, id INT')
    expect(a.unionByName(b).collect()).toEqual([
      { id: 1, tag: 'x' },
      { id: 2, tag: 'y' },
    ])
    expect(a.union(a).limit(1).count()).toBe(1)
  })

  it('reaches struct fields with dotted names and qualifies columns with alias()', () => {
    const df = spark.createDataFrame([{ w: { start: 1, end: 2 } }], 'w STRUCT<start: INT, end: INT>')
    expect(df.select(col('w.start')).collect()).toEqual([{ start: 1 }])
    expect(df.select(col('w').getField('end')).columns).toEqual(['w.end'])
    expect(people.alias('p').select('p.name').count()).toBe(3)
  })

  it("names the missing column and the candidates when a reference doesn't resolve", () => {
    expect(() => people.select('nmae')).toThrow(AnalysisException)
    expect(() => people.select('nmae')).toThrow(
      '[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function parameter with name `nmae` cannot be resolved. Did you mean one of the following? [`name`, `age`, `city`].',
    )
  })

  it('show(false) and show({ truncate: false }) print every row untruncated; show({ n: 1 }) the first', () => {
    const long = people.selectExpr("concat(name, ' lives in a city with a long name') AS text")
    const full = captureStdoutSync(() => long.show(false))
    expect(full).toContain('|Alice lives in a city with a long name|')
    expect(full.split('\n').filter((line) => line.startsWith('|')).length).toBe(4) // the header and three rows
    expect(captureStdoutSync(() => long.show({ truncate: false }))).toBe(full)
    expect(captureStdoutSync(() => long.show({ n: 1 }))).toContain('only showing top 1 row')
  })

  it('show() reads its arguments as PySpark passes them to Scala: n below 0 shows no rows, truncate is int(truncate)', () => {
    // Scala's showString clamps numRows at 0; PySpark passes int(truncate) on, and a width of 0 or less cuts nothing.
    expect(captureStdoutSync(() => people.select('name').show(-3))).toBe(
      ['+----+', '|name|', '+----+', '+----+', 'only showing top 0 rows', '', ''].join('\n'),
    )
    expect(captureStdoutSync(() => people.select('name').show(1, 3.7))).toContain('| Ali|')
    expect(captureStdoutSync(() => people.select('name').show(1, -1))).toContain('|Alice|')
  })

  it('shows rows in Spark format', () => {
    expect(captureStdoutSync(() => people.show())).toBe(
      [
        '+-----+----+-----+',
        '| name| age| city|',
        '+-----+----+-----+',
        '|Alice|  34|Paris|',
        '|  Bob|  45| NULL|',
        '|Carol|NULL| Oslo|',
        '+-----+----+-----+',
        '',
        '',
      ].join('\n'),
    )
  })
})
