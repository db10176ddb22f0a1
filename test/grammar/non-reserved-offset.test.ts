// OFFSET is a non-reserved keyword in Spark: it names a column (the Kafka source's `offset`) yet still opens the
// OFFSET clause after a query.
import { describe, expect, it } from 'vitest'
import { SparkSession } from '../../src/index.js'
import { bodyOf, col, int, item, query, select, sql, table } from '../support/grammar-trees.js'

describe('OFFSET as an identifier', () => {
  it('names a column in a select list, in expressions and in CAST', () => {
    expect(bodyOf('SELECT offset, offset + 1 AS next, CAST(offset AS STRING) FROM t')).toEqual(
      select({
        items: [
          item(col('offset')),
          item({ kind: 'BinaryOp', op: '+', left: col('offset'), right: int('1') }, 'next'),
          item({
            kind: 'Cast',
            value: col('offset'),
            dataType: { kind: 'PrimitiveType', name: 'string', params: [] },
            try: false,
          }),
        ],
        from: [table('t')],
      }),
    )
  })

  it('is an alias after AS', () => {
    expect(bodyOf('SELECT a AS offset FROM t')).toEqual(
      select({ items: [item(col('a'), 'offset')], from: [table('t')] }),
    )
  })

  it('still opens the OFFSET clause after a table, a select item or LIMIT', () => {
    expect(sql('SELECT a FROM t OFFSET 5')).toEqual(
      query(select({ items: [item(col('a'))], from: [table('t')] }), { offset: int('5') }),
    )
    expect(sql('SELECT a OFFSET 2')).toEqual(query(select({ items: [item(col('a'))] }), { offset: int('2') }))
    expect(sql('SELECT offset FROM t LIMIT 1 OFFSET offset')).toEqual(
      query(select({ items: [item(col('offset'))], from: [table('t')] }), { limit: int('1'), offset: col('offset') }),
    )
  })

  it('lets selectExpr and filter read every Kafka column by name', () => {
    const spark = new SparkSession()
    const df = spark.createDataFrame(
      [{ key: 'k', value: 'v', topic: 't', partition: 2, offset: 41, timestamp: 7, timestampType: 0 }],
      'key string, value string, topic string, partition int, offset long, timestamp long, timestampType int',
    )
    expect(
      df
        .selectExpr('key', 'value', 'topic', 'partition', 'offset', 'offset + 1 AS next', 'timestamp', 'timestampType')
        .where('offset > 40')
        .collect(),
    ).toEqual([
      { key: 'k', value: 'v', topic: 't', partition: 2, offset: 41, next: 42, timestamp: 7, timestampType: 0 },
    ])
  })
})
