// uniform, randstr, xxhash64, row ids, task and file information, version and call_udf, against Spark's function
// documentation and the reference XXH64 test vectors.
import { describe, expect, it } from 'vitest'
import { xxh64 } from '../../../src/expr/functions/xxhash64.js'
import {
  call_udf,
  col,
  input_file_block_length,
  input_file_block_start,
  input_file_name,
  lit,
  monotonically_increasing_id,
  randstr,
  spark_partition_id,
  uniform,
  version,
  xxhash64,
} from '../../../src/index.js'
import { errorClassOf } from '../../support/error-class.js'
import { nameOf, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const sql = (text: string) => spark.sql(text).collect()[0]!

describe('uniform and randstr', () => {
  it('uniform(5, 105, 3) over ten rows of one partition (PySpark docs)', () => {
    const df = spark.range(0, 10, 1, 1)
    expect(valuesOf(df, uniform(5, 105, 3))).toEqual([30, 71, 99, 77, 16, 25, 89, 80, 51, 83])
    expect(nameOf(df, uniform(5, 105, 3))).toBe('uniform(5, 105, 3)')
    expect(typeOf(df, uniform(5, 105, 3))).toBe('int')
  })

  it('is a floating-point number when a bound is, and needs constant numbers', () => {
    expect(typeOf(spark.range(1), uniform(5.5, 10, 1))).toBe('double')
    expect(sql('SELECT uniform(10, 20, 0) > 0 AS result')).toEqual({ result: true })
    expect(errorClassOf(() => spark.sql("SELECT uniform(10, 'x', 0)"))).toBe('DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE')
    expect(errorClassOf(() => spark.range(1).select(uniform(col('id'), 10, 0)))).toBe(
      'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT',
    )
  })

  it('randstr(3, 0) is 8i7 (Spark docs) and never NULL', () => {
    expect(sql('SELECT randstr(3, 0) AS result')).toEqual({ result: '8i7' })
    const values = valuesOf(spark.range(5), randstr(lit(8)))
    for (const value of values) expect(value).toMatch(/^[0-9a-jA-J]{8}$/)
    expect(errorClassOf(() => spark.sql('SELECT randstr(1.5, 0)'))).toBe('DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE')
    expect(errorClassOf(() => spark.sql('SELECT randstr(-1, 0)'))).toBe('DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE')
  })
})

describe('xxhash64', () => {
  it('matches Spark’s documented values (seed 42)', () => {
    expect(sql("SELECT xxhash64('Spark', array(123), 2) h").h).toBe(5602566077635097486n)
    const df = spark.createDataFrame([{ c1: 'ABC', c2: 'DEF' }], 'c1 STRING, c2 STRING')
    expect(valuesOf(df, xxhash64('c1'))).toEqual([4105715581806190027n])
    expect(valuesOf(df, xxhash64('c1', 'c2'))).toEqual([3233247871021311208n])
    expect(typeOf(df, xxhash64('c1'))).toBe('bigint')
    expect(nameOf(df, xxhash64('c1', 'c2'))).toBe('xxhash64(c1, c2)')
  })

  it('hashes bytes as the reference XXH64 does (its published test vectors, seed 0)', () => {
    const text = (s: string) => new TextEncoder().encode(s)
    expect(BigInt.asUintN(64, xxh64(new Uint8Array(0)))).toBe(0xef46db3751d8e999n)
    expect(BigInt.asUintN(64, xxh64(text('abc')))).toBe(0x44bc2cf5ad770999n)
    // 39 bytes: one 32-byte stripe, then a 4-byte word and three single bytes.
    expect(BigInt.asUintN(64, xxh64(text('Nobody inspects the spammish repetition')))).toBe(0xfbcea83c8a378bf1n)
  })

  it('skips NULLs (the running hash is unchanged) and refuses maps', () => {
    expect(sql("SELECT xxhash64('ABC', NULL) = xxhash64('ABC') same").same).toBe(true)
    expect(errorClassOf(() => spark.sql('SELECT xxhash64(map(1, 2))'))).toBe('DATATYPE_MISMATCH.HASH_MAP_TYPE')
  })
})

describe('row ids, partitions, input files and version', () => {
  it('monotonically_increasing_id counts the rows of the partition from 0 (partition 0)', () => {
    const df = spark.range(0, 4, 1, 1)
    expect(valuesOf(df, monotonically_increasing_id())).toEqual([0, 1, 2, 3])
    expect(typeOf(df, monotonically_increasing_id())).toBe('bigint')
    expect(valuesOf(df, spark_partition_id())).toEqual([0, 0, 0, 0])
    expect(nameOf(df, spark_partition_id())).toBe('SPARK_PARTITION_ID()')
  })

  it('input_file_* are empty and -1 outside a file scan, as in Spark', () => {
    const df = spark.range(1)
    expect(valuesOf(df, input_file_name())).toEqual([''])
    expect(valuesOf(df, input_file_block_start())).toEqual([-1])
    expect(valuesOf(df, input_file_block_length())).toEqual([-1])
  })

  it('version() is the Spark release and a revision', () => {
    expect(valuesOf(spark.range(1), version())[0]).toMatch(/^4\.0\.0 \S+$/)
  })
})

describe('call_udf', () => {
  it('calls a UDF registered by name, and fails for an unknown one', () => {
    spark.udf.register('plusOne', (n: number) => n + 1, 'int')
    const df = spark.createDataFrame([{ id: 1 }, { id: 2 }], 'id INT')
    expect(valuesOf(df, call_udf('plusOne', 'id'))).toEqual([2, 3])
    expect(errorClassOf(() => df.select(call_udf('noSuchUdf', 'id')))).toBe('UNRESOLVED_ROUTINE')
  })
})
