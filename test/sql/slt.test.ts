// Runs every test/sql/*.slt golden file against a fresh session with the static views below (format: slt-format.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cellText, columnsOf } from '../../src/arrow/index.js'
import { AnalysisException, type DataFrame, ParseException, type SparkSession } from '../../src/index.js'
import { newSession } from '../support/session.js'
import { parseSlt, rewriteSlt, type SltRecord } from '../support/slt-format.js'

const directory = join(import.meta.dirname)
const update = process.env.SLT_UPDATE === '1'

/** The views every file can read. */
function sessionWithViews(): SparkSession {
  const spark = newSession()
  spark
    .createDataFrame(
      [
        ['Alice', 34, 'Paris', ['a', 'b']],
        ['Bob', 45, null, []],
        ['Carol', null, 'Oslo', ['c']],
        ['Dave', 29, 'Paris', null],
      ],
      'name STRING, age INT, city STRING, tags ARRAY<STRING>',
    )
    .createOrReplaceTempView('people')
  spark
    .createDataFrame(
      [
        ['2024-01-01T10:00:03Z', 'u1', 'click', 1.5],
        ['2024-01-01T10:00:07Z', 'u2', 'view', 2.0],
        ['2024-01-01T10:00:12Z', 'u1', 'click', 4.25],
        ['2024-01-01T10:00:25Z', 'u3', 'buy', 10.0],
        ['2024-01-01T10:00:29Z', 'u1', 'view', null],
      ],
      'ts TIMESTAMP, user STRING, action STRING, amount DOUBLE',
    )
    .createOrReplaceTempView('events')
  spark
    .createDataFrame(
      [
        [1, 12.5, true, '2024-02-29', { x: 1, y: 'one' }, { k: 10 }],
        [2, -0.25, false, '1999-12-31', { x: 2, y: null }, {}],
        [3, null, null, null, null, null],
      ],
      'id INT, d DECIMAL(10,2), b BOOLEAN, dt DATE, s STRUCT<x: INT, y: STRING>, m MAP<STRING, INT>',
    )
    .createOrReplaceTempView('kinds')
  return spark
}

/** The result as the golden text: a header of column names, then one line per row. */
function render(df: DataFrame, rowsort: boolean): string[] {
  const batch = df.toArrow()
  const fields = df.schema.fields
  const columns = columnsOf(batch)
  const rows: string[] = []
  for (let i = 0; i < batch.numRows; i++) {
    rows.push(fields.map((f, k) => cellText(columns[k]!, f.dataType, i, { zone: 'UTC', nullText: 'NULL' })).join(' | '))
  }
  // A value with line breaks (EXPLAIN's plan) prints line by line, an empty line as `~` (a blank line ends a record).
  // Expression ids (`name#12`) depend on what ran before; they print as `#x`, as in Spark's golden files.
  const lines = (rowsort ? rows.sort() : rows).flatMap((row) =>
    row
      .replace(/#\d+/g, '#x')
      .split('\n')
      .map((l) => (l === '' ? '~' : l)),
  )
  return [fields.map((f) => f.name).join(' | '), ...lines]
}

const hasPosition = (error: unknown) =>
  error instanceof ParseException || (error instanceof AnalysisException && error.context !== undefined)

const firstLine = (message: string) => message.split('\n')[0]!

const files = readdirSync(directory).filter((f) => f.endsWith('.slt'))

for (const file of files) {
  describe(file, () => {
    const path = join(directory, file)
    const text = readFileSync(path, 'utf8')
    const records = parseSlt(text, file)
    const spark = sessionWithViews()
    const updates = new Map<SltRecord, readonly string[] | string>()
    afterAll(() => {
      if (update && updates.size > 0) writeFileSync(path, rewriteSlt(text, updates))
    })

    for (const record of records) {
      it(`line ${record.line}: ${record.sql.split('\n')[0]}`, () => {
        if (record.kind === 'statement') {
          spark.sql(record.sql)
          return
        }
        if (record.kind === 'query') {
          const rowsort = record.rowsort
          const actual = render(spark.sql(record.sql), rowsort)
          const expected = rowsort ? [record.expected[0]!, ...record.expected.slice(1).sort()] : record.expected
          if (update) updates.set(record, actual)
          else expect(actual).toEqual(expected)
          return
        }
        let caught: unknown
        try {
          spark.sql(record.sql)
        } catch (error) {
          caught = error
        }
        expect(caught, 'expected an error').toBeInstanceOf(AnalysisException)
        const message = (caught as Error).message
        if (update && !message.includes(record.fragment)) updates.set(record, firstLine(message))
        else expect(message).toContain(record.fragment)
        expect(hasPosition(caught), `no position in: ${message}`).toBe(true)
      })
    }
  })
}
