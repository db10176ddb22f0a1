// The session fuzz targets run against: UTC, one shuffle partition, and the SQL golden files' views.
import { RuntimeConfig } from '../../src/api/runtime-config.js'
import { SparkSession } from '../../src/index.js'

export function fuzzSession(conf: Record<string, string> = {}): SparkSession {
  const spark = new SparkSession(
    new RuntimeConfig(
      Object.entries({ 'spark.sql.session.timeZone': 'UTC', 'spark.sql.shuffle.partitions': '1', ...conf }),
    ),
  )
  spark
    .createDataFrame(
      [
        ['Alice', 34, 'Paris', ['a', 'b']],
        ['Bob', 45, null, []],
      ],
      'name STRING, age INT, city STRING, tags ARRAY<STRING>',
    )
    .createOrReplaceTempView('people')
  spark
    .createDataFrame(
      [['2024-01-01T10:00:03Z', 'u1', 'click', 1.5]],
      'ts TIMESTAMP, user STRING, action STRING, amount DOUBLE',
    )
    .createOrReplaceTempView('events')
  spark
    .createDataFrame(
      [[1, 12.5, true, '2024-02-29', { x: 1, y: 'one' }, { k: 10 }]],
      'id INT, d DECIMAL(10,2), b BOOLEAN, dt DATE, s STRUCT<x: INT, y: STRING>, m MAP<STRING, INT>',
    )
    .createOrReplaceTempView('kinds')
  return spark
}
