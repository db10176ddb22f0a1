// User code beside the built-in equivalent, measured in the same run on the same data:
//   1. `a * 2 + b` over Arrow batches of doubles: built-in expression, arrow_udf (a typed-array loop over Vectors),
//      row udf (a JS function per row) — a projection per micro-batch of one streaming query each
//   2. a running count per key: built-in groupBy().count() against transformWithState with a ValueState, update mode
//      (the processor counting its rows with `rows.size`, as Spark's RunningCount does, and by iterating them)
// Every query runs at local[1]: the built-ins would otherwise move to worker threads, which user code never does.
// The machine may be loaded: compare the ratios, not the absolute figures.
//   npm run bench:udf -- [--rows 2000000] [--batch 100000] [--keys 10000] [--rounds 5]
import type { Vector } from 'apache-arrow'
import { makeBatch, numericColumn, type RecordBatch } from '../src/arrow/index.js'
import {
  arrow_udf,
  col,
  type DataFrame,
  DoubleType,
  type InputRows,
  MemoryStream,
  type Row,
  SparkSession,
  StatefulProcessor,
  type StatefulProcessorHandle,
  StructField,
  StructType,
  udf,
  type ValueState,
} from '../src/index.js'
import { KEYED_EVENTS, keyedEvents, option } from './support.js'

const totalRows = option('rows', 2_000_000)
const batchRows = option('batch', 100_000)
const keys = option('keys', 10_000)

const NUMBERS = StructType([StructField('a', DoubleType()), StructField('b', DoubleType())])

function numberBatches(): RecordBatch[] {
  const batches: RecordBatch[] = []
  for (let start = 0; start < totalRows; start += batchRows) {
    const n = Math.min(batchRows, totalRows - start)
    const a = new Float64Array(n)
    const b = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      a[i] = (start + i) % 1000
      b[i] = (start + i) % 7
    }
    batches.push(makeBatch(NUMBERS, [numericColumn(DoubleType(), a, null), numericColumn(DoubleType(), b, null)], n))
  }
  return batches
}

const twiceAPlusB = arrow_udf((a: Vector, b: Vector) => {
  const xs = a.toArray() as Float64Array
  const ys = b.toArray() as Float64Array
  const out = new Float64Array(xs.length)
  for (let i = 0; i < xs.length; i++) out[i] = xs[i]! * 2 + ys[i]!
  return out
}, 'double')
const twiceAPlusBRow = udf((a: number, b: number) => a * 2 + b, 'double')

/** Milliseconds for a streaming query over `batches` (one micro-batch each) to process them all. */
async function timeQuery(
  schema: StructType,
  batches: readonly RecordBatch[],
  build: (input: DataFrame) => DataFrame,
  outputMode = 'append',
): Promise<number> {
  const spark = new SparkSession()
  spark.conf.set('spark.master', 'local[1]')
  const input = new MemoryStream(spark, schema)
  let rows = 0
  const query = build(input.toDF())
    .writeStream.outputMode(outputMode)
    .foreachBatch((df) => {
      rows += df.toArrow().numRows
    })
    .start()
  await query.processAllAvailable()
  const started = performance.now()
  for (const batch of batches) {
    input.addData(batch)
    await query.processAllAvailable()
  }
  const elapsed = performance.now() - started
  await query.stop()
  if (rows === 0) throw new Error('no rows')
  return elapsed
}

/** Spark's RunningCountStatefulProcessor: `rows.size` counts a key's rows without building them. */
class RunningCount extends StatefulProcessor<[number]> {
  private count!: ValueState<number>
  init(handle: StatefulProcessorHandle): void {
    this.count = handle.getValueState<number>('count', 'bigint')
  }
  *handleInputRows([key]: [number], rows: InputRows<Row>): Generator<Row> {
    const count = (this.count.get() ?? 0) + rows.size
    this.count.update(count)
    yield { key, count }
  }
}

