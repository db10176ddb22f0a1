// Spark conformance: every query of test/spark-sql/cases/*.cases runs through spark.sql and is compared with the
// schema line, rows or error class Spark's golden files record (format: case-file.ts, rendering: hive-result.ts).
//
// baseline.txt lists the queries that matched when it was last written. A query in it that no longer matches fails
// the test; a query that never matched does not. `SPARK_SQL_BASELINE=update` rewrites the baseline with the queries
// that match now (review the diff: it must only grow), and `SPARK_SQL_REPORT=<file>` writes every mismatch there.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SparkError } from '../../src/common/errors.js'
import type { SparkSession } from '../../src/index.js'
import { newSession } from '../support/session.js'
import { type CaseFile, parseCaseFile, type QueryCase } from './case-file.js'
import { resultRows, schemaLine, zone } from './hive-result.js'

const directory = join(import.meta.dirname, 'cases')
const baselinePath = join(import.meta.dirname, 'baseline.txt')
const updateBaseline = process.env.SPARK_SQL_BASELINE === 'update'
const reportPath = process.env.SPARK_SQL_REPORT

interface Outcome {
  readonly id: string
  /** Rows and schema line (or error class) as Spark's. */
  readonly strict: boolean
  /** Rows as Spark's, whatever the schema line says (for an expected error: the same as strict). */
  readonly rows: boolean
  /** Ended in an error that is not one of Rivulet's typed Spark errors (TypeError, RangeError, ...). */
  readonly untyped: boolean
  readonly detail: string
}

const baseline = new Set(
  readFileSync(baselinePath, 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#')),
)
const outcomes = new Map<string, Outcome[]>()
const files = readdirSync(directory)
  .filter((f) => f.endsWith('.cases'))
  .sort()

/** Whether the query sorts its result (then row order counts; otherwise both sides are compared sorted, as Spark's
 * suite sorts the rows of a query without a top-level ORDER BY). */
function sortsItsResult(sql: string): boolean {
  let text = sql.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`/g, "''")
  for (let previous = ''; previous !== text; ) {
    previous = text
    text = text.replace(/\([^()]*\)/g, '')
  }
  return /\border\s+by\b/i.test(text) || /\bsort\s+by\b/i.test(text)
}

function errorName(error: unknown): string {
  if (error instanceof SparkError) return error.errorClass ?? error.name
  return error instanceof Error ? error.name : typeof error
}

function run(spark: SparkSession, query: QueryCase): Outcome {
  const { id, expected } = query
  let schema: string
  let rows: string[]
  try {
    const df = spark.sql(query.sql)
    const batch = df.toArrow()
    schema = schemaLine(df.schema)
    rows = resultRows(batch, df.schema)
  } catch (error) {
    const untyped = !(error instanceof SparkError)
    const name = errorName(error)
    const strict = expected.kind === 'error' && expectedClassMatches(expected.errorClass, error)
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error)
    return { id, strict, rows: strict, untyped, detail: `threw ${name}: ${message}` }
  }
  if (expected.kind === 'error') {
    return { id, strict: false, rows: false, untyped: false, detail: `expected ${expected.errorClass}, got ${schema}` }
  }
  const ordered = sortsItsResult(query.sql)
  const actualRows = ordered ? rows : [...rows].sort()
  const expectedRows = ordered ? expected.rows : [...expected.rows].sort()
  const rowsMatch = JSON.stringify(actualRows) === JSON.stringify(expectedRows)
  const schemaMatch = schema === expected.schema
  const detail = [
    schemaMatch ? '' : `schema: ${schema}\n   want: ${expected.schema}`,
    rowsMatch ? '' : `rows: ${JSON.stringify(actualRows)}\n want: ${JSON.stringify(expectedRows)}`,
  ]
    .filter((s) => s !== '')
    .join('\n')
  return { id, strict: rowsMatch && schemaMatch, rows: rowsMatch, untyped: false, detail }
}

/** The thrown error has Spark's error class, or (where Spark gives none) its exception class's simple name. */
function expectedClassMatches(expected: string, error: unknown): boolean {
  if (!(error instanceof SparkError)) return false
  if (error.errorClass === expected) return true
  // Spark errors without an error class print as their exception class (`org.apache.spark.sql.AnalysisException`).
  if (!/^(org|java)\./.test(expected)) return false
  return error.name === expected.slice(expected.lastIndexOf('.') + 1)
}

function runFile(file: CaseFile): Outcome[] {
  const spark = newSession({ 'spark.sql.session.timeZone': zone })
  const results: Outcome[] = []
  for (const record of file.records) {
    if (record.kind === 'setup') {
      try {
        spark.sql(record.sql).toArrow()
      } catch {
        // A setup the engine cannot run leaves its views missing: the queries reading them fail and count as such.
      }
      continue
    }
    results.push(run(spark, record))
  }
  return results
}

describe('Spark golden queries', () => {
  for (const name of files) {
    it(name, () => {
      const file = parseCaseFile(name, readFileSync(join(directory, name), 'utf8'))
      const results = runFile(file)
      outcomes.set(name, results)
      const regressions = results.filter((o) => !o.strict && baseline.has(o.id))
      // A query may fail to match, but only with a Spark-style error or a different answer, never a raw JS error.
      expect(
        results.filter((o) => o.untyped).map((o) => `${o.id}\n  ${o.detail}`),
        'queries that ended in an untyped JavaScript error',
      ).toEqual([])
      if (!updateBaseline) {
        expect(
          regressions.map((o) => `${o.id}\n  ${o.detail}`),
          'queries in baseline.txt that no longer match Spark',
        ).toEqual([])
      }
    })
  }

  afterAll(() => {
    const all = [...outcomes.values()].flat()
    if (all.length === 0) return
    const strict = all.filter((o) => o.strict).length
    const rows = all.filter((o) => o.rows).length
    const untyped = all.filter((o) => o.untyped).length
    const lines = [...outcomes].map(([name, list]) => {
      const passed = list.filter((o) => o.strict).length
      return `  ${name.padEnd(40)} ${String(passed).padStart(4)}/${String(list.length).padEnd(4)} ${list.filter((o) => o.untyped).length > 0 ? `untyped errors: ${list.filter((o) => o.untyped).length}` : ''}`.trimEnd()
    })
    console.log(
      [
        `Spark conformance: ${strict}/${all.length} queries match (strict: rows and schema/error class)`,
        `  rows only: ${rows}/${all.length}; ended in an untyped JavaScript error: ${untyped}`,
        ...lines,
      ].join('\n'),
    )
    if (updateBaseline && outcomes.size === files.length) {
      const passing = all.filter((o) => o.strict).map((o) => o.id)
      writeFileSync(
        baselinePath,
        `# Queries of test/spark-sql/cases that match Spark (rewritten by SPARK_SQL_BASELINE=update).\n${passing.join('\n')}\n`,
      )
    }
    if (reportPath) {
      const failures = all
        .filter((o) => !o.strict)
        .map((o) => `${o.untyped ? '[untyped] ' : ''}${o.id}\n  ${o.detail.replace(/\n/g, '\n  ')}`)
      writeFileSync(reportPath, `${failures.join('\n')}\n`)
    }
  })
})
