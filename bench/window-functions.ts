// Window functions over a batch: row_number, a running sum and a sliding ROWS sum per partition, printed beside a
// hand-written loop that computes the same three columns from pre-sorted arrays (the floor: no sort, no engine).
//   npx tsx bench/window-functions.ts -- [--rows 1000000] [--partitions 1000]
import {
  col,
  IntegerType,
  LongType,
  row_number,
  SparkSession,
  StructField,
  StructType,
  sum,
  Window,
} from '../src/index.js'
import { option } from './support.js'

const rows = option('rows', 1_000_000)
const partitions = option('partitions', 1000)

const schema = StructType([StructField('k', IntegerType()), StructField('t', LongType()), StructField('v', LongType())])
const k = new Int32Array(rows)
const t = new Float64Array(rows)
const v = new Float64Array(rows)
for (let i = 0; i < rows; i++) {
  k[i] = (i * 7919) % partitions
  t[i] = i
  v[i] = (i * 31) % 100
}
const spark = SparkSession.builder.appName('window-bench').getOrCreate()
const df = spark.createDataFrame(
  Array.from({ length: rows }, (_, i) => [k[i]!, t[i]!, v[i]!]),
  schema,
)
const byK = Window.partitionBy('k').orderBy('t')

let started = performance.now()
const result = df
  .select(
    col('k'),
    row_number().over(byK).alias('rn'),
    sum('v').over(byK).alias('running'),
    sum('v').over(byK.rowsBetween(-10, 0)).alias('sliding'),
  )
  .toArrow()
const engineMs = performance.now() - started

// The floor: rows already grouped by partition in time order (what the engine's sort produces), three passes.
started = performance.now()
const order = Int32Array.from({ length: rows }, (_, i) => i).sort((a, b) => k[a]! - k[b]! || t[a]! - t[b]!)
const rn = new Int32Array(rows)
const running = new Float64Array(rows)
const sliding = new Float64Array(rows)
let start = 0
for (let i = 0; i < rows; i++) {
  if (i > 0 && k[order[i]!] !== k[order[i - 1]!]) start = i
  rn[i] = i - start + 1
  running[i] = (i > start ? running[i - 1]! : 0) + v[order[i]!]!
  sliding[i] = running[i]! - (i - 11 >= start ? running[i - 11]! : 0)
}
const loopMs = performance.now() - started

const rate = (ms: number) => `${((rows / ms) * 1000).toFixed(0).padStart(10)} rows/s`
console.log(
  `window functions over ${rows} rows in ${partitions} partitions (machine shared and loaded: compare the two lines, not runs)`,
)
console.log(
  `  rivulet (sort + 3 window columns): ${engineMs.toFixed(0).padStart(6)} ms ${rate(engineMs)}  (${result.numRows} rows)`,
)
console.log(`  hand-written loop (sort + 3 passes): ${loopMs.toFixed(0).padStart(6)} ms ${rate(loopMs)}`)
