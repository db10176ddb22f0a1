import { it } from 'vitest'
import { SparkSession } from '../src/index.js'
it('x', () => {
  const spark = SparkSession.builder.getOrCreate()
  for (const q of ["SELECT to_timestamp(1) t", "SELECT to_timestamp(1.5D) t"]) {
    try { console.log(q, JSON.stringify(spark.sql(q).collect())) } catch (e) { console.log(q, (e as Error).stack) }
  }
})
