// An in-memory DuckDB as a differential test's oracle, loaded with the same literal rows as a Spark view.
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll } from 'vitest'
import type { DataFrame, SparkSession } from '../../src/index.js'

/** A value both engines read alike as a SQL literal (a bigint for a BIGINT past 2^53). */
export type Literal = number | bigint | string | null

export interface DuckdbOracle {
  /**
   * Creates (or replaces) table `name` in DuckDB and temp view `name` in `spark` holding `rows`, and returns the view.
   * `schema` is Spark DDL (`'a STRING, b INT'`), whose type names DuckDB accepts as aliases of its own.
   */
  load(spark: SparkSession, name: string, schema: string, rows: readonly (readonly Literal[])[]): Promise<DataFrame>
  /** DuckDB's answer to `sql`, each row an array in column order. */
  rows(sql: string): Promise<unknown[][]>
}

/** Opens an in-memory DuckDB before the calling file's tests and closes it after them. Call at the top level. */
export function duckdbOracle(): DuckdbOracle {
  let instance: DuckDBInstance
  let connection: DuckDBConnection

  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:')
    connection = await instance.connect()
  })

  afterAll(() => {
    connection.closeSync()
    instance.closeSync()
  })

  return {
    async load(spark, name, schema, rows) {
      await connection.run(`CREATE OR REPLACE TABLE ${name} (${schema})`)
      if (rows.length > 0)
        await connection.run(
          `INSERT INTO ${name} VALUES ${rows.map((r) => `(${r.map(sqlLiteral).join(', ')})`).join(', ')}`,
        )
      const df = spark.createDataFrame(rows, schema)
      df.createOrReplaceTempView(name)
      return df
    },
    async rows(sql) {
      return (await connection.runAndReadAll(sql)).getRows() as unknown[][]
    },
  }
}

/** A value in one form for both engines: a bigint as a number, undefined as null. */
export const plainValue = (v: unknown): unknown => (typeof v === 'bigint' ? Number(v) : (v ?? null))

/** Rows as sorted JSON texts, each value normalized first: equal lists mean equal multisets of rows. */
export const sortedTexts = (rows: readonly (readonly unknown[])[], normalize: (v: unknown) => unknown = plainValue) =>
  rows.map((r) => JSON.stringify(r.map(normalize))).sort()

function sqlLiteral(x: Literal): string {
  if (x === null) return 'NULL'
  if (typeof x === 'number' && !Number.isFinite(x)) return `'${x}'::DOUBLE`
  return typeof x === 'string' ? `'${x.replaceAll("'", "''")}'` : String(x)
}
