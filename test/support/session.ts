// A fresh session per test, pinned to UTC so timestamps print the same on every machine.
import { RuntimeConfig } from '../../src/api/runtime-config.js'
import { SparkSession } from '../../src/index.js'

export function newSession(conf: Record<string, string> = {}): SparkSession {
  return new SparkSession(new RuntimeConfig(Object.entries({ 'spark.sql.session.timeZone': 'UTC', ...conf })))
}
