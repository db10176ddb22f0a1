// Partition transforms outside a table writer's partitionedBy: they resolve to INT and fail when evaluated, with
// Spark's PARTITION_TRANSFORM_EXPRESSION_NOT_IN_PARTITIONED_BY; SQL has no functions of these names.
import { describe, expect, it } from 'vitest'
import { bucket, col, days, hours, lit, months, years } from '../../../src/index.js'
import { typeOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const df = spark.createDataFrame([{ ts: new Date('2024-01-02T03:04:05Z'), id: 1 }], 'ts TIMESTAMP, id INT')

const failure = (run: () => unknown): { errorClass?: string; message: string } => {
  try {
    run()
  } catch (e) {
    return e as { errorClass?: string; message: string }
  }
  throw new Error('expected a failure')
}

describe('partition transforms', () => {
  it('fail when evaluated, naming the expression as Spark does', () => {
    for (const transform of [years('ts'), months('ts'), days('ts'), hours(col('ts'))]) {
      expect(failure(() => df.select(transform).collect()).errorClass).toBe(
        'PARTITION_TRANSFORM_EXPRESSION_NOT_IN_PARTITIONED_BY',
      )
    }
    expect(failure(() => df.select(years('ts')).collect()).message).toContain(
      `The expression "years(ts)" must be inside 'partitionedBy'.`,
    )
    expect(failure(() => df.select(bucket(4, 'id')).collect()).message).toContain('"bucket(4, id)"')
    expect(failure(() => df.select(bucket(lit(4), 'id')).collect()).errorClass).toBe(
      'PARTITION_TRANSFORM_EXPRESSION_NOT_IN_PARTITIONED_BY',
    )
  })

  it('are INT expressions', () => {
    expect(typeOf(df, years('ts'))).toBe('int')
    expect(typeOf(df, bucket(4, 'id'))).toBe('int')
  })

  it('are not SQL functions', () => {
    expect(failure(() => spark.sql('SELECT years(current_timestamp())')).errorClass).toBe('UNRESOLVED_ROUTINE')
  })

  it('bucket takes a Column or a number of buckets', () => {
    expect(() => bucket('4' as unknown as number, 'id')).toThrow('NOT_COLUMN_OR_INT')
  })
})
