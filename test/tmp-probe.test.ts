import { it } from 'vitest'
import { SparkSession } from '../src/index.js'
it('x', () => {
  const spark = SparkSession.builder.getOrCreate()
  for (const q of ["select map_keys(null)", "select map_values(cast(null as map<void,void>))", "select sort_array(array(3,1), cast(null as boolean))"]) {
    try { console.log(q, JSON.stringify(spark.sql(q).collect())) } catch (e) { console.log(q, (e as Error).stack) }
  }
})
