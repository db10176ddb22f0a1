// A query's schema line and rows as Spark's golden files print them, in a session on Spark's golden-test time zone.
import type { SparkSession } from '../../src/index.js'
import { resultRows, schemaLine, zone } from '../spark-sql/hive-result.js'
import { newSession } from './session.js'

/** A session as Spark's SQLQueryTestSuite runs: time zone America/Los_Angeles. */
export function goldenSession(): SparkSession {
  return newSession({ 'spark.sql.session.timeZone': zone })
}

/** `struct<name:type,...>` of the query's result. */
export function goldenSchema(spark: SparkSession, sql: string): string {
  return schemaLine(spark.sql(sql).schema)
}

/** The result rows, tab-separated cells in Spark's hive format. */
export function goldenRows(spark: SparkSession, sql: string): string[] {
  const df = spark.sql(sql)
  return resultRows(df.toArrow(), df.schema)
}
