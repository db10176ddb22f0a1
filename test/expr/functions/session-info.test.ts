// Session information, assertions, array_agg and the sort helpers.
import { describe, expect, it } from 'vitest'
import {
  array_agg,
  asc_nulls_last,
  assert_true,
  broadcast,
  col,
  current_catalog,
  current_database,
  desc_nulls_first,
  lit,
  raise_error,
  SparkRuntimeException,
} from '../../../src/index.js'
import { valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const df = spark.createDataFrame([{ x: 2 }, { x: null }, { x: 1 }], 'x INT')

describe('session information and assertions', () => {
  it('current_database and current_catalog are Spark’s defaults', () => {
    expect(valuesOf(df.limit(1), current_database())).toEqual(['default'])
    expect(valuesOf(df.limit(1), current_catalog())).toEqual(['spark_catalog'])
  })

  it('assert_true is NULL when the condition holds and fails otherwise; raise_error always fails', () => {
    expect(valuesOf(df.limit(1), assert_true(col('x').gt(0)))).toEqual([null])
    expect(() => df.select(assert_true(col('x').gt(1), lit('too small'))).collect()).toThrow(/too small/)
    expect(() => df.select(raise_error(lit('custom error'))).collect()).toThrow(SparkRuntimeException)
  })

  it('array_agg collects like collect_list; the NULLs-ordering helpers sort; broadcast marks the DataFrame with the join hint', () => {
    expect(df.agg(array_agg('x')).collect()[0]).toEqual({ 'array_agg(x)': [2, 1] })
    expect(
      df
        .orderBy(asc_nulls_last('x'))
        .collect()
        .map((r) => r.x),
    ).toEqual([1, 2, null])
    expect(
      df
        .orderBy(desc_nulls_first('x'))
        .collect()
        .map((r) => r.x),
    ).toEqual([null, 2, 1])
    expect(broadcast(df).collect()).toEqual(df.collect())
    expect(broadcast(df).explainString('extended')).toContain('ResolvedHint')
  })
})