/** The same, iterating the rows (a row object each). */
class IteratingCount extends StatefulProcessor<[number]> {
  private count!: ValueState<number>
  init(handle: StatefulProcessorHandle): void {
    this.count = handle.getValueState<number>('count', 'bigint')
  }
  *handleInputRows([key]: [number], rows: InputRows<Row>): Generator<Row> {
    let count = this.count.get() ?? 0
    for (const _ of rows) count++
    this.count.update(count)
    yield { key, count }
  }
}

const ROUNDS = option('rounds', 5)

/**
 * The fastest of ROUNDS runs of each measurement. Rounds interleave the measurements (a, b, c, a, b, c, ...), so a
 * change in the machine's load during the run touches every one alike rather than skewing a ratio.
 */
async function fastest(measures: readonly (() => Promise<number>)[]): Promise<number[]> {
  const best = measures.map(() => Number.POSITIVE_INFINITY)
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, measure] of measures.entries()) best[i] = Math.min(best[i]!, await measure())
  }
  return best
}

const rate = (ms: number) =>
  `${(((totalRows / ms) * 1000) / 1e6).toFixed(2).padStart(6)} M rows/s (${ms.toFixed(0)} ms)`

const numbers = numberBatches()
const events = keyedEvents({ events: totalRows, keys, batchRows })
const expressions = {
  builtIn: (df: DataFrame) => df.select(col('a').multiply(2).plus(col('b')).alias('r')),
  arrow: (df: DataFrame) => df.select(twiceAPlusB('a', 'b').alias('r')),
  row: (df: DataFrame) => df.select(twiceAPlusBRow('a', 'b').alias('r')),
}
const TWS_OPTIONS = { outputSchema: 'key BIGINT, count BIGINT', outputMode: 'update', timeMode: 'None' }
const counts = {
  builtIn: (df: DataFrame) => df.groupBy('key').count(),
  tws: (df: DataFrame) => df.groupBy('key').transformWithState(new RunningCount(), TWS_OPTIONS),
  iterating: (df: DataFrame) => df.groupBy('key').transformWithState(new IteratingCount(), TWS_OPTIONS),
}
// Warm-up: every path once over a few batches.
for (const build of Object.values(expressions)) await timeQuery(NUMBERS, numbers.slice(0, 3), build)
for (const build of Object.values(counts)) await timeQuery(KEYED_EVENTS, events.slice(0, 3), build, 'update')

const [builtInMs, arrowMs, rowMs] = (await fastest([
  () => timeQuery(NUMBERS, numbers, expressions.builtIn),
  () => timeQuery(NUMBERS, numbers, expressions.arrow),
  () => timeQuery(NUMBERS, numbers, expressions.row),
])) as [number, number, number]
const [countMs, twsMs, iteratingMs] = (await fastest([
  () => timeQuery(KEYED_EVENTS, events, counts.builtIn, 'update'),
  () => timeQuery(KEYED_EVENTS, events, counts.tws, 'update'),
  () => timeQuery(KEYED_EVENTS, events, counts.iterating, 'update'),
])) as [number, number, number]

const ratio = (ms: number, base: number, target: number) =>
  `${(ms / base).toFixed(2)}× the built-in (target ≤ ${target}×)`
console.log(
  `${totalRows.toLocaleString('en-US')} rows in micro-batches of ${batchRows.toLocaleString('en-US')}, Node ${process.version}, local[1]; best of ${ROUNDS}, interleaved`,
)
console.log('a * 2 + b over doubles, select per micro-batch:')
console.log(`  built-in expression                 ${rate(builtInMs)}`)
console.log(`  arrow_udf (typed-array loop)        ${rate(arrowMs)}  ${ratio(arrowMs, builtInMs, 1.5)}`)
console.log(`  udf (a JS call per row)             ${rate(rowMs)}  ${ratio(rowMs, builtInMs, 5)}`)
console.log(`running count per key (${keys.toLocaleString('en-US')} keys), update mode:`)
console.log(`  groupBy('key').count()              ${rate(countMs)}`)
console.log(`  transformWithState, rows.size       ${rate(twsMs)}  ${ratio(twsMs, countMs, 3)}`)
console.log(`  transformWithState, iterating rows  ${rate(iteratingMs)}  ${ratio(iteratingMs, countMs, 3)}`)
