import { it } from 'vitest'
import { SparkSession } from '../src/index.js'
it('x', () => {
  const spark = SparkSession.builder.getOrCreate()
  for (const q of ["select to_timestamp_ntz('2011-05-06 07:08:09.1234567') as ntz, to_timestamp_ltz('2011-05-06 07:08:09') l, to_timestamp_ntz(date'2020-01-02') d", "select to_timestamp_ntz('12/15 2012', 'MM/dd yyyy') p"]) {
    try { console.log(q, JSON.stringify(spark.sql(q).collect())) } catch (e) { console.log(q, (e as Error).stack) }
  }
})
